import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import {
  metricsPublicAt,
  ownStatePublicAt,
  ownStateVisibleAt,
  visibleAt,
  visibleStateAt,
  type Sight,
} from '../db/visibility.ts';
import type { PublicationState, ValueStatus } from '../db/vocabulary.ts';

/*
 * One council's values of one metric and their history, as a reader with a sight may see them
 * (the public's sight is empty): the page each value's history is read on, and what a steward
 * corrects.
 */

/** The metric, defined as the reader sees it now; undefined when they may not see it at all. */
export async function findMetric(db: Executor, slug: string, sight: Sight) {
  return db
    .selectFrom(metricsPublicAt(sql`now()`, sight).as('m'))
    .select(['m.id', 'm.slug', 'm.title', 'm.unit', 'm.decimal_places'])
    .where('m.slug', '=', slug)
    .executeTakeFirst();
}

export async function findArea(db: Executor, code: string) {
  return db
    .selectFrom('areas')
    .select(['id', 'code', 'name', 'type'])
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Who wrote a state: the import, and the organisation that lodged it, if one did. */
export interface Provenance {
  import_id: number;
  kind: string;
  source: string;
  created_by: string;
  organisation_id: number | null;
  organisation_code: string | null;
  organisation_name: string | null;
}

export interface CurrentValue extends Provenance {
  period_code: string;
  period_label: string;
  value: number | null;
  lci: number | null;
  uci: number | null;
  status: ValueStatus;
  /** Whether the reader sees the row's own state; false: the public state it holds. */
  own: boolean;
  publication: PublicationState;
  embargo_until: Date | null;
  updated_at: Date;
}

const provenance = sql`i.id as import_id, i.kind, i.source, i.created_by, org.id as organisation_id,
  org.code as organisation_code, org.name as organisation_name`;

/** The area's values of the metric the reader sees now, newest period first. */
export async function currentValues(
  db: Executor,
  metricId: number,
  areaId: number,
  sight: Sight,
): Promise<CurrentValue[]> {
  const now = sql`now()`;
  const result = await sql<CurrentValue>`
    select p.code as period_code, p.label as period_label, ${visibleStateAt('o', now, sight)},
      ${ownStateVisibleAt('o', now, sight)} as own, o.publication, o.embargo_until, o.updated_at,
      ${provenance}
    from observations o join periods p on p.id = o.period_id
      join imports i on i.id = o.import_id
      left join organisations org on org.id = i.organisation_id
    where o.metric_id = ${metricId} and o.area_id = ${areaId} and ${visibleAt('o', now, sight)}
    order by p.start_date desc, p.end_date desc`.execute(db);
  return result.rows;
}

export interface Revision extends Provenance {
  period_code: string;
  value: number | null;
  lci: number | null;
  uci: number | null;
  status: ValueStatus;
  valid_from: Date;
  valid_to: Date;
}

/**
 * The states the area's values had before, newest first: those the public saw (published, or
 * embargoed until a moment before they were replaced) and those in the reader's sight.
 */
export async function revisions(
  db: Executor,
  metricId: number,
  areaId: number,
  sight: Sight,
): Promise<Revision[]> {
  const seen =
    sight.length === 0
      ? ownStatePublicAt('r', sql`r.valid_to`)
      : sql`(${ownStatePublicAt('r', sql`r.valid_to`)} or r.import_id = any(${sight}::integer[]))`;
  const result = await sql<Revision>`
    select p.code as period_code, r.value, r.lci, r.uci, r.status, r.valid_from, r.valid_to,
      ${provenance}
    from observation_revisions r join periods p on p.id = r.period_id
      join imports i on i.id = r.import_id
      left join organisations org on org.id = i.organisation_id
    where r.metric_id = ${metricId} and r.area_id = ${areaId} and ${seen}
    order by r.valid_to desc, r.id desc`.execute(db);
  return result.rows;
}

/** The organisations a restricted import is shared with, by code. */
export async function audienceOf(db: Executor, importId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('import_audiences')
    .select('organisation_id')
    .where('import_id', '=', importId)
    .execute();
  return rows.map((r) => r.organisation_id);
}

/** A state of a value that the public was shown, and when it was first shown to them. */
export interface PublishedState {
  slug: string;
  title: string;
  unit: string | null;
  decimal_places: number;
  period_code: string;
  period_label: string;
  value: number | null;
  lci: number | null;
  uci: number | null;
  status: ValueStatus;
  published_at: Date;
}

/**
 * Every state of the area's values of these metrics that the public was ever shown, with the
 * moment it became public (written, or its embargo's end if later): the current rows public now
 * and the revisions public before they were replaced. Public only: never a reader's sight. A
 * metric whose definition the public may not see yet is left out.
 */
export async function publishedStates(
  db: Executor,
  slugs: readonly string[],
  areaId: number,
): Promise<PublishedState[]> {
  const now = sql`now()`;
  const metricIds = sql`(select id from metrics where slug = any(${slugs}::text[]))`;
  const from = (t: 'o' | 'r', written: string) =>
    sql`greatest(${sql.ref(`${t}.${written}`)}, coalesce(${sql.ref(`${t}.embargo_until`)}, ${sql.ref(`${t}.${written}`)}))`;
  const result = await sql<PublishedState>`
    select m.slug, m.title, m.unit, m.decimal_places, p.code as period_code,
      p.label as period_label, e.value, e.lci, e.uci, e.status, e.published_at
    from (
      select o.metric_id, o.period_id, o.value, o.lci, o.uci, o.status,
        ${from('o', 'updated_at')} as published_at
      from observations o
      where o.metric_id in ${metricIds} and o.area_id = ${areaId} and ${ownStatePublicAt('o', now)}
      union all
      select r.metric_id, r.period_id, r.value, r.lci, r.uci, r.status,
        ${from('r', 'valid_from')} as published_at
      from observation_revisions r
      where r.metric_id in ${metricIds} and r.area_id = ${areaId}
        and ${ownStatePublicAt('r', sql`r.valid_to`)}
    ) e
    join ${metricsPublicAt(now)} as m on m.id = e.metric_id
    join periods p on p.id = e.period_id
    order by e.published_at, p.start_date`.execute(db);
  return result.rows;
}
