import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../comparison/seeded-random.ts';
import { addDays, addMonths, daysBetween, daysInMonth, isIsoDate } from './dates.ts';

describe('ISO dates', () => {
  it('are real calendar days, leap years counted', () => {
    for (const good of ['2028-02-29', '2000-02-29', '2027-12-31', '2011-04-01'])
      assert.equal(isIsoDate(good), true, good);
    for (const bad of [
      '2027-02-29',
      '1900-02-29',
      '2027-04-31',
      '2027-13-01',
      '2027-1-01',
      '27-01-01',
      '0999-01-01',
      20270101,
    ])
      assert.equal(isIsoDate(bad), false, String(bad));
  });

  it('add months on the same day, clamped to the month’s last day', () => {
    const cases = [
      ['2027-01-31', 3, '2027-04-30'],
      ['2027-11-30', 3, '2028-02-29'],
      ['2026-11-30', 3, '2027-02-28'],
      ['2028-02-29', 12, '2029-02-28'],
      ['2028-02-29', 48, '2032-02-29'],
      ['2027-12-15', 3, '2028-03-15'],
      ['2027-03-31', 10, '2028-01-31'],
      ['2027-03-31', 12, '2028-03-31'],
      ['2027-04-30', -3, '2027-01-30'],
      ['2027-05-31', -3, '2027-02-28'],
    ] as const;
    for (const [from, months, to] of cases)
      assert.equal(addMonths(from, months), to, `${from} + ${months}`);
  });

  it('add days across month, year and leap day', () => {
    assert.equal(addDays('2028-02-28', 1), '2028-02-29');
    assert.equal(addDays('2027-02-28', 1), '2027-03-01');
    assert.equal(addDays('2027-12-31', 1), '2028-01-01');
    assert.equal(addDays('2027-03-01', -1), '2027-02-28');
    assert.equal(daysBetween('2028-01-01', '2029-01-01'), 366);
    assert.equal(daysBetween('2027-03-28', '2027-03-27'), -1);
    assert.equal(daysInMonth(2100, 2), 28);
  });

  it('refuse to count from what is not a date', () => {
    assert.throws(() => addMonths('2027-02-30', 1), RangeError);
  });

  it('agree with themselves on 2,000 random dates (seed 7)', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const date = addDays('2011-01-01', Math.floor(random() * 8000));
      const days = Math.floor(random() * 800) - 400;
      const months = Math.floor(random() * 30) - 10;
      assert.equal(daysBetween(date, addDays(date, days)), days, `${date} + ${days} days`);
      const moved = addMonths(date, months);
      assert.ok(isIsoDate(moved), moved);
      const monthIndex = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
      assert.equal(monthIndex(moved) - monthIndex(date), months, `${date} + ${months} months`);
      const day = Number(date.slice(8));
      const movedDay = Number(moved.slice(8));
      assert.ok(movedDay === day || (movedDay < day && addDays(moved, 1).endsWith('-01')), moved);
    }
  });
});
