import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Polarity, ValueStatus } from '../db/vocabulary.ts';
import { seededRandom } from './seeded-random.ts';
import {
  compareGroup,
  compareWithBenchmark,
  groupStatistics,
  quantileType7,
  type AreaValue,
  type GroupComparison,
  type Measured,
  type Standing,
} from './statistics.ts';

function area(code: string, value: number | null, status: ValueStatus = 'ok'): AreaValue {
  return { area: code, value, lci: null, uci: null, status };
}

function measured(value: number | null, lci: number | null, uci: number | null): Measured {
  return { value, lci, uci, status: 'ok' };
}

type Ranked = Extract<Standing, { comparable: true }>;

function ranked(comparison: GroupComparison): Ranked[] {
  return comparison.standings.filter((s): s is Ranked => s.comparable);
}

function standing(comparison: GroupComparison, code: string): Standing {
  const found = comparison.standings.find((s) => s.area === code);
  assert.ok(found, `no standing for ${code}`);
  return found;
}

describe('quantileType7', () => {
  it('interpolates between order statistics as R type 7 does', () => {
    // [1,2,3,4]: h = 3p. Q1: h = 0.75 → 1 + 0.75 × (2 - 1) = 1.75; median: h = 1.5 → 2.5;
    // Q3: h = 2.25 → 3 + 0.25 × (4 - 3) = 3.25.
    assert.deepEqual(
      [0.25, 0.5, 0.75].map((p) => quantileType7([1, 2, 3, 4], p)),
      [1.75, 2.5, 3.25],
    );
    // [1..5]: h = 4p lands on order statistics: 2, 3, 4.
    assert.deepEqual(
      [0.25, 0.5, 0.75].map((p) => quantileType7([1, 2, 3, 4, 5], p)),
      [2, 3, 4],
    );
    // [10..60 by 10]: h = 5p. Q1: h = 1.25 → 20 + 0.25 × 10 = 22.5; median h = 2.5 → 35;
    // Q3: h = 3.75 → 40 + 0.75 × 10 = 47.5.
    assert.deepEqual(
      [0.25, 0.5, 0.75].map((p) => quantileType7([10, 20, 30, 40, 50, 60], p)),
      [22.5, 35, 47.5],
    );
    assert.equal(quantileType7([7], 0.25), 7);
    assert.equal(quantileType7([1, 2], 0), 1);
    assert.equal(quantileType7([1, 2], 1), 2);
  });

  it('refuses an empty list or a probability outside 0..1', () => {
    assert.throws(() => quantileType7([], 0.5), RangeError);
    assert.throws(() => quantileType7([1], 1.5), RangeError);
    assert.throws(() => quantileType7([1], Number.NaN), RangeError);
  });
});

describe('groupStatistics', () => {
  it('summarises an even group in any order', () => {
    // Sorted [1,1,2,3,4,5,6,9]: h = 7p. Q1: h = 1.75 → 1 + 0.75 × 1 = 1.75;
    // median: h = 3.5 → 3.5; Q3: h = 5.25 → 5 + 0.25 × 1 = 5.25; mean 31 / 8.
    assert.deepEqual(groupStatistics([3, 1, 4, 1, 5, 9, 2, 6]), {
      n: 8,
      min: 1,
      max: 9,
      mean: 3.875,
      median: 3.5,
      lowerQuartile: 1.75,
      upperQuartile: 5.25,
    });
  });

  it('summarises an odd group, whose median is its middle value', () => {
    assert.deepEqual(groupStatistics([5, 1, 4, 2, 3]), {
      n: 5,
      min: 1,
      max: 5,
      mean: 3,
      median: 3,
      lowerQuartile: 2,
      upperQuartile: 4,
    });
  });

  it('leaves out non-finite numbers and is null when nothing is left', () => {
    assert.equal(groupStatistics([]), null);
    assert.equal(groupStatistics([Number.NaN, Number.POSITIVE_INFINITY]), null);
    assert.equal(groupStatistics([Number.NaN, 2, 4])?.n, 2);
    assert.equal(groupStatistics([Number.NaN, 2, 4])?.mean, 3);
  });
});

