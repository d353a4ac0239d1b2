/**
 * How an area's value compares with a group of areas and with a benchmark. Pure functions over
 * plain values: no database, no I/O, so that every published comparison can be reproduced from
 * the figures alone. docs/methodology.md explains each method for council analysts.
 */
import { missingStatuses, type Polarity, type ValueStatus } from '../db/vocabulary.ts';

/** One published figure with its 95% confidence interval, when the publisher gives one. */
export interface Measured {
  value: number | null;
  lci: number | null;
  uci: number | null;
  status: ValueStatus;
}

/** A figure for one area, identified by its GSS code. */
export interface AreaValue extends Measured {
  area: string;
}

export type MissingStatus = (typeof missingStatuses)[number];

/** Why a figure cannot be compared: the status saying why it is missing, or no usable number. */
export type NotComparableReason = MissingStatus | 'no-value';

export type Comparability =
  { comparable: true; value: number } | { comparable: false; reason: NotComparableReason };

function isMissing(status: ValueStatus): status is MissingStatus {
  return (missingStatuses as readonly ValueStatus[]).includes(status);
}

/**
 * A figure is comparable when its status does not mark it as missing and its value is a finite
 * number. Low-reliability, provisional and estimated figures ARE comparable: their status is a
 * caveat to show beside them, not a reason to leave them out.
 */
export function comparability(measured: Measured): Comparability {
  if (isMissing(measured.status)) return { comparable: false, reason: measured.status };
  const value = measured.value;
  if (value === null || !Number.isFinite(value)) return { comparable: false, reason: 'no-value' };
  return { comparable: true, value };
}

/**
 * The figure's 95% confidence interval when it is usable: both limits finite numbers with the
 * lower not above the upper. An inverted interval is treated as absent rather than guessed at.
 */
export function confidenceInterval(measured: Measured): { lower: number; upper: number } | null {
  const { lci, uci } = measured;
  if (lci === null || uci === null || !Number.isFinite(lci) || !Number.isFinite(uci)) return null;
  return lci <= uci ? { lower: lci, upper: uci } : null;
}

export interface GroupStatistics {
  n: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  lowerQuartile: number;
  upperQuartile: number;
}

/** Reads an index the caller has already checked, which noUncheckedIndexedAccess cannot see. */
function element(values: readonly number[], index: number): number {
  const value = values[index];
  if (value === undefined) throw new RangeError(`index ${index} outside 0..${values.length - 1}`);
  return value;
}

/**
 * The p-quantile of values sorted ascending, by linear interpolation between order statistics
 * (Hyndman and Fan type 7, the default of R's quantile() and Excel's QUARTILE.INC): with
 * h = (n - 1)p, Q(p) = x[⌊h⌋] + (h - ⌊h⌋)(x[⌊h⌋ + 1] - x[⌊h⌋]), counting from x[0].
 */
