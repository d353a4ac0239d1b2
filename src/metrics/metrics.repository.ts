import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import {
  coverageSeenBy,
  metricsPublicAt,
  metricsPublicNow,
  observationsSeenAt,
  pastMoment,
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
 * The one rule for whether a reader may know a metric (aliased `m`) exists: it has a value the
 * reader with `sight` may see (of one of these area types). A metric whose values are all
 * embargoed or restricted answers as one that does not exist: its existence can be news.
 */
function hasVisibleValues(sight: Sight, areaTypes: readonly AreaType[] = []) {
  return sql<boolean>`exists (select 1 from ${coverageSeenBy(sight)} c
    where c.metric_id = m.id and ${publicCoverage}${
      areaTypes.length > 0 ? sql` and c.area_type = any(${areaTypes}::text[])` : sql``
    })`;
}

/**
 * The metrics a reader with `sight` may know, with the definition they see now, or the one they
 * saw at `at` (a past moment) of those they may know now.
 */
function visibleMetrics(db: Executor, sight: Sight, areaTypes?: readonly AreaType[], at?: Date) {
  return db
    .selectFrom(metricsPublicAt(at === undefined ? sql`now()` : pastMoment(at), sight).as('m'))
    .select(metricColumns)
    .where(hasVisibleValues(sight, areaTypes));
}

/**
 * The metrics a reader with `sight` may know matching every word of the query in their title,
 * subtitle, description or slug.
 */
export async function searchMetrics(db: Executor, filter: MetricFilter, sight: Sight) {
  let query = visibleMetrics(db, sight, filter.areaTypes).select(
    sql<number>`count(*) over ()`.as('total'),
  );
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

/** Those of these metrics a reader with `sight` may see, as they see them now. */
export async function findMetrics(
  db: Executor,
  slugs: readonly string[],
  sight: Sight = publicSight,
  at?: Date,
) {
  if (slugs.length === 0) return [];
  return visibleMetrics(db, sight, undefined, at).where('m.slug', 'in', slugs).execute();
}

/** Every metric a reader with `sight` may see, as they see it now, by slug. */
export async function everyMetric(db: Executor, sight: Sight = publicSight) {
  return visibleMetrics(db, sight).orderBy('m.slug').execute();
}

/**
 * One metric as a reader with `sight` (the public's by default) sees it now, or undefined when
 * they may not know it.
 */
export async function findMetric(
  db: Executor,
  slug: string,
  sight: Sight = publicSight,
  at?: Date,
) {
  return visibleMetrics(db, sight, undefined, at).where('m.slug', '=', slug).executeTakeFirst();
}

/**
 * What a reader with `sight` (the public's by default) may see of each metric's periods, by area
 * type, oldest period first.
 */
export async function visibleCoverage(
  db: Executor,
  metricIds: readonly number[],
  sight: Sight = publicSight,
  at?: Date,
) {
  if (metricIds.length === 0) return [];
  if (at !== undefined) return coverageAt(db, metricIds, sight, at);
  return db
    .selectFrom(coverageSeenBy(sight).as('c'))
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

export type CoverageRow = Awaited<ReturnType<typeof visibleCoverage>>[number];

/**
 * visibleCoverage as the reader saw it at a past moment: read from the values themselves, as
 * the summary only knows today's publication states. A change is dated the moment itself.
 */
async function coverageAt(db: Executor, metricIds: readonly number[], sight: Sight, at: Date) {
  const result = await sql<{
    metric_id: number;
    area_type: AreaType;
    code: string;
    label: string;
    type: string;
    start_date: string;
    end_date: string;
    last_changed: Date;
    observations: number;
    values: number;
  }>`
    select s.metric_id, a.type as area_type, p.code, p.label, p.type, p.start_date, p.end_date,
      ${pastMoment(at)} as last_changed, count(*)::integer as observations,
      count(s.value)::integer as values
    from ${observationsSeenAt(at, sight, metricIds)} s
    join areas a on a.id = s.area_id
    join periods p on p.id = s.period_id
    group by s.metric_id, a.type, p.code, p.label, p.type, p.start_date, p.end_date
    order by p.start_date, p.end_date`.execute(db);
  return result.rows;
}

/**
 * What a list of metrics says of each one's coverage a reader with `sight` sees, summed up by
 * the database: the area types, the first and last periods, how many periods and when a value
 * last changed. A list of every metric would otherwise fetch a row per metric, period and area
 * type (830,000 at national scale).
 */
export async function coverageSummaries(db: Executor, metricIds: readonly number[], sight: Sight) {
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
    from ${coverageSeenBy(sight)} c join periods p on p.id = c.period_id
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
    .where(hasVisibleValues(publicSight))
    .groupBy('m.theme')
    .execute();
}