describe('compareGroup', () => {
  const tied = [area('E1', 8), area('E2', 10), area('E3', 5), area('E4', 8)];

  it('ranks higher-is-better with shared ranks for ties (1, 2, 2, 4)', () => {
    const result = compareGroup(tied, 'higher-is-better');
    assert.equal(result.rankedBy, 'higher-is-better');
    // Sorted [5,8,8,10]: Q1 = 5 + 0.75 × 3 = 7.25, median 8, Q3 = 8 + 0.25 × 2 = 8.5.
    assert.deepEqual(result.statistics, {
      n: 4,
      min: 5,
      max: 10,
      mean: 7.75,
      median: 8,
      lowerQuartile: 7.25,
      upperQuartile: 8.5,
    });
    assert.deepEqual(
      result.standings.map((s) => (s.comparable ? [s.area, s.rank, s.quartileBand] : [])),
      [
        ['E2', 1, 1],
        ['E1', 2, 2], // 8 is exactly the median: the better band
        ['E4', 2, 2],
        ['E3', 4, 4],
      ],
    );
    assert.deepEqual(standing(result, 'E2'), {
      area: 'E2',
      comparable: true,
      value: 10,
      rank: 1,
      outOf: 4,
      percentile: 100,
      quartileBand: 1,
      differenceFromMedian: 2,
    });
    const second = standing(result, 'E4');
    assert.ok(second.comparable);
    assert.equal(second.percentile, ((4 - 2) / 3) * 100);
    assert.equal(second.differenceFromMedian, 0);
    const last = standing(result, 'E3');
    assert.ok(last.comparable);
    assert.equal(last.percentile, 0);
    assert.equal(last.differenceFromMedian, -3);
  });

  it('ranks lower-is-better the other way, bands included', () => {
    const result = compareGroup(tied, 'lower-is-better');
    assert.equal(result.rankedBy, 'lower-is-better');
    assert.deepEqual(
      result.standings.map((s) => (s.comparable ? [s.area, s.rank, s.quartileBand] : [])),
      [
        ['E3', 1, 1], // 5 ≤ Q1 7.25
        ['E1', 2, 2], // 8 ≤ median 8
        ['E4', 2, 2],
        ['E2', 4, 4], // 10 > Q3 8.5
      ],
    );
    // The statistics do not depend on polarity.
    assert.deepEqual(result.statistics, compareGroup(tied, 'higher-is-better').statistics);
  });

  it('ranks no-judgement metrics by value, highest first, and says so', () => {
    const result = compareGroup(tied, 'no-judgement');
    assert.equal(result.rankedBy, 'value-descending');
    assert.deepEqual(
      ranked(result).map((s) => [s.area, s.rank, s.quartileBand]),
      ranked(compareGroup(tied, 'higher-is-better')).map((s) => [s.area, s.rank, s.quartileBand]),
    );
  });

  it('puts values on a quartile in the better band for an odd group', () => {
    // [1..5]: Q1 2, median 3, Q3 4.
    const five = [1, 2, 3, 4, 5].map((v) => area(`E${v}`, v));
    assert.deepEqual(
      ranked(compareGroup(five, 'higher-is-better')).map((s) => [s.value, s.quartileBand]),
      [
        [5, 1],
        [4, 1],
        [3, 2],
        [2, 3],
        [1, 4],
      ],
    );
    assert.deepEqual(
      ranked(compareGroup(five, 'lower-is-better')).map((s) => [s.value, s.quartileBand]),
      [
        [1, 1],
        [2, 1],
        [3, 2],
        [4, 3],
        [5, 4],
      ],
    );
  });

  it('lists areas without a comparable value with the reason, after the ranked ones', () => {
    const result = compareGroup(
      [
        area('E9', null, 'suppressed'),
        area('E1', 3),
        area('E8', null, 'not-available'),
        area('E7', 4, 'low-reliability'),
        area('E6', null),
        area('E5', Number.NaN),
        area('E4', 12, 'not-applicable'),
        area('E3', 1, 'provisional'),
      ],
      'higher-is-better',
    );
    assert.deepEqual(result.standings.slice(3), [
      { area: 'E4', comparable: false, reason: 'not-applicable' },
      { area: 'E5', comparable: false, reason: 'no-value' },
      { area: 'E6', comparable: false, reason: 'no-value' },
      { area: 'E8', comparable: false, reason: 'not-available' },
      { area: 'E9', comparable: false, reason: 'suppressed' },
    ]);
    // Low-reliability and provisional figures are compared; the not-applicable 12 is not.
    assert.deepEqual(
      ranked(result).map((s) => [s.area, s.rank, s.outOf]),
      [
        ['E7', 1, 3],
        ['E1', 2, 3],
        ['E3', 3, 3],
      ],
    );
    assert.equal(result.statistics?.n, 3);
    assert.equal(result.statistics?.max, 4);
  });

  it('ranks a lone area first, at the 100th percentile, in the first band', () => {
    const result = compareGroup(
      [area('E1', 42), area('E2', null, 'suppressed')],
      'lower-is-better',
    );
    assert.deepEqual(standing(result, 'E1'), {
      area: 'E1',
      comparable: true,
      value: 42,
      rank: 1,
      outOf: 1,
      percentile: 100,
      quartileBand: 1,
      differenceFromMedian: 0,
    });
  });

  it('has no statistics when nothing is comparable', () => {
    const result = compareGroup(
      [area('E2', null, 'suppressed'), area('E1', null, 'not-available')],
      'higher-is-better',
    );
    assert.equal(result.statistics, null);
    assert.deepEqual(result.standings, [
      { area: 'E1', comparable: false, reason: 'not-available' },
      { area: 'E2', comparable: false, reason: 'suppressed' },
    ]);
    assert.deepEqual(compareGroup([], 'no-judgement'), {
      statistics: null,
      standings: [],
      rankedBy: 'value-descending',
    });
  });

  it('gives every area of an all-tied group rank 1 and band 1', () => {
    const result = compareGroup([area('E1', 7), area('E2', 7), area('E3', 7)], 'lower-is-better');
    assert.deepEqual(
      ranked(result).map((s) => [s.rank, s.percentile, s.quartileBand]),
      [
        [1, 100, 1],
        [1, 100, 1],
        [1, 100, 1],
      ],
    );
  });

  it('refuses an area listed twice', () => {
    assert.throws(() => compareGroup([area('E1', 1), area('E1', 2)], 'higher-is-better'), {
      name: 'RangeError',
      message: /E1 appears twice/,
    });
  });
});

