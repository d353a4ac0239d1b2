import { sql, type Kysely } from 'kysely';

/*
 * Schema v12: who is building which council's kept profile (issue 15). After an import, a group
 * rebuild, an embargo's end or the day's change, every kept profile is stale, and its first view
 * would rebuild it (0.4–0.5 s for a 478-measure council). Each serving process rebuilds them in
 * the background instead, claiming one council at a time here for a while, so that several
 * processes on one PostgreSQL share the work rather than repeat it; a claim whose process died
 * lapses and is taken again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table profile_builds (
    area_code text not null,
    group_key text not null,
    stamp text not null,
    claimed_until timestamptz not null,
    primary key (area_code, group_key)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table profile_builds`.execute(db);
}
