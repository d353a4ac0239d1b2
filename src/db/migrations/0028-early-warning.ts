import { sql, type Kysely } from 'kysely';

/*
 * Early warning (issue 19), read only by improvement advisers and administrators. A flag is one
 * rule raised on one council and theme, kept from the day it is first raised until the day the
 * figures stop raising it, so that "what changed since last month" is a lookup; while it stands,
 * each rebuild replaces its evidence with the figures that raise it now. Notes are the advisers'
 * record of the support offered, audited like every change a person makes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table early_warning_flags (
    id integer generated always as identity primary key,
    area_code text not null,
    rule text not null,
    theme text not null,
    rule_version integer not null,
    summary text not null,
    evidence jsonb not null,
    raised_at timestamptz not null default now(),
    cleared_at timestamptz,
    check (cleared_at is null or cleared_at >= raised_at)
  )`.execute(db);
  await sql`create unique index early_warning_flags_standing
    on early_warning_flags (area_code, rule, theme) where cleared_at is null`.execute(db);
  await sql`create index early_warning_flags_area on early_warning_flags (area_code)`.execute(db);
  await sql`create table early_warning_builds (
    id integer primary key check (id = 1),
    rule_version integer not null,
    built_at timestamptz not null
  )`.execute(db);
  await sql`create table early_warning_notes (
    id integer generated always as identity primary key,
    area_code text not null,
    kind text not null check (kind in
      ('note', 'meeting-held', 'peer-support-offered', 'mentor-assigned', 'closed')),
    body text not null,
    user_id integer references users (id) on delete set null,
    author text not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index early_warning_notes_area
    on early_warning_notes (area_code, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table early_warning_notes`.execute(db);
  await sql`drop table early_warning_builds`.execute(db);
  await sql`drop table early_warning_flags`.execute(db);
}
