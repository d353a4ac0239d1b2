import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import {
  metricsPublicAt,
  metricsPublicNow,
  ownStatePublicAt,
  publicCoverage,
  publicSight,
  type Sight,
} from '../db/visibility.ts';
import type { AreaType, Theme } from '../db/vocabulary.ts';

export interface MetricFilter {
  words: string[];
  theme?: Theme;
  areaTypes?: readonly AreaType[];
  /** Only these metrics. */
  slugs?: readonly string[];
  limit: number;
  offset: number;
}

/** A word matches at the start of a word ("employ" finds "employment", not "unemployment"). */
function wordStartPattern(word: string): string {
  return `\\m${word.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`)}`;
}

const metricColumns = [
  'm.id',
  'm.slug',
  'm.title',
  'm.subtitle',
  'm.description',
  'm.unit',
  'm.measure',
  'm.decimal_places',
  'm.polarity',
  'm.theme',
  'm.source_organisation',
  'm.source_url',
  'm.licence',
  'm.caveats',
  'm.periodicity',
  'm.synthetic',
  'm.comparable_across',
] as const;

/**
 * The one rule for whether the public may know a metric (aliased `m`) exists: it has a value
 * the public may see (of one of these area types). A metric whose values are all embargoed or
 * restricted answers as one that does not exist: its existence can be news.
 */
function hasPublicValues(areaTypes: readonly AreaType[] = []) {
  return sql<boolean>`exists (select 1 from metric_period_coverage c
    where c.metric_id = m.id and ${publicCoverage}${
      areaTypes.length > 0 ? sql` and c.area_type = any(${areaTypes}::text[])` : sql``
    })`;
}

/** The same rule for a reader with `sight`: public values, or values in their sight. */
function hasVisibleValues(areaTypes: readonly AreaType[] = [], sight: Sight = publicSight) {
  if (sight.length === 0) return hasPublicValues(areaTypes);
  return sql<boolean>`(${hasPublicValues(areaTypes)} or exists (select 1 from observations o
    join areas a on a.id = o.area_id
    where o.metric_id = m.id and o.publication <> 'published'
      and o.import_id = any(${sight}::integer[])${
        areaTypes.length > 0 ? sql` and a.type = any(${areaTypes}::text[])` : sql``
      }))`;
}

/** The metrics a reader with `sight` may know, with the definition they see now. */
function publicMetrics(db: Executor, areaTypes?: readonly AreaType[], sight: Sight = publicSight) {
  const metrics = sight.length === 0 ? metricsPublicNow : metricsPublicAt(sql`now()`, sight);
  return db
    .selectFrom(metrics.as('m'))
    .select(metricColumns)
    .where(hasVisibleValues(areaTypes, sight));
}

/**
 * Public metrics matching every word of the query in their title, subtitle, description or
 * slug.
 */
export async function searchMetrics(db: Executor, filter: MetricFilter) {
  let query = publicMetrics(db, filter.areaTypes).select(sql<number>`count(*) over ()`.as('total'));
  for (const word of filter.words)
    query = query.where(
      sql<boolean>`concat_ws(' ', m.title, m.subtitle, m.description, m.slug) ~* ${wordStartPattern(word)}`,
    );
  if (filter.theme) query = query.where('m.theme', '=', filter.theme);
  if (filter.slugs)
    query = query.where('m.slug', 'in', filter.slugs.length > 0 ? filter.slugs : ['']);
  return query
    .orderBy('m.title')
    .orderBy('m.slug')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

export type MetricRow = Awaited<ReturnType<typeof searchMetrics>>[number];

/** Those of these metrics the reader with `sight` may see, as they see them now. */
export async function findMetrics(
  db: Executor,
  slugs: readonly string[],
  sight: Sight = publicSight,
) {
  if (slugs.length === 0) return [];
  return publicMetrics(db, undefined, sight).where('m.slug', 'in', slugs).execute();
}

/** One metric as the reader with `sight` sees it now, or undefined when they may not know it. */
export async function findMetric(db: Executor, slug: string, sight: Sight = publicSight) {
  return publicMetrics(db, undefined, sight).where('m.slug', '=', slug).executeTakeFirst();
}

/**
 * What the reader with `sight` may see of each metric's periods, by area type, oldest period
 * first: the public's coverage, with what their sight adds.
 */
export async function visibleCoverage(
  db: Executor,
  metricIds: readonly number[],
  sight: Sight = publicSight,
) {
  if (metricIds.length === 0) return [];
  const rows = await publicCoverageOf(db, metricIds);
  return sight.length === 0 ? rows : withSightCoverage(db, rows, metricIds, sight);
}

function publicCoverageOf(db: Executor, metricIds: readonly number[]) {
  return db
    .selectFrom('metric_period_coverage as c')
    .innerJoin('periods as p', 'p.id', 'c.period_id')
    .select([
      'c.metric_id',
      'c.area_type',
      'p.code',
      'p.label',
      'p.type',
      'p.start_date',
      'p.end_date',
    ])
    .select((eb) => [
      eb.fn.max('c.last_changed').as('last_changed'),
      eb.fn.sum<number>('c.observation_count').as('observations'),
      eb.fn.sum<number>('c.value_count').as('values'),
    ])
    .where('c.metric_id', 'in', metricIds)
    .where(publicCoverage)
    .groupBy([
      'c.metric_id',
      'c.area_type',
      'p.code',
      'p.label',
      'p.type',
      'p.start_date',
      'p.end_date',
    ])
    .orderBy('p.start_date')
    .orderBy('p.end_date')
    .execute();
}

export type CoverageRow = Awaited<ReturnType<typeof publicCoverageOf>>[number];

/**
 * The public's coverage rows with those of the values in `sight` the public cannot see laid
 * over them, oldest period first. A value whose public state is held while its revision waits
 * is counted once, in the public's rows.
 */
async function withSightCoverage(
  db: Executor,
  rows: CoverageRow[],
  metricIds: readonly number[],
  sight: Sight,
): Promise<CoverageRow[]> {
  const sighted = await sql<CoverageRow>`
    select o.metric_id, a.type as area_type, p.code, p.label, p.type, p.start_date, p.end_date,
      max(o.updated_at) as last_changed,
      count(*) filter (where o.held_status is null) as observations,
      count(o.value) filter (where o.held_status is null) as values
    from observations o join areas a on a.id = o.area_id join periods p on p.id = o.period_id
    where o.publication <> 'published' and o.import_id = any(${sight}::integer[])
      and o.metric_id = any(${metricIds}::integer[]) and not ${ownStatePublicAt('o', sql`now()`)}
    group by o.metric_id, a.type, p.code, p.label, p.type, p.start_date, p.end_date`.execute(db);
  const key = (r: CoverageRow) => `${r.metric_id}|${r.area_type}|${r.code}`;
  const merged = new Map(rows.map((r) => [key(r), { ...r }]));
  for (const row of sighted.rows) {
    const found = merged.get(key(row));
    if (!found) merged.set(key(row), row);
    else {
      found.observations = Number(found.observations) + Number(row.observations);
      found.values = Number(found.values) + Number(row.values);
      if (new Date(row.last_changed) > new Date(found.last_changed))
        found.last_changed = row.last_changed;
    }
  }
  return [...merged.values()].sort(
    (a, b) => a.start_date.localeCompare(b.start_date) || a.end_date.localeCompare(b.end_date),
  );
}

/**
 * What a list of metrics says of each one's public coverage, summed up by the database: the
 * area types, the first and last periods, how many periods and when a value last changed. A
 * list of every metric would otherwise fetch a row per metric, period and area type (830,000
 * at national scale).
 */
export async function coverageSummaries(db: Executor, metricIds: readonly number[]) {
  if (metricIds.length === 0) return [];
  const result = await sql<{
    metric_id: number;
    area_types: AreaType[];
    periods: number;
    first_code: string;
    first_label: string;
    last_code: string;
    last_label: string;
    last_changed: Date;
  }>`
    select c.metric_id, array_agg(distinct c.area_type) as area_types,
      count(distinct c.period_id)::integer as periods,
      (array_agg(p.code order by p.start_date, p.end_date))[1] as first_code,
      (array_agg(p.label order by p.start_date, p.end_date))[1] as first_label,
      (array_agg(p.code order by p.start_date desc, p.end_date desc))[1] as last_code,
      (array_agg(p.label order by p.start_date desc, p.end_date desc))[1] as last_label,
      max(c.last_changed) as last_changed
    from metric_period_coverage c join periods p on p.id = c.period_id
    where c.metric_id = any(${metricIds}::integer[]) and ${publicCoverage}
    group by c.metric_id`.execute(db);
  return result.rows;
}

/** How many metrics with public values each theme has. */
export async function countByTheme(db: Executor) {
  return db
    .selectFrom(metricsPublicNow.as('m'))
    .select(['m.theme'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(hasPublicValues())
    .groupBy('m.theme')
    .execute();
}