describe('compareGroup properties', () => {
  const polarities: Polarity[] = ['higher-is-better', 'lower-is-better', 'no-judgement'];
  const statuses: ValueStatus[] = ['ok', 'low-reliability', 'suppressed', 'not-available'];

  function randomGroup(random: () => number): AreaValue[] {
    const size = 1 + Math.floor(random() * 60);
    // Half the groups draw from a few integers so that ties are common.
    const coarse = random() < 0.5;
    return Array.from({ length: size }, (_, i) => {
      const status = random() < 0.15 ? (statuses[Math.floor(random() * 4)] ?? 'ok') : 'ok';
      const missing = status === 'suppressed' || status === 'not-available';
      const value = coarse ? Math.floor(random() * 8) : (random() - 0.3) * 1000;
      return area(`E${String(i).padStart(7, '0')}`, missing ? null : value, status);
    });
  }

  function shuffled<T>(items: readonly T[], random: () => number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }

  it('holds for 2,000 random groups', () => {
    const random = seededRandom(20240401);
    for (let trial = 0; trial < 2000; trial++) {
      const group = randomGroup(random);
      const polarity = polarities[trial % 3]!;
      const result = compareGroup(group, polarity);
      const context = `trial ${trial}`;
      const comparable = ranked(result);
      const values = comparable.map((s) => s.value);
      assert.equal(result.standings.length, group.length, context);
      assert.deepEqual(result.statistics, groupStatistics(values), context);

      const s = result.statistics;
      if (s === null) {
        assert.equal(comparable.length, 0, context);
        continue;
      }
      assert.ok(s.min <= s.lowerQuartile, context);
      assert.ok(s.lowerQuartile <= s.median && s.median <= s.upperQuartile, context);
      assert.ok(s.upperQuartile <= s.max, context);
      assert.ok(s.min <= s.mean && s.mean <= s.max, context);

      let previous: Ranked | undefined;
      for (const standing of comparable) {
        assert.equal(standing.outOf, comparable.length, context);
        assert.ok(standing.rank >= 1 && standing.rank <= standing.outOf, context);
        assert.ok(standing.percentile >= 0 && standing.percentile <= 100, context);
        // Standard competition ranking: 1 + the number of strictly better values.
        const better = values.filter((v) =>
          polarity === 'lower-is-better' ? v < standing.value : v > standing.value,
        ).length;
        assert.equal(standing.rank, better + 1, context);
        if (previous) {
          assert.ok(previous.rank <= standing.rank, context);
          // A better-ranked area never has a worse band; tied areas share one.
          assert.ok(previous.quartileBand <= standing.quartileBand, context);
          if (previous.value === standing.value) {
            assert.equal(previous.quartileBand, standing.quartileBand, context);
          }
        }
        previous = standing;
      }

      assert.deepEqual(compareGroup(shuffled(group, random), polarity), result, context);
    }
  });

  it('reverses ranks when higher-is-better flips to lower-is-better', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 500; trial++) {
      const group = randomGroup(random);
      const high = new Map(ranked(compareGroup(group, 'higher-is-better')).map((s) => [s.area, s]));
      const low = ranked(compareGroup(group, 'lower-is-better'));
      const n = low.length;
      for (const standing of low) {
        const other = high.get(standing.area)!;
        const ties = low.filter((s) => s.value === standing.value).length;
        // Distinct values: rank_low = n + 1 - rank_high. A tie of t values shifts both ends.
        assert.equal(standing.rank, n + 2 - other.rank - ties, `trial ${trial}`);
        if (ties === 1) assert.equal(standing.rank, n + 1 - other.rank, `trial ${trial}`);
      }
    }
  });
});

