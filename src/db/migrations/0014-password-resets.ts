import { sql, type Kysely } from 'kysely';

/*
 * Password reset (issue 17): the links sent by email, stored only as SHA-256 hashes of their
 * tokens, each used once and expiring; and the requests made, counted per email address and per
 * client address so that resets are throttled across every openlg process on one database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table password_resets (
    token_hash text primary key,
    user_id integer not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at timestamptz
  )`.execute(db);
  await sql`create index password_resets_user on password_resets (user_id)`.execute(db);
  await sql`create table password_reset_requests (
    id bigserial primary key,
    email_key text not null,
    address text not null,
    at timestamptz not null default now()
  )`.execute(db);
  await sql`create index password_reset_requests_email
    on password_reset_requests (email_key, at)`.execute(db);
  await sql`create index password_reset_requests_address
    on password_reset_requests (address, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table password_reset_requests, password_resets`.execute(db);
}
