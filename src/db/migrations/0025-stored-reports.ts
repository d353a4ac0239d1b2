import { sql, type Kysely } from 'kysely';

/*
 * Stored reports (issue 18): reports people build, each a report definition (the JSON
 * src/reports/report.schema.ts checks) shared as a saved group is: its owner's, its
 * organisation's, or everyone's. Every saved change is kept as a revision, so a report's history
 * can be read back. A subscription asks for an email when the figures of a report, run for one
 * area, change; `told_through` is the publication time up to which changes have been told.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table stored_reports (
    id serial primary key,
    owner_user_id integer not null references users (id) on delete cascade,
    organisation_code text references organisations (code) on delete cascade,
    visibility text not null check (visibility in ('private', 'organisation', 'public')),
    name text not null,
    revision integer not null,
    definition jsonb not null,
    copied_from text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    updated_by integer references users (id) on delete set null,
    check (visibility <> 'organisation' or organisation_code is not null)
  )`.execute(db);
  await sql`create index stored_reports_owner on stored_reports (owner_user_id)`.execute(db);
  await sql`create index stored_reports_organisation on stored_reports (organisation_code)`.execute(
    db,
  );
  await sql`create table stored_report_revisions (
    report_id integer not null references stored_reports (id) on delete cascade,
    revision integer not null,
    definition jsonb not null,
    saved_at timestamptz not null default now(),
    saved_by integer references users (id) on delete set null,
    primary key (report_id, revision)
  )`.execute(db);
  await sql`create table report_subscriptions (
    id serial primary key,
    user_id integer not null references users (id) on delete cascade,
    report_slug text not null,
    area_code text not null,
    created_at timestamptz not null default now(),
    told_through timestamptz not null default now(),
    unique (user_id, report_slug, area_code)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table report_subscriptions, stored_report_revisions, stored_reports`.execute(db);
}