describe('compareWithBenchmark', () => {
  const above = measured(12, 11, 13);
  const below = measured(8, 7, 9);
  const around = measured(10.5, 9, 12);

  it('names an interval wholly above or below the benchmark by polarity', () => {
    assert.equal(compareWithBenchmark(above, 10, 'higher-is-better'), 'better');
    assert.equal(compareWithBenchmark(above, 10, 'lower-is-better'), 'worse');
    assert.equal(compareWithBenchmark(above, 10, 'no-judgement'), 'higher');
    assert.equal(compareWithBenchmark(below, 10, 'higher-is-better'), 'worse');
    assert.equal(compareWithBenchmark(below, 10, 'lower-is-better'), 'better');
    assert.equal(compareWithBenchmark(below, 10, 'no-judgement'), 'lower');
  });

  it('calls a benchmark inside the interval, limits included, similar', () => {
    for (const polarity of ['higher-is-better', 'lower-is-better', 'no-judgement'] as const) {
      assert.equal(compareWithBenchmark(around, 10, polarity), 'similar');
      assert.equal(compareWithBenchmark(above, 11, polarity), 'similar');
      assert.equal(compareWithBenchmark(above, 13, polarity), 'similar');
    }
  });

  it('tests low-reliability figures like any other', () => {
    assert.equal(
      compareWithBenchmark({ ...above, status: 'low-reliability' }, 10, 'higher-is-better'),
      'better',
    );
  });

  it('does not test without a value, a usable interval or a benchmark', () => {
    const cases: [Measured, number | null][] = [
      [measured(12, null, null), 10],
      [measured(12, 11, null), 10],
      [measured(12, 13, 11), 10], // an inverted interval is not used
      [measured(null, 11, 13), 10],
      [{ value: null, lci: null, uci: null, status: 'suppressed' }, 10],
      [{ ...above, status: 'suppressed' }, 10],
      [above, null],
      [above, Number.NaN],
    ];
    for (const [figure, benchmark] of cases) {
      assert.equal(compareWithBenchmark(figure, benchmark, 'higher-is-better'), 'not-tested');
    }
  });
});
