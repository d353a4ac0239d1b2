import { areaTypes, type AreaType } from '../db/vocabulary.ts';
import type { GroupsService } from '../groups/groups.service.ts';
import type { MetricMetadata } from './data.answer.ts';
import type * as repository from './data.repository.ts';

/*
 * The catalogue every answer starts from: the metrics, their periods by area type, the areas.
 * The public's is read once per data version (see DataService.catalogue); a reader who may see
 * more gets the public's with what their sight adds laid over it (withSight), never kept.
 */

export type AnswerKey = repository.ValueKey & {
  metric: repository.MetricRow;
  period: repository.PeriodRow & { lastLifted?: number | null };
};

/**
 * A metric's public period, with the area types that hold its public values as a bit mask (see
 * typeMask). At national scale the catalogue lists 110,000 of these; shared between metrics, they
 * are a few hundred objects, which matters because every full garbage collection walks them all.
 */
export interface CataloguePeriod extends repository.PeriodRow {
  types: number;
  /** The last moment (epoch ms) an embargo on any of its values ended; null when none had one. */
  lastLifted: number | null;
}

export interface Catalogue {
  /** Every metric the public may see, by slug, in slug order. */
  metrics: ReadonlyMap<string, repository.MetricRow>;
  /** Each metric's public periods, oldest first. */
  periods: ReadonlyMap<number, CataloguePeriod[]>;
  areas: ReadonlyMap<string, repository.AreaRef>;
  areasOfType: ReadonlyMap<AreaType, repository.AreaRef[]>;
  /** When each metric's latest values were rebuilt (epoch ms). */
  latestBuilds: ReadonlyMap<number, number>;
  /** The keys of every metric's latest periods, by the count and the area types asked for. */
  everyMetricLatest: Map<string, AnswerKeys>;
  /** Groups asked for, by id: every writer of groups moves the data version on. */
  groups: Map<string, GroupMembers>;
}

export type GroupMembers = Awaited<ReturnType<GroupsService['memberCodes']>>;

export interface AnswerKeys {
  metricRows: repository.MetricRow[];
  metrics: MetricMetadata[];
  credits: { attribution: string; licence: string };
  keys: AnswerKey[];
  periodsPerMetric: number;
}

/** Area types as bits, one per type of the vocabulary (fewer than 31). */
export function typeMask(types: Iterable<AreaType>): number {
  let mask = 0;
  for (const type of types) mask |= 1 << areaTypes.indexOf(type);
  return mask;
}

/**
 * Each metric's periods, oldest first, from coverage rows in that order. Metrics share their
 * periods, area types and embargo ends: one object for each combination.
 */
export function periodsByMetric(
  coverage: readonly (repository.PeriodRow & {
    metric_id: number;
    area_types: AreaType[];
    last_lifted: number | null;
  })[],
): Map<number, CataloguePeriod[]> {
  const periods = new Map<number, CataloguePeriod[]>();
  const shared = new Map<string, CataloguePeriod>();
  for (const { metric_id, area_types, last_lifted, ...period } of coverage) {
    const types = typeMask(area_types);
    const key = `${period.period_id}|${types}|${last_lifted}`;
    let entry = shared.get(key);
    if (!entry) {
      entry = { ...period, types, lastLifted: last_lifted };
      shared.set(key, entry);
    }
    const list = periods.get(metric_id);
    if (list) list.push(entry);
    else periods.set(metric_id, [entry]);
  }
  return periods;
}

/**
 * The public catalogue as a reader with a sight sees it: the metrics their sight defines (new
 * ones, or a definition not yet public) and the periods of the values in it, merged into the
 * metrics' public periods. A new object for the one request: nothing of it is kept or shared
 * beyond the public's own parts, which it does not change.
 */
export function withSight(
  catalogue: Catalogue,
  metrics: readonly repository.MetricRow[],
  coverage: Parameters<typeof periodsByMetric>[0],
): Catalogue {
  const bySlug = new Map(catalogue.metrics);
  for (const metric of metrics) bySlug.set(metric.slug, metric);
  const periods = new Map(catalogue.periods);
  for (const [metricId, seen] of periodsByMetric(coverage)) {
    const merged = new Map((periods.get(metricId) ?? []).map((p) => [p.period_id, p]));
    for (const period of seen) {
      const known = merged.get(period.period_id);
      merged.set(
        period.period_id,
        known ? { ...known, types: known.types | period.types } : period,
      );
    }
    periods.set(
      metricId,
      [...merged.values()].sort((a, b) =>
        a.start_date === b.start_date
          ? a.end_date.localeCompare(b.end_date)
          : a.start_date.localeCompare(b.start_date),
      ),
    );
  }
  const sorted = new Map([...bySlug].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    ...catalogue,
    metrics: sorted,
    periods,
    latestBuilds: new Map(),
    everyMetricLatest: new Map(),
  };
}
