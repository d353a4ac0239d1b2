import { sql, type Kysely } from 'kysely';

/*
 * Data collections (issue 17): the national team asks councils for figures. A collection names
 * the metrics (already in the catalogue), the period and the deadline; each council asked has
 * one return, made with the collection in state not-started, which its stewards fill as a draft,
 * submit (their declaration that the figures are right) and an administrator publishes (an
 * import lodged by that council). A reminder row is claimed before its mail leaves, in the same
 * transaction, so that two processes never send one reminder twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table collections (
    id serial primary key,
    title text not null check (title <> ''),
    period_code text not null,
    deadline timestamptz not null,
    created_by integer references users (id) on delete set null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table collection_metrics (
    collection_id integer not null references collections (id) on delete cascade,
    position integer not null,
    metric_slug text not null references metrics (slug),
    primary key (collection_id, position),
    unique (collection_id, metric_slug)
  )`.execute(db);
  await sql`create table collection_returns (
    collection_id integer not null references collections (id) on delete cascade,
    area_code text not null,
    state text not null default 'not-started'
      check (state in ('not-started', 'draft', 'submitted', 'published')),
    changed_at timestamptz,
    changed_by integer references users (id) on delete set null,
    submitted_at timestamptz,
    submitted_by integer references users (id) on delete set null,
    published_at timestamptz,
    published_by integer references users (id) on delete set null,
    import_id integer references imports (id) on delete set null,
    primary key (collection_id, area_code)
  )`.execute(db);
  await sql`create index collection_returns_area on collection_returns (area_code)`.execute(db);
  await sql`create table collection_values (
    collection_id integer not null,
    area_code text not null,
    metric_slug text not null,
    value double precision,
    status text not null check (status in ('ok', 'not-available', 'suppressed')),
    note text,
    primary key (collection_id, area_code, metric_slug),
    foreign key (collection_id, area_code)
      references collection_returns (collection_id, area_code) on delete cascade,
    check ((status = 'ok') = (value is not null))
  )`.execute(db);
  await sql`create table collection_reminders (
    collection_id integer not null,
    area_code text not null,
    days_before integer not null check (days_before > 0),
    sent_at timestamptz not null default now(),
    recipients integer not null,
    primary key (collection_id, area_code, days_before),
    foreign key (collection_id, area_code)
      references collection_returns (collection_id, area_code) on delete cascade
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table collection_reminders, collection_values, collection_returns,
    collection_metrics, collections`.execute(db);
}
