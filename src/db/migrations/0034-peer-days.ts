import { sql, type Kysely } from 'kysely';

/*
 * The peer days ledger and the feedback surveys answered by the respondents themselves (issue
 * 20).
 *
 * peer_days: one row for each peer's place on a visited challenge, written when the visit
 * happens, naming the council that gave the peer as it was then (a peer who later moves keeps
 * their days with the council that gave them up) and the days given: on site, preparing and on
 * the report. Rows with no peer are the illustrative history's, which names the giving councils
 * but no one; rows with no challenge are days carried over from the programme's records before
 * this one, by year and giving council. Whether a row counts is decided on reading, by its
 * challenge's state, so that a cancelled challenge stops counting without rows being lost.
 *
 * peer_challenge_survey_responses.respondent_user_id: who answered for themselves (the council's
 * administrator as leader or chief executive, or a peer of the team); null when the programme
 * team recorded the answer on someone's behalf. A council's leader and chief executive answer
 * once each for a challenge; each peer once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table peer_days (
    id integer generated always as identity primary key,
    challenge_id integer references peer_challenges (id) on delete cascade,
    peer_id integer references peers (id) on delete set null,
    giving_area_code text not null check (giving_area_code ~ '^E[0-9]{8}$'),
    programme_year text not null check (programme_year ~ '^[0-9]{4}-[0-9]{2}$'),
    on_site_days integer not null check (on_site_days >= 0),
    preparation_days integer not null check (preparation_days >= 0),
    report_days integer not null check (report_days >= 0),
    illustrative boolean not null default false,
    recorded_at timestamptz not null default now()
  )`.execute(db);
  await sql`create unique index peer_days_place on peer_days (challenge_id, peer_id)
    where peer_id is not null`.execute(db);
  await sql`create index peer_days_peer on peer_days (peer_id)`.execute(db);
  await sql`create index peer_days_challenge on peer_days (challenge_id)`.execute(db);
  await sql`alter table peer_challenge_survey_responses
    add column respondent_user_id integer references users (id) on delete set null`.execute(db);
  await sql`create unique index peer_challenge_survey_responses_council
    on peer_challenge_survey_responses (challenge_id, respondent_role)
    where respondent_role <> 'peer'`.execute(db);
  await sql`create unique index peer_challenge_survey_responses_peer
    on peer_challenge_survey_responses (challenge_id, respondent_user_id)
    where respondent_role = 'peer' and respondent_user_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index peer_challenge_survey_responses_peer`.execute(db);
  await sql`drop index peer_challenge_survey_responses_council`.execute(db);
  await sql`alter table peer_challenge_survey_responses drop column respondent_user_id`.execute(db);
  await sql`drop table peer_days`.execute(db);
}