export function quantileType7(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('the quantile of no values is undefined');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability ${p} is outside 0..1`);
  const h = (sorted.length - 1) * p;
  const below = Math.floor(h);
  const fraction = h - below;
  const lower = element(sorted, below);
  // Not interpolating on an exact order statistic keeps the quartile bit-identical to the
  // value, so an area sitting on a quartile falls in the band the method says it does.
  return fraction === 0 ? lower : lower + fraction * (element(sorted, below + 1) - lower);
}

function statisticsOfSorted(sorted: readonly number[]): GroupStatistics | null {
  if (sorted.length === 0) return null;
  // Summing in sorted order makes the mean independent of the order the values came in.
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    n: sorted.length,
    min: element(sorted, 0),
    max: element(sorted, sorted.length - 1),
    mean: sum / sorted.length,
    median: quantileType7(sorted, 0.5),
    lowerQuartile: quantileType7(sorted, 0.25),
    upperQuartile: quantileType7(sorted, 0.75),
  };
}

/**
 * Summary statistics of a group's comparable values, quartiles and median by type 7.
 * Non-finite numbers are not comparable and are left out (n counts the values used); null when
 * no value is left, for the caller to turn into a typed "no data" answer.
 */
export function groupStatistics(values: readonly number[]): GroupStatistics | null {
  return statisticsOfSorted(values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b));
}

export type QuartileBand = 1 | 2 | 3 | 4;

export type Standing =
  | {
      area: string;
      comparable: true;
      value: number;
      /** 1 = best; tied values share the best rank of their tie (1, 2, 2, 4). */
      rank: number;
      /** The number of areas with a comparable value. */
      outOf: number;
      /** (outOf - rank) / (outOf - 1) × 100: 100 = best, 0 = worst, 100 for a lone area. */
      percentile: number;
      /** 1 = best quarter, by the value against the group's type-7 quartiles. */
      quartileBand: QuartileBand;
      /** value - median, in the metric's units: positive means above the median. */
      differenceFromMedian: number;
    }
  | { area: string; comparable: false; reason: NotComparableReason };

export interface GroupComparison {
  statistics: GroupStatistics | null;
  /** Comparable areas best first (ties by GSS code), then the others by GSS code. */
  standings: Standing[];
  rankedBy: 'higher-is-better' | 'lower-is-better' | 'value-descending';
}

/**
 * The quarter of the group a value falls in, judged against the type-7 quartiles so that the
 * bands agree with the published quartiles. A value exactly on a quartile goes to the better
 * band, so tied values always share a band. For no-judgement metrics band 1 is the highest
 * quarter, matching the value-descending ranking.
 */
function quartileBand(value: number, s: GroupStatistics, lowerIsBetter: boolean): QuartileBand {
  if (lowerIsBetter) {
    if (value <= s.lowerQuartile) return 1;
    if (value <= s.median) return 2;
    if (value <= s.upperQuartile) return 3;
    return 4;
  }
  if (value >= s.upperQuartile) return 1;
  if (value >= s.median) return 2;
  if (value >= s.lowerQuartile) return 3;
  return 4;
}

function byArea(a: { area: string }, b: { area: string }): number {
  return a.area < b.area ? -1 : a.area > b.area ? 1 : 0;
}

/**
 * Ranks a group of areas on one metric for one period. Areas without a comparable value are
 * listed with the reason and take no part in the statistics, ranks or bands. A metric with no
 * polarity ("no-judgement") is ranked by value, highest first, and says so in rankedBy.
 * Throws a RangeError when an area appears twice, since its ranks would otherwise be wrong.
 */
export function compareGroup(values: readonly AreaValue[], polarity: Polarity): GroupComparison {
  const seen = new Set<string>();
  const ranked: { area: string; value: number }[] = [];
  const unranked: Standing[] = [];
  for (const entry of values) {
    if (seen.has(entry.area)) throw new RangeError(`area ${entry.area} appears twice in the group`);
    seen.add(entry.area);
    const c = comparability(entry);
    if (c.comparable) ranked.push({ area: entry.area, value: c.value });
    else unranked.push({ area: entry.area, comparable: false, reason: c.reason });
  }

  const lowerIsBetter = polarity === 'lower-is-better';
  ranked.sort((a, b) => (lowerIsBetter ? a.value - b.value : b.value - a.value) || byArea(a, b));
  const ascending = ranked.map((r) => r.value);
  if (!lowerIsBetter) ascending.reverse();
  const statistics = statisticsOfSorted(ascending);

  const standings: Standing[] = [];
  if (statistics !== null) {
    const outOf = ranked.length;
    let rank = 0;
    let previous = Number.NaN;
    ranked.forEach(({ area, value }, index) => {
      if (value !== previous) rank = index + 1;
      previous = value;
      standings.push({
        area,
        comparable: true,
        value,
        rank,
        outOf,
        percentile: outOf === 1 ? 100 : ((outOf - rank) / (outOf - 1)) * 100,
        quartileBand: quartileBand(value, statistics, lowerIsBetter),
        differenceFromMedian: value - statistics.median,
      });
    });
  }
  standings.push(...unranked.sort(byArea));

  return {
    statistics,
    standings,
    rankedBy: polarity === 'no-judgement' ? 'value-descending' : polarity,
  };
}

export type Significance = 'better' | 'similar' | 'worse' | 'higher' | 'lower' | 'not-tested';

const significanceWords = {
  better: 'better',
  worse: 'worse',
  higher: 'higher',
  lower: 'lower',
} as const satisfies Record<string, Significance>;

/**
 * Compares an area's figure with a benchmark (for example the England value) using the
 * figure's 95% confidence interval: a benchmark inside the interval, limits included, is
 * 'similar'; an interval wholly above it is 'better', 'worse' or 'higher' by polarity, and wholly
 * below it 'worse', 'better' or 'lower'. The benchmark is taken as exact. Without a comparable
 * value, a usable interval or a finite benchmark nothing is tested: 'not-tested'.
 */
export function compareWithBenchmark(
  area: Measured,
  benchmark: number | null,
  polarity: Polarity,
): Significance {
  const interval = confidenceInterval(area);
  if (!comparability(area).comparable || interval === null) return 'not-tested';
  if (benchmark === null || !Number.isFinite(benchmark)) return 'not-tested';
  if (interval.lower > benchmark) return byPolarity(true, polarity, significanceWords);
  if (interval.upper < benchmark) return byPolarity(false, polarity, significanceWords);
  return 'similar';
}

/**
 * Names an upward or downward difference by the metric's polarity: better or worse when the
 * metric has one, plain higher or lower when it has none.
 */
export function byPolarity<T>(
  upwards: boolean,
  polarity: Polarity,
  words: { better: T; worse: T; higher: T; lower: T },
): T {
  if (polarity === 'no-judgement') return upwards ? words.higher : words.lower;
  return upwards === (polarity === 'higher-is-better') ? words.better : words.worse;
}
