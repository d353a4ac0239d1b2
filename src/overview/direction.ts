import type { Polarity } from '../db/vocabulary.ts';

/*
 * The direction of travel of one measure for one area: a pure calculation, so that the rule the
 * method note states is exactly the rule applied, and can be tested without a database.
 */

/** A figure as published: its period (ISO code), its value and, where given, its interval. */
export interface Figure {
  period: string;
  value: number;
  lci: number | null;
  uci: number | null;
}

export type Tolerance = { relative: number } | { absolute: number };

export const directions = ['improved', 'no-change', 'worsened', 'not-comparable'] as const;
export type Direction = (typeof directions)[number];

export const notComparableReasons = [
  // The public holds no such metric on this copy.
  'not-held',
  'no-baseline',
  'no-latest',
  'no-later-period',
  'method-change',
  'no-judgement',
] as const;
export type NotComparableReason = (typeof notComparableReasons)[number];

export type Outcome =
  | { direction: 'improved' | 'no-change' | 'worsened'; decidedBy: 'intervals' | 'tolerance' }
  | { direction: 'not-comparable'; reason: NotComparableReason };

export interface Rule {
  polarity: Polarity;
  useIntervals: boolean;
  tolerance: Tolerance;
  /** Start dates (YYYY-MM-DD) from which the source measures differently. */
  methodChanges: readonly string[];
}

/** The start date of a period code such as 2016-04-01/P1Y. */
export function periodStart(code: string): string {
  return code.slice(0, 10);
}

/**
 * A measure's baseline period for a baseline year: its own named period when it has one (and
 * holds it), else its earliest period starting in that calendar year; null when none does.
 */
export function baselinePeriod(
  periods: readonly string[],
  year: string,
  named: string | undefined,
): string | null {
  if (named !== undefined) return periods.includes(named) ? named : null;
  const starting = periods.filter((p) => p.startsWith(`${year}-`)).sort();
  return starting[0] ?? null;
}

/** Whether the source changed its method after the baseline period, up to the latest. */
function methodChanged(baseline: string, latest: string, changes: readonly string[]): boolean {
  const from = periodStart(baseline);
  const to = periodStart(latest);
  return changes.some((change) => change > from && change <= to);
}

function intervalsOf(figure: Figure): { lci: number; uci: number } | null {
  return figure.lci === null || figure.uci === null ? null : { lci: figure.lci, uci: figure.uci };
}

/** Which way the figure moved (1 up, -1 down, 0 within the rule), and what decided it. */
function movement(baseline: Figure, latest: Figure, rule: Rule) {
  const before = rule.useIntervals ? intervalsOf(baseline) : null;
  const after = rule.useIntervals ? intervalsOf(latest) : null;
  if (before && after) {
    const sign = after.lci > before.uci ? 1 : after.uci < before.lci ? -1 : 0;
    return { sign, decidedBy: 'intervals' as const };
  }
  const change = latest.value - baseline.value;
  const threshold =
    'absolute' in rule.tolerance
      ? rule.tolerance.absolute
      : Math.abs(baseline.value) * rule.tolerance.relative;
  const sign = Math.abs(change) > threshold ? Math.sign(change) : 0;
  return { sign, decidedBy: 'tolerance' as const };
}

/** One measure, one area: improved, no change, worsened, or why it cannot be compared. */
export function directionOf(baseline: Figure | null, latest: Figure | null, rule: Rule): Outcome {
  if (rule.polarity === 'no-judgement')
    return { direction: 'not-comparable', reason: 'no-judgement' };
  if (baseline === null) return { direction: 'not-comparable', reason: 'no-baseline' };
  if (latest === null) return { direction: 'not-comparable', reason: 'no-latest' };
  if (periodStart(latest.period) <= periodStart(baseline.period))
    return { direction: 'not-comparable', reason: 'no-later-period' };
  if (methodChanged(baseline.period, latest.period, rule.methodChanges))
    return { direction: 'not-comparable', reason: 'method-change' };
  const { sign, decidedBy } = movement(baseline, latest, rule);
  if (sign === 0) return { direction: 'no-change', decidedBy };
  const better = rule.polarity === 'higher-is-better' ? sign > 0 : sign < 0;
  return { direction: better ? 'improved' : 'worsened', decidedBy };
}

export interface Tally {
  improved: number;
  noChange: number;
  worsened: number;
  notComparable: number;
  total: number;
  /** Shares of the comparable measures (improved + no change + worsened), or null if none. */
  percent: { improved: number; noChange: number; worsened: number } | null;
}

/** Counts of each direction, with percentages of the comparable ones. */
export function tally(outcomes: Iterable<Direction>): Tally {
  const counts = { improved: 0, noChange: 0, worsened: 0, notComparable: 0 };
  for (const direction of outcomes) {
    if (direction === 'improved') counts.improved += 1;
    else if (direction === 'no-change') counts.noChange += 1;
    else if (direction === 'worsened') counts.worsened += 1;
    else counts.notComparable += 1;
  }
  const comparable = counts.improved + counts.noChange + counts.worsened;
  const share = (n: number) => Math.round((n / comparable) * 1000) / 10;
  return {
    ...counts,
    total: comparable + counts.notComparable,
    percent:
      comparable === 0
        ? null
        : {
            improved: share(counts.improved),
            noChange: share(counts.noChange),
            worsened: share(counts.worsened),
          },
  };
}

/** Tallies by a key (a theme), in the keys' first-seen order. */
export function tallyBy<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  directionOfItem: (item: T) => Direction,
): Map<string, Tally> {
  const groups = new Map<string, Direction[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key) ?? [];
    list.push(directionOfItem(item));
    groups.set(key, list);
  }
  return new Map([...groups].map(([key, list]) => [key, tally(list)]));
}
