import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import {
  coverageSeenBy,
  observationsSeenAt,
  publicCoverage,
  publicSight,
  unpublishedFor,
  visibleAt,
  visibleStateAt,
  type Sight,
} from '../db/visibility.ts';
import type { AreaType, ValueStatus } from '../db/vocabulary.ts';

export interface ValueRow {
  metricId: number;
  code: string;
  period: string;
  value: number | null;
  lci: number | null;
  uci: number | null;
  status: ValueStatus;
  /** Seen through the reader's sight before the public may see it (embargoed or restricted). */
  unpublished: boolean;
}

const now = sql`now()`;
/** The state of the observation aliased `o` the reader with `sight` sees now, flagged. */
const stateFor = (sight: Sight) =>
  sql`${visibleStateAt('o', now, sight)}, ${unpublishedFor('o', sight)} as unpublished`;

/**
 * Where the reads below find values, aliased `o`: the observations as the reader sees them now,
 * or (given `at`, a past moment) as they saw them then, which only the values and their
 * revisions can say. Without `at`, exactly the SQL the reads had before `at` existed.
 */
function observationsRead(metricIds: readonly number[], sight: Sight, at: Date | undefined) {
  if (at === undefined)
    return { from: sql`observations o`, state: stateFor(sight), seen: visibleAt('o', now, sight) };
  return {
    from: sql`${observationsSeenAt(at, sight, metricIds)} o`,
    state: sql`o.value, o.lci, o.uci, o.status, o.unpublished`,
    seen: sql<boolean>`true`,
  };
}

/**
 * The values of some metrics the reader with `sight` sees, for a few areas and periods: a primary-key lookup per
 * (period, area), never a scan of the metric.
 */
export async function valuesFor(
  db: Executor,
  metricIds: readonly number[],
  periodCodes: readonly string[],
  areaCodes: readonly string[],
  sight: Sight = publicSight,
  at?: Date,
): Promise<ValueRow[]> {
  if (metricIds.length === 0 || periodCodes.length === 0 || areaCodes.length === 0) return [];
  const o = observationsRead(metricIds, sight, at);
  const result = await sql<ValueRow>`
    select o.metric_id as "metricId", a.code, p.code as period, ${o.state}
    from ${o.from}
    join periods p on p.id = o.period_id
    join areas a on a.id = o.area_id
    where o.metric_id in (${sql.join(metricIds)})
      and o.period_id in (select id from periods where code in (${sql.join(periodCodes)}))
      and o.area_id in (select id from areas where code in (${sql.join(areaCodes)}))
      and ${o.seen}`.execute(db);
  return result.rows;
}

/** concat writes a null as nothing. */
const measure = (text: string | undefined) => (text ? Number(text) : null);

/**
 * Value rows read as one text of comma-separated fields rather than a row each: decoding a
 * whole profile's 8,000 rows eight strings at a time took longer than finding them (as the data
 * API's reads found; see data.repository.ts's packedState). The numbers are PostgreSQL's own
 * text output either way, so they read back identically; no field holds a comma (ids, codes,
 * ISO 8601 periods and dates, numbers, the status vocabulary). `rows` selects a ValueRow's
 * fields, and `startDate` and `endDate` when `dated`, by which the rows are then ordered.
 */
async function packed<Dated extends boolean>(
  db: Executor,
  rows: RawBuilder<unknown>,
  dated: Dated,
): Promise<(Dated extends true ? ValueRow & { startDate: string } : ValueRow)[]> {
  const result = await sql<{ fields: string | null }>`
    select string_agg(concat(r."metricId", ',', r.code, ',', r.period, ',', r.value, ',', r.lci,
      ',', r.uci, ',', r.status, ',', r.unpublished${dated ? sql`, ',', r."startDate"` : sql``}),
      ',' ${dated ? sql`order by r."startDate", r."endDate"` : sql``}) as fields
    from (${rows}) r`.execute(db);
  const fields = result.rows[0]?.fields?.split(',') ?? [];
  const width = dated ? 9 : 8;
  const read: ValueRow[] = [];
  for (let i = 0; i + width - 1 < fields.length; i += width) {
    const row: ValueRow = {
      metricId: Number(fields[i]),
      code: fields[i + 1] ?? '',
      period: fields[i + 2] ?? '',
      value: measure(fields[i + 3]),
      lci: measure(fields[i + 4]),
      uci: measure(fields[i + 5]),
      status: fields[i + 6] as ValueStatus,
      unpublished: fields[i + 7] === 't',
    };
    read.push(dated ? Object.assign(row, { startDate: fields[i + 8] ?? '' }) : row);
  }
  return read as (Dated extends true ? ValueRow & { startDate: string } : ValueRow)[];
}

/**
 * Up to this many areas, valuesAtKeys looks each (area, metric, period) up by index; past it, it
 * reads each key's whole slice. Measured on the demo store on PostgreSQL (medians on a loaded
 * machine, lookups against slices): 11 areas × 88 keys (a compare page over time) 14 and 54 ms;
 * 17 areas × 478 keys (a profile among its neighbours) 136 and 304 ms; 153 areas × 478 keys
 * 2,472 and 847 ms.
 */
const fewAreas = 32;

