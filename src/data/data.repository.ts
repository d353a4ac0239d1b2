import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/database.ts';
import {
  metricsPublicAt,
  metricsPublicNow,
  ownStatePublicAt,
  publicObservation,
  publicCoverage as coverageIsPublic,
  publicSight,
  publicState,
  visibleAt,
  visibleStateAt,
  type SeenState,
  type Sight,
} from '../db/visibility.ts';
import type { AreaType, ValueStatus } from '../db/vocabulary.ts';

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
  'm.comparable_across',
] as const;

/**
 * Metrics by slug, or every metric that holds any values for '*', with the definition the
 * public saw at `asOf` (now when null): a metric with none then is not among them. Whether the
 * public may see its values, and when, is the caller's question.
 */
export async function findMetrics(
  db: Executor,
  slugs: readonly string[] | '*',
  asOf: Date | null = null,
  sight: Sight = publicSight,
) {
  if (slugs !== '*' && slugs.length === 0) return [];
  return db
    .selectFrom(
      (asOf === null
        ? sight.length === 0
          ? metricsPublicNow
          : metricsPublicAt(sql`now()`, sight)
        : metricsPublicAt(moment(asOf), sight)
      ).as('m'),
    )
    .select(metricColumns)
    .$if(slugs === '*', (q) =>
      q.where(sql<boolean>`exists (select 1 from metric_period_coverage c
        where c.metric_id = m.id)`),
    )
    .$if(slugs !== '*', (q) => q.where('m.slug', 'in', slugs === '*' ? [] : slugs))
    .orderBy('m.slug')
    .execute();
}

export type MetricRow = Awaited<ReturnType<typeof findMetrics>>[number];

/** Every metric the public may see now (any value published or out of embargo), by slug. */
export async function publicMetrics(db: Executor) {
  return db
    .selectFrom(metricsPublicNow.as('m'))
    .select(metricColumns)
    .where(
      sql<boolean>`exists (select 1 from metric_period_coverage c
      where c.metric_id = m.id and ${coverageIsPublic})`,
    )
    .orderBy('m.slug')
    .execute();
}

/** An observation's state, from the current row or from a revision. */
export type StateRow = Omit<SeenState, 'unpublished'>;

/** The moment an answer describes, never later than now: a later one would lift embargoes early. */
function moment(asOf: Date): RawBuilder<Date> {
  return sql<Date>`least(${asOf}::timestamptz, now())`;
}

/** A row's key and the state the reader with `sight` saw of it at `at`. */
const stateColumns = (t: 'o' | 'r', at: RawBuilder<unknown>, sight: Sight) =>
  sql`${sql.join(['metric_id', 'period_id', 'area_id'].map((c) => sql.ref(`${t}.${c}`)))},
    ${visibleStateAt(t, at, sight)}`;

/** The observations the reader may see now; the caller's join picks them by key. */
function visibleNow(sight: Sight) {
  return sql<StateRow>`(select ${stateColumns('o', sql`now()`, sight)} from observations o
    where ${visibleAt('o', sql`now()`, sight)})`;
}

/** The observations the public may see now. */
const publicNow = visibleNow(publicSight);

/**
 * The observations of these metrics (and periods) as the reader saw them at a past moment: the
 * current row if it was written by then, otherwise the revision that was current then (a
 * revision holds the state a value had from valid_from to valid_to); either way only if it was
 * visible to them at that moment. The two never both match: a revision ends when the current
 * row was written.
 */
function statesAt(
  asOf: Date,
  metricIds: readonly number[],
  periodIds: readonly number[] | null,
  sight: Sight,
): RawBuilder<StateRow> {
  const at = moment(asOf);
  const keys = (t: 'o' | 'r') =>
    sql`${sql.ref(`${t}.metric_id`)} = any(${metricIds}::integer[])${
      periodIds === null
        ? sql``
        : sql` and ${sql.ref(`${t}.period_id`)} = any(${periodIds}::integer[])`
    }`;
  return sql<StateRow>`(select ${stateColumns('o', at, sight)} from observations o
      where ${keys('o')} and o.updated_at <= ${at} and ${visibleAt('o', at, sight)}
    union all
    select ${stateColumns('r', at, sight)} from observation_revisions r
      where ${keys('r')} and r.valid_from <= ${at} and ${at} < r.valid_to
        and ${visibleAt('r', at, sight)})`;
}

/** A period of a metric's values, oldest first in every list. */
export interface PeriodRow {
  period_id: number;
  code: string;
  label: string;
  start_date: string;
  end_date: string;
}

