/**
 * Change over time: between two periods (direction of travel) and over the latest periods
 * (recent trend). Pure functions, no I/O; docs/methodology.md explains each method.
 */
import type { Polarity } from '../db/vocabulary.ts';
import { twoSidedNormalPValue } from './normal.ts';
import { byPolarity, comparability, confidenceInterval, type Measured } from './statistics.ts';

export type Direction =
  'improved' | 'worsened' | 'no-significant-change' | 'increased' | 'decreased' | 'not-comparable';

const directionWords = {
  better: 'improved',
  worse: 'worsened',
  higher: 'increased',
  lower: 'decreased',
} as const satisfies Record<string, Direction>;

/** Changes within 2% of the earlier value count as no change when there are no intervals. */
export const defaultTolerance = 0.02;

export interface Travel {
  direction: Direction;
  method: 'confidence-intervals' | 'tolerance';
  /** to - from in the metric's units; null when either figure is not comparable. */
  change: number | null;
}

/**
 * Direction of travel from one period to the next. When both figures have a 95% confidence
 * interval the change is significant only if the intervals do not overlap (touching counts as
 * overlapping). That is a conservative test: two intervals can overlap a little while the
 * difference is still significant at 5%, so some real changes are reported as no change, but
 * a reported change is never one the intervals cannot support. Without both intervals, the
 * change must exceed `tolerance` × |from| (2% by default); when from is 0 a relative change
 * means nothing, and the tolerance is read as an absolute amount in the metric's units.
 */
export function directionOfTravel(
  from: Measured,
  to: Measured,
  polarity: Polarity,
  tolerance: number = defaultTolerance,
): Travel {
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) {
    throw new RangeError(`tolerance ${tolerance} must be a finite number, 0 or more`);
  }
  const before = comparability(from);
  const after = comparability(to);
  const fromInterval = confidenceInterval(from);
  const toInterval = confidenceInterval(to);
  const method = fromInterval && toInterval ? 'confidence-intervals' : 'tolerance';
  if (!before.comparable || !after.comparable) {
    return { direction: 'not-comparable', method, change: null };
  }
  const change = after.value - before.value;

  let significant: boolean;
  if (fromInterval && toInterval) {
    significant = toInterval.lower > fromInterval.upper || toInterval.upper < fromInterval.lower;
  } else {
    const threshold = before.value === 0 ? tolerance : tolerance * Math.abs(before.value);
    // Published figures are decimals that binary arithmetic cannot hold exactly, so a change of
    // exactly 2% as published may compute a hair above 2%: that still counts as within it.
    significant = Math.abs(change) > threshold * (1 + 1e-9);
  }
  return {
    direction: significant
      ? byPolarity(change > 0, polarity, directionWords)
      : 'no-significant-change',
    method,
    change,
  };
}

/** The 97.5th percentile of the standard normal: a 95% interval is ±1.959964 standard errors. */
export const z975 = 1.959963984540054;
/** The recent trend looks at the latest five periods and needs three comparable values. */
export const trendPeriods = 5;
export const minimumTrendPeriods = 3;
/** Trends are tested two-sided at the 5% level. */
export const significanceLevel = 0.05;
/** The largest series for which the exact distribution of Mann–Kendall's S is used. */
export const exactMannKendallLimit = 10;

export interface TrendPoint {
  /** Position in time: 0, 1, 2, … for consecutive periods. */
  time: number;
  value: number;
  standardError: number;
}

/**
 * Inverse-variance weighted least squares of value on time, each point weighted by
 * w = 1 / SE². The variances are taken as known (from the published intervals), so the slope's
 * standard error is 1 / √Σw(t - t̄)² and z = slope / SE(slope) is referred to the normal
 * distribution. Needs at least two distinct times and positive standard errors.
 */
export function weightedLinearTrend(points: readonly TrendPoint[]): {
  slope: number;
  standardError: number;
  z: number;
  pValue: number;
} {
  let sumW = 0;
  let sumWT = 0;
  let sumWY = 0;
  for (const { time, value, standardError } of points) {
    if (!(standardError > 0 && Number.isFinite(standardError))) {
      throw new RangeError(`standard error ${standardError} must be positive and finite`);
    }
    const w = 1 / (standardError * standardError);
    sumW += w;
    sumWT += w * time;
    sumWY += w * value;
  }
  const meanT = sumWT / sumW;
  const meanY = sumWY / sumW;
  // Centred sums avoid the cancellation of Σwt² - (Σwt)²/Σw.
  let sxx = 0;
  let sxy = 0;
  for (const { time, value, standardError } of points) {
    const w = 1 / (standardError * standardError);
    sxx += w * (time - meanT) ** 2;
    sxy += w * (time - meanT) * (value - meanY);
  }
  if (!(sxx > 0)) throw new RangeError('a trend needs at least two distinct times');
  const slope = sxy / sxx;
  const standardError = 1 / Math.sqrt(sxx);
  const z = slope / standardError;
  return { slope, standardError, z, pValue: twoSidedNormalPValue(z) };
}

