import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Polarity } from '../db/vocabulary.ts';
import type { Measured } from './statistics.ts';
import {
  directionOfTravel,
  mannKendall,
  recentTrend,
  weightedLinearTrend,
  z975,
  type Direction,
} from './trend.ts';

function plain(value: number | null): Measured {
  return { value, lci: null, uci: null, status: value === null ? 'not-available' : 'ok' };
}

/** A figure whose 95% interval gives it the standard error `se`. */
function withError(value: number, se: number): Measured {
  return { value, lci: value - z975 * se, uci: value + z975 * se, status: 'ok' };
}

function interval(value: number, lci: number, uci: number): Measured {
  return { value, lci, uci, status: 'ok' };
}

function close(actual: number | null, expected: number, tolerance = 1e-12): void {
  assert.ok(actual !== null, 'expected a number, got null');
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected}`);
}

const polarities: [Polarity, Direction, Direction][] = [
  ['higher-is-better', 'improved', 'worsened'],
  ['lower-is-better', 'worsened', 'improved'],
  ['no-judgement', 'increased', 'decreased'],
];

describe('directionOfTravel with confidence intervals', () => {
  it('calls non-overlapping intervals a change, named by polarity', () => {
    const earlier = interval(10, 9, 11);
    const later = interval(13, 12, 14);
    for (const [polarity, up, down] of polarities) {
      assert.deepEqual(directionOfTravel(earlier, later, polarity), {
        direction: up,
        method: 'confidence-intervals',
        change: 3,
      });
      assert.deepEqual(directionOfTravel(later, earlier, polarity), {
        direction: down,
        method: 'confidence-intervals',
        change: -3,
      });
    }
  });

  it('calls overlapping or touching intervals no significant change', () => {
    for (const later of [interval(12, 10.5, 13.5), interval(12, 11, 13)]) {
      assert.deepEqual(directionOfTravel(interval(10, 9, 11), later, 'higher-is-better'), {
        direction: 'no-significant-change',
        method: 'confidence-intervals',
        change: 2,
      });
    }
  });

  it('ignores the tolerance when both figures have intervals', () => {
    const travel = directionOfTravel(
      interval(100, 99.9, 100.1),
      interval(100.5, 100.4, 100.6),
      'no-judgement',
    );
    assert.equal(travel.direction, 'increased');
  });
});

describe('directionOfTravel without intervals', () => {
  it('needs a change beyond 2% of the earlier value', () => {
    for (const [polarity, up, down] of polarities) {
      assert.equal(directionOfTravel(plain(100), plain(103), polarity).direction, up);
      assert.equal(directionOfTravel(plain(100), plain(97), polarity).direction, down);
      assert.equal(
        directionOfTravel(plain(100), plain(101), polarity).direction,
        'no-significant-change',
      );
    }
    const travel = directionOfTravel(plain(100), plain(103), 'higher-is-better');
    assert.deepEqual(travel, { direction: 'improved', method: 'tolerance', change: 3 });
  });

  it('counts a change of exactly the tolerance as no change, decimals included', () => {
    assert.equal(
      directionOfTravel(plain(100), plain(102), 'higher-is-better').direction,
      'no-significant-change',
    );
    // 0.306 - 0.3 computes as 0.006000000000000005, a hair over 2% of 0.3.
    assert.equal(
      directionOfTravel(plain(0.3), plain(0.306), 'higher-is-better').direction,
      'no-significant-change',
    );
  });

  it('measures the tolerance against the size of a negative value', () => {
    // 2% of |-50| = 1: -50 → -52 is a fall of 2.
    assert.equal(directionOfTravel(plain(-50), plain(-52), 'no-judgement').direction, 'decreased');
    assert.equal(
      directionOfTravel(plain(-50), plain(-50.5), 'no-judgement').direction,
      'no-significant-change',
    );
  });

  it('reads the tolerance as an absolute amount when the earlier value is 0', () => {
    assert.equal(
      directionOfTravel(plain(0), plain(0.01), 'higher-is-better').direction,
      'no-significant-change',
    );
    assert.equal(
      directionOfTravel(plain(0), plain(0.05), 'higher-is-better').direction,
      'improved',
    );
    assert.equal(directionOfTravel(plain(0), plain(-3), 'lower-is-better').direction, 'improved');
  });

  it('takes a tolerance of the caller’s choosing, and refuses a meaningless one', () => {
    assert.equal(
      directionOfTravel(plain(100), plain(103), 'no-judgement', 0.05).direction,
      'no-significant-change',
    );
    assert.equal(
      directionOfTravel(plain(100), plain(100.001), 'no-judgement', 0).direction,
      'increased',
    );
    assert.equal(
      directionOfTravel(plain(100), plain(100), 'no-judgement', 0).direction,
      'no-significant-change',
    );
    assert.throws(() => directionOfTravel(plain(1), plain(2), 'no-judgement', -0.1), RangeError);
    assert.throws(
      () => directionOfTravel(plain(1), plain(2), 'no-judgement', Number.NaN),
      RangeError,
    );
  });

  it('falls back to the tolerance when only one figure has an interval', () => {
    assert.deepEqual(directionOfTravel(interval(100, 99, 101), plain(110), 'higher-is-better'), {
      direction: 'improved',
      method: 'tolerance',
      change: 10,
    });
  });
});

describe('directionOfTravel with a missing figure', () => {
  it('is not comparable, with no change', () => {
    const suppressed: Measured = { value: null, lci: null, uci: null, status: 'suppressed' };
    for (const [from, to] of [
      [suppressed, plain(3)],
      [plain(3), plain(null)],
      [plain(Number.NaN), plain(3)],
      [{ ...plain(3), status: 'not-applicable' }, plain(4)],
    ] as const) {
      assert.deepEqual(directionOfTravel(from, to, 'higher-is-better'), {
        direction: 'not-comparable',
        method: 'tolerance',
        change: null,
      });
    }
  });

  it('still compares low-reliability figures', () => {
    const low: Measured = { value: 50, lci: null, uci: null, status: 'low-reliability' };
    assert.equal(directionOfTravel(low, plain(60), 'higher-is-better').direction, 'improved');
  });
});

describe('mannKendall', () => {
  it('uses the exact distribution for a short series without ties', () => {
    // Strictly increasing, n = 5: every pair concordant, S = 10; only 1 of the 5! = 120
    // orderings reaches S = 10 and 1 reaches -10, so p = 2/120.
    const rising = mannKendall([1, 2, 3, 4, 5]);
    assert.equal(rising.s, 10);
    assert.equal(rising.distribution, 'exact');
    close(rising.pValue, 2 / 120);
    assert.equal(mannKendall([9, 7, 5, 3, 1]).s, -10);
    close(mannKendall([9, 7, 5, 3, 1]).pValue, 2 / 120);
    // One swap: S = 8. Orderings of 5 with 0 or 1 inversions: 1 + 4, so p = 2 × 5/120.
    assert.equal(mannKendall([1, 3, 2, 4, 5]).s, 8);
    close(mannKendall([1, 3, 2, 4, 5]).pValue, 10 / 120);
    // n = 4 has inversion counts 1, 3, 5, 6, 5, 3, 1 over 24 orderings.
    close(mannKendall([1, 2, 3, 4]).pValue, 2 / 24);
    close(mannKendall([2, 1, 3, 4]).pValue, 8 / 24);
    close(mannKendall([1, 2, 3]).pValue, 2 / 6);
    // S = 0 is as unremarkable as it gets.
    assert.deepEqual(mannKendall([2, 4, 1, 3]), { s: 0, pValue: 1, distribution: 'exact' });
  });

  it('agrees with the exact Kendall tau test against time for longer series', () => {
    // scipy.stats.kendalltau(range(n), x, method='exact').pvalue
    close(mannKendall([3, 1, 4, 1.5, 5, 9, 2, 6]).pValue, 0.17886904761904762);
    close(mannKendall([2, 1, 4, 3, 6, 5, 8, 7, 10, 9]).pValue, 0.0009463183421516755);
    close(mannKendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).pValue, 2 / 3628800);
  });

  it('uses the tie-corrected normal approximation when values tie', () => {
    // [1,2,2,3,4]: 9 of the 10 pairs rise, the two 2s tie: S = 9.
    // Var(S) = [5·4·15 - 2·1·9] / 18 = 282/18; z = (9 - 1)/√(282/18) = 2.0211646.
    const result = mannKendall([1, 2, 2, 3, 4]);
    assert.equal(result.s, 9);
    assert.equal(result.distribution, 'normal');
    close(result.pValue, 0.04326272780691069, 1e-13);
    assert.deepEqual(mannKendall([3, 3, 3]), { s: 0, pValue: 1, distribution: 'normal' });
  });

  it('uses the normal approximation beyond ten values', () => {
    // n = 11 rising: S = 55, Var = 11·10·27/18 = 165, z = 54/√165 = 4.2038943.
    const result = mannKendall(Array.from({ length: 11 }, (_, i) => i));
    assert.equal(result.s, 55);
    assert.equal(result.distribution, 'normal');
    close(result.pValue, 2.6236149394587092e-5, 1e-17);
  });
});

describe('weightedLinearTrend', () => {
  it('fits equal weights as ordinary least squares', () => {
    // y = t + 1, SE 1: Σw(t - t̄)² = 10, slope 1, SE(slope) = 1/√10, z = √10.
    const fit = weightedLinearTrend(
      [1, 2, 3, 4, 5].map((value, time) => ({ time, value, standardError: 1 })),
    );
    close(fit.slope, 1);
    close(fit.standardError, 1 / Math.sqrt(10));
    close(fit.z, Math.sqrt(10));
    close(fit.pValue, 0.0015654022580025497, 1e-15);
  });

  it('weights each point by the inverse of its variance', () => {
    // w = 1, 4, 1 at t = 0, 1, 2 with y = 0, 1, 4: t̄ = 6/6 = 1, ȳ = 8/6 = 4/3,
    // Sxx = 1 + 0 + 1 = 2, Sxy = (-1)(-4/3) + 0 + (1)(8/3) = 4, slope 2, SE 1/√2, z = 2√2.
    const fit = weightedLinearTrend([
      { time: 0, value: 0, standardError: 1 },
      { time: 1, value: 1, standardError: 0.5 },
      { time: 2, value: 4, standardError: 1 },
    ]);
    close(fit.slope, 2);
    close(fit.z, 2 * Math.SQRT2);
    close(fit.pValue, 0.004677734981047266, 1e-15);
  });

  it('refuses points it cannot weigh or a single time', () => {
    assert.throws(() => weightedLinearTrend([{ time: 0, value: 1, standardError: 0 }]), RangeError);
    assert.throws(
      () =>
        weightedLinearTrend([
          { time: 1, value: 1, standardError: 1 },
          { time: 1, value: 2, standardError: 1 },
        ]),
      RangeError,
    );
  });
});

describe('recentTrend', () => {
  it('regresses on time when every value has an interval', () => {
    const series = [10, 11, 12, 13, 14].map((v) => withError(v, 1));
    for (const [polarity, up, down] of polarities) {
      const rising = recentTrend(series, polarity);
      assert.equal(rising.direction, up);
      assert.equal(rising.test, 'weighted-linear-regression');
      assert.equal(rising.periods, 5);
      close(rising.statistic, Math.sqrt(10), 1e-9);
      close(rising.pValue, 0.0015654022580025497, 1e-11);
      assert.equal(recentTrend([...series].reverse(), polarity).direction, down);
    }
  });

  it('finds no significant change in a noisy series with wide intervals', () => {
    const series = [10, 12, 9, 11, 10].map((v) => withError(v, 2));
    const trend = recentTrend(series, 'higher-is-better');
    assert.equal(trend.direction, 'no-significant-change');
    assert.equal(trend.test, 'weighted-linear-regression');
    assert.ok(trend.pValue !== null && trend.pValue > 0.05);
  });

  it('keeps each period in its place when one is missing', () => {
    // y = 2t at t = 0, 2, 3, 4 (t = 1 suppressed), SE 1: slope 2, t̄ = 2.25,
    // Sxx = 2.25² + 0.25² + 0.75² + 1.75² = 8.75, z = 2√8.75.
    const series = [
      withError(0, 1),
      { value: null, lci: null, uci: null, status: 'suppressed' } as const,
      withError(4, 1),
      withError(6, 1),
      withError(8, 1),
    ];
    const trend = recentTrend(series, 'lower-is-better');
    assert.equal(trend.periods, 4);
    assert.equal(trend.direction, 'worsened');
    close(trend.statistic, 2 * Math.sqrt(8.75), 1e-9);
  });

  it('uses Mann–Kendall when any value lacks a usable interval', () => {
    const rising = [1, 2, 3, 4, 5].map(plain);
    for (const [polarity, up, down] of polarities) {
      assert.deepEqual(recentTrend(rising, polarity), {
        direction: up,
        test: 'mann-kendall',
        statistic: 10,
        pValue: 2 / 120,
        periods: 5,
      });
      assert.equal(recentTrend([...rising].reverse(), polarity).direction, down);
    }
    const oneWithout = [
      withError(1, 1),
      withError(2, 1),
      plain(3),
      withError(4, 1),
      withError(5, 1),
    ];
    assert.equal(recentTrend(oneWithout, 'higher-is-better').test, 'mann-kendall');
    const zeroWidth = [withError(1, 1), withError(2, 1), interval(3, 3, 3), withError(4, 1)];
    assert.equal(recentTrend(zeroWidth, 'higher-is-better').test, 'mann-kendall');
  });

  it('cannot call four points a trend by Mann–Kendall at 5%', () => {
    // The most extreme ordering of 4 values has p = 2/24 ≈ 0.083.
    const trend = recentTrend([1, 2, 3, 4].map(plain), 'higher-is-better');
    assert.equal(trend.direction, 'no-significant-change');
    close(trend.pValue, 2 / 24);
    assert.equal(trend.periods, 4);
  });

  it('looks only at the latest five periods', () => {
    // The early 100 would break the rise if it were counted.
    const trend = recentTrend([100, 1, 2, 3, 4, 5].map(plain), 'higher-is-better');
    assert.equal(trend.statistic, 10);
    assert.equal(trend.periods, 5);
    // Two missing among the latest five leave three values: 1, 3, 5.
    const gappy = recentTrend([9, 1, null, 3, null, 5].map(plain), 'higher-is-better');
    assert.equal(gappy.periods, 3);
    assert.equal(gappy.statistic, 3);
  });

  it('needs three comparable values', () => {
    const expected = {
      direction: 'not-comparable',
      test: 'none',
      statistic: null,
      pValue: null,
    } as const;
    assert.deepEqual(recentTrend([1, 2].map(plain), 'higher-is-better'), {
      ...expected,
      periods: 2,
    });
    assert.deepEqual(recentTrend([1, null, 3, null].map(plain), 'higher-is-better'), {
      ...expected,
      periods: 2,
    });
    assert.deepEqual(recentTrend([], 'no-judgement'), { ...expected, periods: 0 });
  });

  it('calls a flat series no significant change', () => {
    const trend = recentTrend([4, 4, 4, 4, 4].map(plain), 'higher-is-better');
    assert.deepEqual(trend, {
      direction: 'no-significant-change',
      test: 'mann-kendall',
      statistic: 0,
      pValue: 1,
      periods: 5,
    });
  });
});
