import { sql, type Kysely } from 'kysely';

/*
 * Single sign-on (issue 17): an organisation may let its people sign in with their council's own
 * identity provider (OpenID Connect). Its provider and client, the client secret sealed with
 * OPENLG_SECRET_KEY; the email domains whose people it signs in, each domain naming at most one
 * organisation so that an email address leads to one provider; and sign-ins sent to a provider
 * and not yet back, in the database so that any process can take the callback. A sign-in is
 * found by the SHA-256 of its state and deleted when used: a state works once. Its nonce and PKCE
 * verifier are useless without the code, which only the browser that started it receives.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table single_sign_on (
    organisation_id integer primary key references organisations (id) on delete cascade,
    issuer text not null,
    client_id text not null,
    client_secret text not null,
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table single_sign_on_domains (
    domain text primary key,
    organisation_id integer not null
      references single_sign_on (organisation_id) on delete cascade
  )`.execute(db);
  await sql`create index single_sign_on_domains_organisation
    on single_sign_on_domains (organisation_id)`.execute(db);
  await sql`create table single_sign_on_requests (
    state_hash text primary key,
    organisation_id integer not null
      references single_sign_on (organisation_id) on delete cascade,
    nonce text not null,
    code_verifier text not null,
    next_path text not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table single_sign_on_requests, single_sign_on_domains, single_sign_on`.execute(db);
}
