import { sql, type Kysely } from 'kysely';

/*
 * Dashboards (issue 18): measures pinned as tiles, each for a council and the group it is
 * compared with, in the order chosen. A tile belongs to one person (their own dashboard) or to
 * one organisation (the dashboard its members land on), never both. Metrics and groups are named
 * as addresses name them (slug, group id), not referenced: a tile whose metric or group goes
 * away says so rather than vanishing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table dashboard_tiles (
    id serial primary key,
    owner_user_id integer references users (id) on delete cascade,
    organisation_code text references organisations (code) on delete cascade,
    position integer not null,
    area_code text not null,
    metric_slug text not null,
    group_id text,
    created_at timestamptz not null default now(),
    created_by integer references users (id) on delete set null,
    check ((owner_user_id is null) <> (organisation_code is null))
  )`.execute(db);
  await sql`create index dashboard_tiles_owner on dashboard_tiles (owner_user_id, position)`.execute(
    db,
  );
  await sql`create index dashboard_tiles_organisation
    on dashboard_tiles (organisation_code, position)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table dashboard_tiles`.execute(db);
}
