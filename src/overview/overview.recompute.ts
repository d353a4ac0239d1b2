import type { DataObservation } from '../data/data.answer.ts';
import type { DataService } from '../data/data.service.ts';
import type { Polarity } from '../db/vocabulary.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { Basket } from './baskets/basket.schema.ts';
import {
  baselinePeriod,
  directionOf,
  periodStart,
  type Figure,
  type Outcome,
} from './direction.ts';
import type { OverviewDirectionsTable as DirectionRow } from './overview.tables.ts';

/** One metric's public figures for the overview's areas, read once for every basket. */
export interface MetricFigures {
  slug: string;
  title: string;
  theme: string;
  polarity: Polarity;
  /** Every period any of the areas has a value in. */
  periods: string[];
  /** The latest of them: each area is compared at the same period. */
  latest: string | null;
  /** area code → period code → figure. */
  figures: Map<string, Map<string, Figure>>;
}

/** Every period of a metric, oldest to newest. */
const everyPeriod = {
  kind: 'range',
  from: null,
  to: null,
  fromStart: '0000-01-01',
  toStart: '9999-12-31',
} as const;

function byStart(a: string, b: string): number {
  const start = periodStart(a).localeCompare(periodStart(b));
  return start !== 0 ? start : a.localeCompare(b);
}

/** Keeps the figures with a value: a missing value is no figure. */
function collect(observations: readonly DataObservation[]) {
  const figures = new Map<string, Map<string, Figure>>();
  const periods = new Set<string>();
  for (const o of observations) {
    if (o.value === null) continue;
    periods.add(o.period);
    const ofArea = figures.get(o.area) ?? new Map<string, Figure>();
    ofArea.set(o.period, { period: o.period, value: o.value, lci: o.lci, uci: o.uci });
    figures.set(o.area, ofArea);
  }
  return { figures, periods: [...periods].sort(byStart) };
}

/**
 * A metric's public figures for these areas through the data API's own query; null when the
 * public holds no such metric (a basket may name one this copy has not loaded).
 */
export async function readMetric(
  data: DataService,
  slug: string,
  areaCodes: readonly string[],
): Promise<MetricFigures | null> {
  let answer;
  try {
    answer = await data.query(
      { metric: [slug], area: [...areaCodes], period: everyPeriod, include: [] },
      'json',
    );
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
  const metric = answer.metrics[0];
  if (!metric) return null;
  const { figures, periods } = collect(answer.observations);
  return {
    slug,
    title: metric.title,
    theme: metric.theme ?? 'context-and-demographics',
    polarity: metric.polarity,
    periods,
    latest: periods.at(-1) ?? null,
    figures,
  };
}

/** A basket's rows: every baseline × area × measure, with the figures compared. */
export function basketRows(
  basket: Basket,
  metrics: ReadonlyMap<string, MetricFigures | null>,
  areaCodes: readonly string[],
): DirectionRow[] {
  const rows: DirectionRow[] = [];
  for (const baseline of basket.baselines)
    for (const measure of basket.measures) {
      const held = metrics.get(measure.metric) ?? null;
      const from = held
        ? baselinePeriod(held.periods, baseline.id, measure.baselinePeriods[baseline.id])
        : null;
      const rule = {
        polarity: measure.polarity?.value ?? held?.polarity ?? 'no-judgement',
        useIntervals: measure.useIntervals,
        tolerance: measure.tolerance,
        methodChanges: measure.methodChanges.map((c) => periodStart(c.from)),
      };
      for (const area of areaCodes) {
        const ofArea = held?.figures.get(area);
        const before = (from === null ? undefined : ofArea?.get(from)) ?? null;
        const after = (held?.latest ? ofArea?.get(held.latest) : undefined) ?? null;
        const outcome: Outcome = held
          ? directionOf(before, after, rule)
          : { direction: 'not-comparable', reason: 'not-held' };
        rows.push({
          basket: basket.slug,
          baseline: baseline.id,
          area_code: area,
          metric: measure.metric,
          title: held?.title ?? measure.metric,
          theme: held?.theme ?? 'context-and-demographics',
          direction: outcome.direction,
          reason: outcome.direction === 'not-comparable' ? outcome.reason : null,
          decided_by: outcome.direction === 'not-comparable' ? null : outcome.decidedBy,
          baseline_period: before?.period ?? from,
          baseline_value: before?.value ?? null,
          latest_period: after?.period ?? held?.latest ?? null,
          latest_value: after?.value ?? null,
        });
      }
    }
  return rows;
}
