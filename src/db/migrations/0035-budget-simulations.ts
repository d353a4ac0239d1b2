import { sql, type Kysely } from 'kysely';

/*
 * Budget simulations (issue 21). A simulation belongs to a council (its organisation's code, the
 * council's GSS code) and keeps every version of its definition: once opened, a version is never
 * changed, and each response names the version it answered. Responses keep the balance the
 * server computed, not the page's, and what gave them away as possibly not a resident's (sent
 * too fast; the hidden field filled, which also excludes it at once). The aggregates are kept as responses arrive, in the same
 * transaction, so results are read and never recomputed per view; each is split into shards
 * (a response's id modulo 8) so that concurrent submissions do not queue on one counter row,
 * and by whether the responses counted are included or excluded by moderation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table simulations (
    id integer generated always as identity primary key,
    slug text not null unique,
    organisation_code text not null,
    state text not null default 'draft' check (state in ('draft', 'open', 'closed')),
    illustrative boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index simulations_organisation on simulations (organisation_code)`.execute(db);
  await sql`create table simulation_versions (
    id integer generated always as identity primary key,
    simulation_id integer not null references simulations (id) on delete cascade,
    version integer not null check (version > 0),
    definition jsonb not null,
    created_by_user_id integer references users (id) on delete set null,
    created_at timestamptz not null default now(),
    opened_at timestamptz,
    unique (simulation_id, version)
  )`.execute(db);
  await sql`create table simulation_responses (
    id bigint generated always as identity primary key,
    simulation_id integer not null references simulations (id) on delete cascade,
    version_id integer not null references simulation_versions (id),
    idempotency_key text not null check (length(idempotency_key) between 8 and 100),
    choices jsonb not null,
    council_tax_basis_points integer not null,
    still_to_find_pennies bigint not null,
    about_you jsonb not null,
    started_at timestamptz not null,
    submitted_at timestamptz not null default now(),
    source_hash text not null,
    duplicate_of bigint references simulation_responses (id),
    too_fast boolean not null default false,
    honeypot_filled boolean not null default false,
    excluded_at timestamptz,
    excluded_reason text,
    excluded_by_user_id integer references users (id) on delete set null,
    unique (simulation_id, idempotency_key),
    check ((excluded_at is null) = (excluded_reason is null))
  )`.execute(db);
  await sql`create index simulation_responses_source
    on simulation_responses (simulation_id, source_hash, submitted_at)`.execute(db);
  await sql`create table simulation_line_totals (
    version_id integer not null references simulation_versions (id) on delete cascade,
    line_id text not null,
    included boolean not null,
    shard smallint not null,
    responses bigint not null,
    percent_sum bigint not null,
    primary key (version_id, line_id, included, shard)
  )`.execute(db);
  await sql`create table simulation_step_counts (
    version_id integer not null references simulation_versions (id) on delete cascade,
    line_id text not null,
    percent integer not null,
    included boolean not null,
    shard smallint not null,
    responses bigint not null,
    primary key (version_id, line_id, percent, included, shard)
  )`.execute(db);
  await sql`create table simulation_council_tax_counts (
    version_id integer not null references simulation_versions (id) on delete cascade,
    basis_points integer not null,
    included boolean not null,
    shard smallint not null,
    responses bigint not null,
    primary key (version_id, basis_points, included, shard)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'simulation_council_tax_counts',
    'simulation_step_counts',
    'simulation_line_totals',
    'simulation_responses',
    'simulation_versions',
    'simulations',
  ])
    await sql`drop table ${sql.table(table)}`.execute(db);
}
