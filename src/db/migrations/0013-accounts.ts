import { sql, type Kysely } from 'kysely';

/*
 * Accounts (issue 17): organisations, users, their roles in organisations, sessions, invitation
 * links, sign-in attempts and the audit trail. Every piece of state a signed-in request needs is
 * here, so that any number of openlg processes on one PostgreSQL share sessions and throttling.
 * Tokens (sessions, invitations) are stored only as SHA-256 hashes: a copy of the database
 * signs nobody in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table organisations (
    id serial primary key,
    kind text not null check (kind in ('council', 'national', 'club')),
    code text not null unique,
    name text not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`insert into organisations (kind, code, name)
    values ('national', 'lga', 'National programme team')`.execute(db);
  await sql`create table users (
    id serial primary key,
    email text not null,
    name text not null,
    password_hash text,
    disabled_at timestamptz,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create unique index users_email_key on users (lower(email))`.execute(db);
  await sql`create table memberships (
    user_id integer not null references users (id) on delete cascade,
    organisation_id integer not null references organisations (id) on delete cascade,
    role text not null check (role in ('administrator', 'organisation-admin', 'data-steward',
      'analyst', 'improvement-adviser', 'peer-challenge-manager', 'simulation-editor',
      'practice-editor')),
    primary key (user_id, organisation_id, role)
  )`.execute(db);
  await sessionTables(db);
  await auditTable(db);
}

async function sessionTables(db: Kysely<unknown>): Promise<void> {
  await sql`create table sessions (
    token_hash text primary key,
    user_id integer not null references users (id) on delete cascade,
    csrf_token text not null,
    created_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at timestamptz not null
  )`.execute(db);
  await sql`create index sessions_user on sessions (user_id)`.execute(db);
  await sql`create table invitations (
    token_hash text primary key,
    user_id integer not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz
  )`.execute(db);
  await sql`create table sign_in_attempts (
    id bigserial primary key,
    email_key text not null,
    address text not null,
    at timestamptz not null default now()
  )`.execute(db);
  await sql`create index sign_in_attempts_email on sign_in_attempts (email_key, at)`.execute(db);
  await sql`create index sign_in_attempts_address on sign_in_attempts (address, at)`.execute(db);
}

/** Append-only: the database itself refuses to change or delete an event. */
async function auditTable(db: Kysely<unknown>): Promise<void> {
  await sql`create table audit_events (
    id bigserial primary key,
    at timestamptz not null default now(),
    user_id integer,
    actor text,
    address text,
    action text not null,
    subject text,
    before jsonb,
    after jsonb
  )`.execute(db);
  await sql`create index audit_events_at on audit_events (at)`.execute(db);
  await sql`create function audit_events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit events are append-only';
    end $$`.execute(db);
  await sql`create trigger audit_events_append_only before update or delete on audit_events
    for each row execute function audit_events_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_events, sign_in_attempts, invitations, sessions, memberships, users,
    organisations`.execute(db);
  await sql`drop function audit_events_append_only`.execute(db);
}