/** How many orderings of n distinct values have k inversions, for k = 0 … n(n-1)/2. */
function inversionCounts(n: number): number[] {
  let counts = [1];
  for (let m = 2; m <= n; m++) {
    const previous = counts;
    // Placing the m-th value adds between 0 and m - 1 inversions.
    counts = Array.from({ length: previous.length + m - 1 }, (_, k) =>
      previous.slice(Math.max(0, k - m + 1), k + 1).reduce((sum, c) => sum + c, 0),
    );
  }
  return counts;
}

/**
 * The Mann–Kendall test for a monotonic trend in a series in time order:
 * S = Σ_{i<j} sign(x_j - x_i). For n ≤ 10 with no tied values the two-sided p-value
 * P(|S| ≥ |s|) comes from the exact distribution of S over all n! equally likely orderings;
 * otherwise from the normal approximation with the tie-corrected variance
 * Var(S) = [n(n-1)(2n+5) - Σ t(t-1)(2t+5)] / 18 (t = size of each group of tied values) and
 * the continuity correction z = (S - sign(S)) / √Var(S).
 */
export function mannKendall(values: readonly number[]): {
  s: number;
  pValue: number;
  distribution: 'exact' | 'normal';
} {
  const n = values.length;
  let s = 0;
  values.forEach((earlier, i) => {
    for (const later of values.slice(i + 1)) s += Math.sign(later - earlier);
  });
  const tieSizes = new Map<number, number>();
  for (const value of values) tieSizes.set(value, (tieSizes.get(value) ?? 0) + 1);

  if (n <= exactMannKendallLimit && tieSizes.size === n) {
    const maxS = (n * (n - 1)) / 2;
    const counts = inversionCounts(n);
    const orderings = counts.reduce((sum, c) => sum + c, 0);
    // k inversions give S = maxS - 2k.
    const asExtreme = counts.reduce(
      (sum, c, k) => (Math.abs(maxS - 2 * k) >= Math.abs(s) ? sum + c : sum),
      0,
    );
    return { s, pValue: asExtreme / orderings, distribution: 'exact' };
  }

  let variance = n * (n - 1) * (2 * n + 5);
  for (const t of tieSizes.values()) variance -= t * (t - 1) * (2 * t + 5);
  variance /= 18;
  // S = 0 (including a series of one repeated value, whose variance is 0) is no evidence at all.
  if (s === 0) return { s, pValue: 1, distribution: 'normal' };
  const z = (s - Math.sign(s)) / Math.sqrt(variance);
  return { s, pValue: twoSidedNormalPValue(z), distribution: 'normal' };
}

export interface RecentTrend {
  direction: Direction;
  test: 'weighted-linear-regression' | 'mann-kendall' | 'none';
  /** z of the slope for the regression, Mann–Kendall's S for that test, null for none. */
  statistic: number | null;
  pValue: number | null;
  /** How many comparable values the test used. */
  periods: number;
}

/**
 * The recent trend of a series, given one point per consecutive period in time order (missing
 * periods included, with their status). The latest five periods are used; those without a
 * comparable value are left out but the others keep their place in time. Fewer than three
 * comparable values: 'not-comparable'. When every value used has a usable interval of positive
 * width, inverse-variance weighted regression on time with SE = (uci - lci) / (2 × 1.959964);
 * otherwise Mann–Kendall. A trend significant at 5% two-sided is named by the metric's polarity.
 */
export function recentTrend(points: readonly Measured[], polarity: Polarity): RecentTrend {
  const used: { time: number; value: number; standardError: number | null }[] = [];
  points.slice(-trendPeriods).forEach((point, time) => {
    const c = comparability(point);
    if (!c.comparable) return;
    const interval = confidenceInterval(point);
    const width = interval === null ? 0 : interval.upper - interval.lower;
    used.push({ time, value: c.value, standardError: width > 0 ? width / (2 * z975) : null });
  });
  if (used.length < minimumTrendPeriods) {
    return {
      direction: 'not-comparable',
      test: 'none',
      statistic: null,
      pValue: null,
      periods: used.length,
    };
  }

  const weighted: TrendPoint[] = [];
  for (const { time, value, standardError } of used) {
    if (standardError !== null) weighted.push({ time, value, standardError });
  }
  let test: RecentTrend['test'];
  let statistic: number;
  let pValue: number;
  if (weighted.length === used.length) {
    const fit = weightedLinearTrend(weighted);
    test = 'weighted-linear-regression';
    statistic = fit.z;
    pValue = fit.pValue;
  } else {
    const result = mannKendall(used.map((u) => u.value));
    test = 'mann-kendall';
    statistic = result.s;
    pValue = result.pValue;
  }
  const direction =
    pValue < significanceLevel
      ? byPolarity(statistic > 0, polarity, directionWords)
      : 'no-significant-change';
  return { direction, test, statistic, pValue, periods: used.length };
}