/**
 * The imports not yet public that people of these organisations (by code) may see: those their
 * organisations lodged, and the restricted ones whose audience names one of their organisations
 * or a benchmarking club that one of them belongs to (see migration 0017).
 */
export async function sightOf(db: Executor, organisations: readonly string[]): Promise<number[]> {
  if (organisations.length === 0) return [];
  const result = await sql<{ id: number }>`
    with mine as (
      select o.id from organisations o where o.code = any(${organisations}::text[])
      union
      select c.club_id from club_members c join organisations o on o.id = c.organisation_id
        where o.code = any(${organisations}::text[]))
    select i.id from imports i
    where i.publication <> 'published' and (i.embargo_until is null or i.embargo_until > now())
      and (i.organisation_id in (select id from mine)
        or exists (select 1 from import_audiences a
          where a.import_id = i.id and a.organisation_id in (select id from mine)))
    order by i.id`.execute(db);
  return result.rows.map((r) => r.id);
}

/**
 * What a reader's sight adds to the public's catalogue: the metrics (defined as the reader sees
 * them) and the periods, by the area types holding them, of the values in their sight that the
 * public cannot see yet.
 */
export async function sightCoverage(db: Executor, sight: Sight) {
  // Nothing in a sight has lifted yet: it would be public, and out of the sight, if it had.
  const result = await sql<
    PeriodRow & { metric_id: number; area_types: AreaType[]; last_lifted: null }
  >`
    select o.metric_id, p.id as period_id, p.code, p.label, p.start_date, p.end_date,
      array_agg(distinct a.type) as area_types, null::float8 as last_lifted
    from observations o join areas a on a.id = o.area_id join periods p on p.id = o.period_id
    where o.publication <> 'published' and o.import_id = any(${sight}::integer[])
      and not ${ownStatePublicAt('o', sql`now()`)}
    group by o.metric_id, p.code
    order by p.start_date, p.end_date`.execute(db);
  return result.rows;
}

/**
 * The metrics, defined as a reader with `sight` sees them, that their sight adds or redefines:
 * those holding values in it (`metricIds`) and those it writes a definition of.
 */
export async function sightMetrics(db: Executor, sight: Sight, metricIds: readonly number[]) {
  return db
    .selectFrom(metricsPublicAt(sql`now()`, sight).as('m'))
    .select(metricColumns)
    .where(
      sql<boolean>`(m.id = any(${metricIds}::integer[]) or exists (select 1
        from metric_definitions d where d.metric_id = m.id
          and d.import_id = any(${sight}::integer[])))`,
    )
    .execute();
}

/** Which data the public sees changes with every write (the version) and when an embargo ends. */
export async function dataState(
  db: Executor,
): Promise<{ version: number; next_lift: Date | null; now: Date }> {
  const result = await sql<{ version: number; next_lift: Date | null; now: Date }>`
    select v.version,
      (select min(embargo_until) from imports where embargo_until > now()) as next_lift,
      now() as now
    from data_version v`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('data_version has no row: the migrations have not been applied');
  return { ...row, version: Number(row.version) };
}

/**
 * Every period of every metric the public may see now, with the area types holding its public
 * values and the last moment (epoch ms) an embargo on any of them ended (null when none had
 * one), oldest first: read from the coverage summary the imports keep.
 */
export async function publicCoverage(db: Executor) {
  const result = await sql<
    PeriodRow & { metric_id: number; area_types: AreaType[]; last_lifted: number | null }
  >`
    select c.metric_id, p.id as period_id, p.code, p.label, p.start_date, p.end_date,
      array_agg(distinct c.area_type) as area_types,
      (extract(epoch from max(c.visible_from) filter (where c.visible_from > '-infinity'))
        * 1000)::float8 as last_lifted
    from metric_period_coverage c join periods p on p.id = c.period_id
    where ${coverageIsPublic}
    group by c.metric_id, p.code
    order by p.start_date, p.end_date`.execute(db);
  return result.rows;
}

/**
 * The periods in which each metric had values the public could see at a past moment, for areas
 * of these types, oldest first. The coverage summary only knows today's publication states, so
 * this reads the values themselves.
 */
