import { sql, type Kysely } from 'kysely';

/*
 * The sector overview (issue 19): each basket's direction of travel for every measure, baseline
 * and area (England and every current English council), worked out whenever the data changes,
 * so that the pages and the API only look it up. A row keeps the two figures it compared, so
 * that every count can be traced to its data. Areas are by code: the overview is rebuilt whole
 * and shows councils as they are now.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table overview_directions (
    basket text not null,
    baseline text not null,
    area_code text not null,
    metric text not null,
    title text not null,
    theme text not null,
    direction text not null
      check (direction in ('improved', 'no-change', 'worsened', 'not-comparable')),
    reason text check ((direction = 'not-comparable') = (reason is not null)),
    decided_by text check (decided_by in ('intervals', 'tolerance')),
    baseline_period text,
    baseline_value double precision,
    latest_period text,
    latest_value double precision,
    primary key (basket, baseline, area_code, metric)
  )`.execute(db);
  await sql`create table overview_builds (
    basket text primary key,
    version integer not null,
    built_at timestamptz not null default now()
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table overview_builds`.execute(db);
  await sql`drop table overview_directions`.execute(db);
}
