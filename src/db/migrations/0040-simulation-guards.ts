import { sql, type Kysely } from 'kysely';

/*
 * Budget simulation guards (issue 21). Each response keeps a keyed hash of the address it came
 * from and of the resident's form cookie, so that the submissions a limit allows are counted
 * from the responses themselves, in the submission's own transaction: exact across processes,
 * and a refused one records nothing. The hashes are keyed (a plain hash of an IPv4 address is
 * reversed by trying every address). The key, and the one that signs the time a form was shown,
 * is derived from OPENLG_SECRET_KEY when it is set; otherwise it is made once and kept here, so
 * that every process and every restart shares it. Responses recorded before have neither hash.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table signing_keys (
    purpose text primary key,
    key text not null,
    created_at timestamptz not null default now()
  )`.execute(db);
  await sql`alter table simulation_responses add column address_hash text,
    add column session_hash text`.execute(db);
  await sql`create index simulation_responses_address
    on simulation_responses (simulation_id, address_hash, submitted_at)
    where address_hash is not null`.execute(db);
  await sql`create index simulation_responses_session
    on simulation_responses (simulation_id, session_hash)
    where session_hash is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table simulation_responses drop column session_hash,
    drop column address_hash`.execute(db);
  await sql`drop table signing_keys`.execute(db);
}
