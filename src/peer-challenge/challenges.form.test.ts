import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventForm, eventOf, listQuery, problemField, statusWords } from './challenges.form.ts';
import { programmeYearOf } from './dates.ts';
import { challengeEvent } from './lifecycle.ts';

describe('the challenge manager’s forms', () => {
  it('reads an empty filter as any, and refuses a wrong one', () => {
    const any = listQuery.parse({ year: '', state: '', type: '', overdue: '', page: '' });
    assert.ok(Object.values(any).every((v) => v === undefined));
    assert.deepEqual(listQuery.parse({ year: '2012-13', overdue: 'yes', page: '2' }), {
      year: '2012-13',
      overdue: 'yes',
      page: 2,
    });
    assert.equal(listQuery.safeParse({ state: 'lost' }).success, false);
    assert.equal(listQuery.safeParse({ page: '0' }).success, false);
  });

  it('gives each event only the fields it takes', () => {
    const form = (fields: Record<string, string>) => eventOf(eventForm.parse(fields));
    assert.deepEqual(form({ kind: 'start-scoping', on: '2027-01-04', reason: 'ignored' }), {
      kind: 'start-scoping',
      on: '2027-01-04',
    });
    const booked = form({ kind: 'book-window', on: '2027-01-04', windowFrom: '2027-03-01' });
    assert.deepEqual(booked, {
      kind: 'book-window',
      on: '2027-01-04',
      window: { from: '2027-03-01', to: '' },
    });
    assert.equal(challengeEvent.safeParse(booked).success, false);
    assert.deepEqual(form({ kind: 'cancel', on: '2027-01-04', reason: 'No longer wanted' }), {
      kind: 'cancel',
      on: '2027-01-04',
      reason: 'No longer wanted',
    });
  });

  it('names the field of each problem as the page’s form does', () => {
    const at = (field: string, prefix: Parameters<typeof problemField>[1]) =>
      problemField({ field, text: '' }, prefix);
    assert.equal(at('window.from', ''), 'windowFrom');
    assert.equal(at('window.to', 'book-window'), 'book-window-windowTo');
    assert.equal(at('on', 'give-feedback'), 'give-feedback-on');
    assert.equal(at('reason', 'postpone'), 'postpone-reason');
    // No window booked: the problem links to the form that books one.
    assert.equal(at('window', 'assemble-team'), 'book-window-windowFrom');
    assert.equal(at('event', 'close'), '');
  });

  it('says where a deadline stands in words, with its colour', () => {
    assert.deepEqual(statusWords({ state: 'overdue', daysOverdue: 1 }, '2027-01-01'), {
      text: 'Overdue by 1 day',
      tag: 'govuk-tag--red',
    });
    assert.equal(
      statusWords({ state: 'overdue', daysOverdue: 12 }, '2027-01-01').text,
      'Overdue by 12 days',
    );
    assert.equal(
      statusWords({ state: 'met', on: '2027-04-02', late: true }, '2027-01-01').text,
      'Met on 2 April 2027 (late)',
    );
    assert.equal(
      statusWords({ state: 'upcoming' }, '2027-11-01').text,
      'Upcoming, from 1 November 2027',
    );
    assert.equal(statusWords({ state: 'due' }, '2027-01-01').text, 'Due');
  });

  it('puts a day in its April-to-March programme year', () => {
    assert.equal(programmeYearOf('2027-03-31'), '2026-27');
    assert.equal(programmeYearOf('2027-04-01'), '2027-28');
    assert.equal(programmeYearOf('2099-12-31'), '2099-00');
  });
});