export async function publicPeriodsAt(
  db: Executor,
  metricIds: readonly number[],
  areaTypes: readonly AreaType[],
  asOf: Date,
  sight: Sight,
): Promise<(PeriodRow & { metric_id: number; for_areas: boolean })[]> {
  if (metricIds.length === 0) return [];
  const result = await sql<PeriodRow & { metric_id: number; for_areas: boolean }>`
    select s.metric_id, p.id as period_id, p.code, p.label, p.start_date, p.end_date,
      bool_or(a.type = any(${areaTypes}::text[])) as for_areas
    from ${statesAt(asOf, metricIds, null, sight)} s
    join areas a on a.id = s.area_id
    join periods p on p.id = s.period_id
    group by s.metric_id, p.code
    order by p.start_date, p.end_date`.execute(db);
  return result.rows;
}

export interface AreaRef {
  id: number;
  code: string;
  name: string;
  type: AreaType;
  /** The area's lifetime: a value published outside it is shown but never ranked. */
  validFrom: string | null;
  validTo: string | null;
}

/** Every area openlg holds, current and abolished: abolished councils keep their values. */
export async function allAreas(db: Executor): Promise<AreaRef[]> {
  return db
    .selectFrom('areas')
    .select([
      'id',
      'code',
      'short_name as name',
      'type',
      'valid_from as validFrom',
      'valid_to as validTo',
    ])
    .orderBy('code')
    .execute();
}

/** One (metric, period) cell column of an answer, in the order the answer lists them. */
export interface ValueKey {
  metricId: number;
  periodId: number;
}

export interface ValueRow extends StateRow {
  /** The position of the row's key in the keys given. */
  key: number;
}

export interface ValueSelection {
  keys: readonly ValueKey[];
  /** The areas, in the order the answer lists them within each key. */
  areaIds: readonly number[];
  asOf: Date | null;
  /** What the reader may see beyond the public (see Sight). */
  sight: Sight;
}

/**
 * The rows of a selection: every (key, area) pair joined to its observation by primary key, so
 * that the planner can probe each pair when there are few areas (one area, every metric) or
 * scan each key's range when there are many (one metric, every council).
 */
function selected({ keys, areaIds, asOf, sight }: ValueSelection) {
  const source =
    asOf === null
      ? sight.length === 0
        ? publicNow
        : visibleNow(sight)
      : statesAt(
          asOf,
          [...new Set(keys.map((k) => k.metricId))],
          [...new Set(keys.map((k) => k.periodId))],
          sight,
        );
  // One key (one measure in one period, the commonest question) as constants, which the
  // planner probes with directly: for every district-level council, 0.84 → 0.70 ms on
  // PostgreSQL and 1.37 → 1.13 ms on PGlite.
  const [only] = keys;
  const keyRows =
    keys.length === 1 && only
      ? sql`(select ${only.metricId}::integer as metric_id, ${only.periodId}::integer as period_id,
          1::bigint as key) k`
      : sql`unnest(${keys.map((k) => k.metricId)}::integer[],
          ${keys.map((k) => k.periodId)}::integer[]) with ordinality as k(metric_id, period_id, key)`;
  return sql`${keyRows}
    cross join unnest(${areaIds}::integer[]) with ordinality as ar(area_id, position)
    join ${source} s
      on s.metric_id = k.metric_id and s.period_id = k.period_id and s.area_id = ar.area_id`;
}

/**
 * The values of a selection, by key and then in the areas' order, packed (packedState): one
 * measure's latest values for every district-level council (296 rows) took PGlite 4.5 ms to read
 * a row each and 1.1 ms as one text; PostgreSQL 1.1 and 0.7 ms.
 */
export async function valuesFor(db: Executor, selection: ValueSelection): Promise<ValueRow[]> {
  if (selection.keys.length === 0 || selection.areaIds.length === 0) return [];
  const result = await sql<{ fields: string | null }>`
    select string_agg(concat(k.key - 1, ',', ${packedState('s')}), ','
      order by k.key, ar.position) as fields
    from ${selected(selection)}`.execute(db);
  const fields = result.rows[0]?.fields?.split(',') ?? [];
  const rows: ValueRow[] = [];
  for (let i = 0; i + 7 < fields.length; i += 8)
    rows.push(Object.assign(stateAt(fields, i + 1), { key: Number(fields[i]) }));
  return rows;
}

