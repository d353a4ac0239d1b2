import { sql, type Kysely } from 'kysely';

/*
 * API keys (issue 17): a key names its user to the data API (`Authorization: Bearer olg_…`).
 * Only the key's SHA-256 is kept, as for session tokens: a copy of the table authenticates
 * nobody. The prefix (the key's first characters) is what people and the CLI call a key by.
 * A revoked key is kept, revoked, so the audit trail's key ids still name something.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table api_keys (
    id serial primary key,
    user_id integer not null references users (id) on delete cascade,
    name text not null,
    prefix text not null unique,
    key_hash text not null unique,
    created_at timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at timestamptz
  )`.execute(db);
  await sql`create index api_keys_user on api_keys (user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table api_keys`.execute(db);
}
