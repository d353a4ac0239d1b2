import { sql, type Kysely } from 'kysely';

/*
 * When each signed-in person last opened a report for an area (issue 18): a report says what
 * changed in its figures since then. One row per person, report and area, rewritten at each
 * opening; reports are named by slug, as their addresses name them, and areas by GSS code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table report_openings (
    user_id integer not null references users (id) on delete cascade,
    report_slug text not null,
    area_code text not null,
    opened_at timestamptz not null,
    primary key (user_id, report_slug, area_code)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table report_openings`.execute(db);
}