/** How many public values a selection holds, for paging. */
export async function countValues(db: Executor, selection: ValueSelection): Promise<number> {
  if (selection.keys.length === 0 || selection.areaIds.length === 0) return 0;
  const result = await sql<{ n: number }>`
    select count(*) as n from ${selected(selection)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** The periods of one metric the public may see now, oldest first: the pages of a bulk file. */
export async function publicPeriodsOf(db: Executor, metricId: number) {
  const result = await sql<{ id: number; code: string; label: string }>`
    select distinct p.id, p.code, p.label, p.start_date, p.end_date
    from metric_period_coverage c join periods p on p.id = c.period_id
    where c.metric_id = ${metricId} and ${coverageIsPublic}
    order by p.start_date, p.end_date`.execute(db);
  return result.rows;
}

/** Every public value of one metric in one period, by area code. */
export async function publicValuesOf(db: Executor, metricId: number, periodId: number) {
  const result = await sql<{
    code: string;
    name: string;
    value: number | null;
    lci: number | null;
    uci: number | null;
    status: ValueStatus;
  }>`
    select a.code, a.short_name as name, ${publicState}
    from observations o join areas a on a.id = o.area_id
    where o.metric_id = ${metricId} and o.period_id = ${periodId}
      and ${publicObservation}
    order by a.code`.execute(db);
  return result.rows;
}

/** When each metric's latest values were last rebuilt (epoch ms): see migration 0004. */
export async function latestValueBuilds(db: Executor): Promise<Map<number, number>> {
  const result = await sql<{ metric_id: number; built_at: number }>`
    select metric_id, (extract(epoch from built_at) * 1000)::float8 as built_at
    from latest_value_builds`.execute(db);
  return new Map(result.rows.map((r) => [r.metric_id, r.built_at]));
}

/**
 * A state row's fields as one text, comma-separated, for rows read many at a time: decoding
 * thousands of rows one message and seven strings at a time cost more than everything else an
 * answer does (an area's whole profile, 5,478 rows at national scale: 15 → 11 ms on PostgreSQL,
 * 47 → 17 ms on PGlite). The numbers are PostgreSQL's own text output either way, so they read
 * back identically; no field holds a comma (ids, numbers, and the status vocabulary).
 */
function packedState(t: 's' | 'l') {
  const field = (name: string) => sql.ref(`${t}.${name}`);
  return sql`concat(${field('metric_id')}, ',', ${field('period_id')}, ',', ${field('area_id')},
    ',', ${field('value')}, ',', ${field('lci')}, ',', ${field('uci')}, ',', ${field('status')})`;
}

/** concat writes a null as nothing. */
const measure = (text: string | undefined) => (text ? Number(text) : null);

/** The state row packed (packedState) in the seven fields from `i`. */
function stateAt(fields: readonly string[], i: number): StateRow {
  return {
    metric_id: Number(fields[i]),
    period_id: Number(fields[i + 1]),
    area_id: Number(fields[i + 2]),
    value: measure(fields[i + 3]),
    lci: measure(fields[i + 4]),
    uci: measure(fields[i + 5]),
    status: fields[i + 6] as ValueStatus,
  };
}

/**
 * From this many areas, latestValues reads each metric's every area (one range of the index by
 * metric) and leaves the caller to drop the areas not asked for: a large share of all councils,
 * so the range holds few others. Listing the areas to PostgreSQL as well cost more than it saved:
 * the planner estimates each one's share of the rows (0.5 of a 1.1 ms statement on PGlite, for
 * the 338 district-level councils).
 */
const manyAreas = 100;

/**
 * These areas' latest values (of these metrics, or of all), as public when each metric was last
 * rebuilt: the caller checks the period and that no embargo has ended since, and, given
 * `manyAreas` or more, drops other areas' values. Packed (packedState): an area's whole profile
 * is thousands of rows. Kept by area and by metric (migrations 0004 and 0041), so that both a
 * council's every measure and a measure's every council are one range of an index.
 */
export async function latestValues(
  db: Executor,
  areaIds: readonly number[],
  metricIds: readonly number[] | null,
): Promise<StateRow[]> {
  if (areaIds.length === 0 || metricIds?.length === 0) return [];
  const metrics = metricIds === null ? null : sql`l.metric_id = any(${metricIds}::integer[])`;
  const areas = sql`l.area_id = any(${areaIds}::integer[])`;
  const result = await sql<{ fields: string | null }>`
    select string_agg(${packedState('l')}, ',') as fields
    from latest_values l
    where ${
      metrics === null
        ? areas
        : areaIds.length >= manyAreas
          ? metrics
          : sql`${areas} and ${metrics}`
    }`.execute(db);
  const fields = result.rows[0]?.fields?.split(',') ?? [];
  const rows: StateRow[] = [];
  for (let i = 0; i + 6 < fields.length; i += 7) rows.push(stateAt(fields, i));
  return rows;
}
