import { sql, type Kysely } from 'kysely';

/*
 * Deadline reminders go to the council's peer challenge contacts as well as the manager (issue
 * 20): it is the council that publishes its report and action plan. A reminder is now claimed
 * once per recipient, named by their address (lower-cased), so that each hears once however many
 * processes run; rows sent before this name nobody and keep ''.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table peer_challenge_reminders
    add column recipient text not null default ''`.execute(db);
  await sql`alter table peer_challenge_reminders
    drop constraint peer_challenge_reminders_pkey`.execute(db);
  await sql`alter table peer_challenge_reminders
    add primary key (challenge_id, deadline, remind_on, recipient)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from peer_challenge_reminders where recipient <> ''`.execute(db);
  await sql`alter table peer_challenge_reminders
    drop constraint peer_challenge_reminders_pkey`.execute(db);
  await sql`alter table peer_challenge_reminders
    add primary key (challenge_id, deadline, remind_on)`.execute(db);
  await sql`alter table peer_challenge_reminders drop column recipient`.execute(db);
}
