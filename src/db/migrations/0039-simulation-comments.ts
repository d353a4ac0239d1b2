import { sql, type Kysely } from 'kysely';

/*
 * Budget simulation comments (issue 21): a resident's answer to the simulation's one optional
 * free-text question, stored with the response in the same transaction. Pending until one of
 * the council's editors approves or hides it (with the reason, who and when; the audit log
 * keeps every decision); only an approved comment of a response moderation kept is ever shown
 * to the public.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table simulation_comments (
    response_id integer primary key references simulation_responses (id) on delete cascade,
    simulation_id integer not null references simulations (id) on delete cascade,
    body text not null check (char_length(body) between 1 and 5000),
    status text not null default 'pending' check (status in ('pending', 'approved', 'hidden')),
    moderated_at timestamptz,
    moderated_reason text,
    moderated_by_user_id integer references users (id) on delete set null
  )`.execute(db);
  await sql`create index simulation_comments_by_status
    on simulation_comments (simulation_id, status, response_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table simulation_comments`.execute(db);
}
