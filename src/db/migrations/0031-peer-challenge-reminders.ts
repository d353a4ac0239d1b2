import { sql, type Kysely } from 'kysely';

/*
 * The reminders of peer challenge deadlines sent (issue 20): one row a challenge, deadline and
 * reminder day, claimed in the transaction that sends the email, so that any number of serving
 * processes send each reminder once. The deadline kinds are written out (migrations are
 * snapshots) as peer-challenge/deadlines.ts names them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table peer_challenge_reminders (
    challenge_id integer not null references peer_challenges (id) on delete cascade,
    deadline text not null check (deadline in ('report', 'action-plan', 'progress-review')),
    remind_on date not null,
    sent_to integer references users (id) on delete set null,
    sent_at timestamptz not null default now(),
    primary key (challenge_id, deadline, remind_on)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table peer_challenge_reminders`.execute(db);
}
