import { sql, type Kysely } from 'kysely';

/*
 * Two-factor sign-in (issue 17): each user's TOTP secret (unconfirmed until a code from the app
 * proves it was copied, then in force), with the last time step accepted so that no code is taken
 * twice; single-use recovery codes, stored only as SHA-256 hashes; and sign-ins waiting for their
 * second step, in the database so that any process can finish one another began.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table user_two_factor (
    user_id integer primary key references users (id) on delete cascade,
    secret text not null,
    confirmed_at timestamptz,
    last_used_step integer,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`create table two_factor_recovery_codes (
    user_id integer not null references users (id) on delete cascade,
    code_hash text not null,
    used_at timestamptz,
    primary key (user_id, code_hash)
  )`.execute(db);
  await sql`create table two_factor_challenges (
    token_hash text primary key,
    user_id integer not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
  )`.execute(db);
  await sql`create index two_factor_challenges_user on two_factor_challenges (user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table two_factor_challenges, two_factor_recovery_codes, user_two_factor`.execute(
    db,
  );
}