/**
 * The values (as `sight` sees them) of these areas at exact (metric, period) keys. valuesFor reads every
 * metric in every period named: for a whole profile (478 metrics, each wanted in its own latest
 * period) that read each metric's values in dozens of other periods too, most of a second.
 */
export async function valuesAtKeys(
  db: Executor,
  keys: readonly { metricId: number; period: string }[],
  areaCodes: readonly string[],
  sight: Sight = publicSight,
  at?: Date,
): Promise<ValueRow[]> {
  if (keys.length === 0 || areaCodes.length === 0) return [];
  const metricIds = keys.map((k) => k.metricId);
  const periods = keys.map((k) => k.period);
  const o = observationsRead([...new Set(metricIds)], sight, at);
  // The lateral subquery, kept apart by "offset 0", makes the planner probe the index once per
  // (area, key): left to itself it reads every area of each key and then drops all but these.
  const rows =
    areaCodes.length <= fewAreas
      ? sql`
    select k.metric_id as "metricId", a.code, p.code as period, o.*
    from areas a
    cross join unnest(${metricIds}::integer[], ${periods}::text[]) as k(metric_id, period)
    join periods p on p.code = k.period
    join lateral (select ${o.state} from ${o.from}
      where o.area_id = a.id and o.metric_id = k.metric_id and o.period_id = p.id
        and ${o.seen} offset 0) o on true
    where a.code = any(${areaCodes}::text[])`
      : sql`
    select o.metric_id as "metricId", a.code, p.code as period, ${o.state}
    from unnest(${metricIds}::integer[], ${periods}::text[]) as k(metric_id, period)
    join periods p on p.code = k.period
    join ${o.from} on o.metric_id = k.metric_id and o.period_id = p.id
    join areas a on a.id = o.area_id
    where a.code = any(${areaCodes}::text[])
      and ${o.seen}`;
  return packed(db, rows, false);
}

/** One area's values (as `sight` sees them) of some metrics in every period, oldest period first. */
export async function areaHistory(
  db: Executor,
  areaCode: string,
  metricIds: readonly number[],
  sight: Sight = publicSight,
  at?: Date,
): Promise<(ValueRow & { startDate: string })[]> {
  if (metricIds.length === 0) return [];
  const o = observationsRead(metricIds, sight, at);
  const rows = sql`
    select o.metric_id as "metricId", a.code, p.code as period,
      to_char(p.start_date, 'YYYY-MM-DD') as "startDate", p.end_date as "endDate", ${o.state}
    from areas a
    join ${o.from} on o.area_id = a.id
    join periods p on p.id = o.period_id
    where a.code = ${areaCode} and o.metric_id in (${sql.join(metricIds)})
      and ${o.seen}`;
  return packed(db, rows, true);
}

/** A period of a metric the reader sees and the area types (of those asked for) it covers. */
export interface MetricPeriodRow {
  metricId: number;
  code: string;
  label: string;
  startDate: string;
  endDate: string;
  types: AreaType[];
}

/**
 * The periods of these metrics for these area types the reader with `sight` sees values in,
 * oldest first: what a profile ranks in (coverageSeenBy lays the sight over the summary). One
 * row a period, not a period and type with its counts as the catalogue's coverage is: a
 * whole profile read that as 8,000 rows, which took longer to decode than to find.
 */
export async function metricPeriods(
  db: Executor,
  metricIds: readonly number[],
  types: readonly AreaType[],
  sight: Sight = publicSight,
  at?: Date,
): Promise<MetricPeriodRow[]> {
  if (metricIds.length === 0 || types.length === 0) return [];
  if (at !== undefined) return metricPeriodsAt(db, metricIds, types, sight, at);
  const result = await sql<MetricPeriodRow>`
    select c.metric_id as "metricId", p.code, p.label, p.start_date::text as "startDate",
      p.end_date::text as "endDate", array_agg(distinct c.area_type) as types
    from ${coverageSeenBy(sight)} c
    join periods p on p.id = c.period_id
    where c.metric_id = any(${metricIds}::integer[]) and c.area_type = any(${types}::text[])
      and ${publicCoverage}
    group by c.metric_id, p.code, p.label, p.start_date, p.end_date
    order by p.start_date, p.end_date`.execute(db);
  return result.rows;
}

/**
 * metricPeriods as the reader saw them at a past moment: the coverage summary only knows
 * today's publication states, so this reads the values themselves.
 */
async function metricPeriodsAt(
  db: Executor,
  metricIds: readonly number[],
  types: readonly AreaType[],
  sight: Sight,
  at: Date,
): Promise<MetricPeriodRow[]> {
  const result = await sql<MetricPeriodRow>`
    select s.metric_id as "metricId", p.code, p.label, p.start_date::text as "startDate",
      p.end_date::text as "endDate", array_agg(distinct a.type) as types
    from ${observationsSeenAt(at, sight, metricIds)} s
    join areas a on a.id = s.area_id
    join periods p on p.id = s.period_id
    where a.type = any(${types}::text[])
    group by s.metric_id, p.code, p.label, p.start_date, p.end_date
    order by p.start_date, p.end_date`.execute(db);
  return result.rows;
}

/** The register's facts about these areas a comparison needs: type and lifetime. */
export async function areaFacts(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db
    .selectFrom('areas')
    .select(['code', 'short_name', 'type', 'valid_from', 'valid_to'])
    .where('code', 'in', codes)
    .execute();
}
