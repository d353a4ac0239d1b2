import { sql, type Kysely } from 'kysely';

/*
 * Schema v11: each council's profile, kept as the service built it (issue 15). A whole profile
 * compares the council with its group in every measure it has (478 in the demo): 0.4–0.5 s of
 * reading and ranking that only changes when the data, the groups, an embargo or the day does.
 * The first answer after such a change builds it and keeps it here, stamped with what it was
 * built from; every process serving the database then reads it with one primary-key lookup.
 * One row per council and group: a newer build replaces the older one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table council_profiles (
    area_code text not null,
    group_key text not null,
    stamp text not null,
    body text not null,
    built_at timestamptz not null default now(),
    primary key (area_code, group_key)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table council_profiles`.execute(db);
}
