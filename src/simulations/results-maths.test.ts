import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  durationBand,
  meanOf,
  medianOf,
  shareOf,
  suppressSmallGroups,
  ukDayOf,
} from './results-maths.ts';

describe('the results’ figures from counts', () => {
  it('takes the median of counted values as of the list they stand for', () => {
    assert.deepEqual(medianOf([]), { kind: 'no-responses' });
    assert.deepEqual(medianOf([{ value: 5, responses: 0 }]), { kind: 'no-responses' });
    // -10, -10, 0: the middle one.
    const odd = medianOf([
      { value: 0, responses: 1 },
      { value: -10, responses: 2 },
    ]);
    assert.deepEqual(odd, { kind: 'value', value: -10 });
    // -10, 0, 0, 10 then 20 twice: the mean of the middle two, 0 and 10.
    const even = medianOf([
      { value: -10, responses: 1 },
      { value: 0, responses: 2 },
      { value: 10, responses: 1 },
      { value: 20, responses: 2 },
    ]);
    assert.deepEqual(even, { kind: 'value', value: 5 });
  });

  it('agrees with the median of the expanded list for any counts', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const counts = Array.from({ length: 1 + (next() % 6) }, (_, i) => ({
        value: i * 5 - 10,
        responses: next() % 5,
      }));
      const list = counts.flatMap((c) => Array<number>(c.responses).fill(c.value));
      list.sort((a, b) => a - b);
      const expected =
        list.length === 0
          ? { kind: 'no-responses' }
          : {
              kind: 'value',
              value: (list[Math.floor((list.length - 1) / 2)]! + list[list.length >> 1]!) / 2,
            };
      assert.deepEqual(medianOf(counts), expected);
    }
  });

  it('has no mean or share of nothing', () => {
    assert.deepEqual(meanOf(-30, 4), { kind: 'value', value: -7.5 });
    assert.deepEqual(meanOf(0, 0), { kind: 'no-responses' });
    assert.deepEqual(shareOf(1, 4), { kind: 'value', value: 0.25 });
    assert.deepEqual(shareOf(0, 0), { kind: 'no-responses' });
  });
});

describe('small groups suppressed', () => {
  const groups = (counts: Record<string, number>) =>
    Object.entries(counts).map(([key, responses]) => ({ key, responses, figures: responses }));

  it('hides a group of fewer than 10, and the next smallest so the total gives nothing away', () => {
    const shown = suppressSmallGroups(groups({ a: 40, b: 3, c: 12, none: 25 }));
    assert.deepEqual(shown, [
      { key: 'a', responses: 40, figures: 40, suppressed: false },
      { key: 'b', suppressed: 'small' },
      { key: 'c', suppressed: 'secondary' },
      { key: 'none', responses: 25, figures: 25, suppressed: false },
    ]);
  });

  it('needs no second group when the small ones hold 10 between them', () => {
    const shown = suppressSmallGroups(groups({ a: 40, b: 6, c: 5 }));
    assert.deepEqual(
      shown.map((g) => g.suppressed),
      [false, 'small', 'small'],
    );
  });

  it('shows every group of 10 or more, and an empty one as empty', () => {
    const shown = suppressSmallGroups(groups({ a: 10, b: 0, c: 11 }));
    assert.ok(shown.every((g) => g.suppressed === false));
  });

  it('never lets the total less the groups shown reveal fewer than 10 responses', () => {
    let seed = 11;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    for (let round = 0; round < 500; round++) {
      const counts = Array.from({ length: 1 + (next() % 7) }, () => next() % 30);
      const total = counts.reduce((a, b) => a + b, 0);
      const shown = suppressSmallGroups(
        counts.map((c, i) => ({ key: `g${i}`, responses: c, figures: c })),
      );
      const visible = shown.reduce((sum, g) => sum + (g.suppressed === false ? g.responses : 0), 0);
      const recovered = total - visible;
      assert.ok(
        recovered === 0 ||
          recovered >= 10 ||
          shown.every((g) => g.suppressed !== false || g.responses === 0),
        `${counts.join(',')}: the groups hidden hold ${recovered}`,
      );
      for (const g of shown)
        if (g.suppressed === false)
          assert.ok(g.responses === 0 || g.responses >= 10, counts.join(','));
    }
  });
});

describe('days and times taken', () => {
  it('counts a response on the UK day, summer and winter', () => {
    assert.equal(ukDayOf(new Date('2026-07-01T23:30:00Z')), '2026-07-02');
    assert.equal(ukDayOf(new Date('2026-01-01T23:30:00Z')), '2026-01-01');
  });

  it('bands the time taken more coarsely the longer it was', () => {
    assert.deepEqual(
      [0, 59_999, 61_000, 599_000, 600_000, 3_599_000, 3_600_000, 9e9, -5].map(durationBand),
      [0, 59, 60, 595, 600, 3570, 3600, 3600, 0],
    );
  });
});
