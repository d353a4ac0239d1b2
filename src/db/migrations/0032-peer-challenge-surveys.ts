import { sql, type Kysely } from 'kysely';

/*
 * The feedback surveys after each peer challenge (issue 20): one row per response, with who
 * answered (by role, never by name), the version of the surveys it answered and its answers as
 * JSON (question slug to a point of the scale or free text). The programme team enters them on
 * the respondents' behalf for now: the user who entered each is kept. Only aggregates are
 * published.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table peer_challenge_survey_responses (
    id integer generated always as identity primary key,
    challenge_id integer not null references peer_challenges (id) on delete cascade,
    respondent_role text not null check (respondent_role in ('leader', 'chief-executive', 'peer')),
    survey_version integer not null check (survey_version > 0),
    answers jsonb not null,
    submitted_on date not null,
    recorded_by_user_id integer references users (id) on delete set null,
    illustrative boolean not null default false,
    recorded_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index peer_challenge_survey_responses_challenge
    on peer_challenge_survey_responses (challenge_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table peer_challenge_survey_responses`.execute(db);
}
