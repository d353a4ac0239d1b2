import { sql, type Kysely } from 'kysely';

/*
 * The peer challenge programme's records (issue 20): each challenge with its type, council,
 * state, the programme year it counts in and its dates, and every change of state, dated, so
 * that the programme's figures can be counted as at any day. The vocabularies are written out
 * (migrations are snapshots); database.test.ts checks them against peer-challenge/vocabulary.ts.
 */
const types = `'corporate-peer-challenge', 'finance-peer-review', 'childrens-safeguarding',
  'adult-social-care', 'health', 'send', 'planning', 'place-based', 'open-for-growth',
  'progress-review'`;
const states = `'requested', 'scoping', 'position-statement-received', 'team-assembled',
  'on-site', 'feedback-given', 'report-drafted', 'report-published', 'action-plan-published',
  'progress-review', 'closed', 'cancelled', 'postponed'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table peer_challenges (
    id integer generated always as identity primary key,
    type text not null check (type in (${sql.raw(types)})),
    area_code text not null check (area_code ~ '^E[0-9]{8}$'),
    state text not null check (state in (${sql.raw(states)})),
    programme_year text not null check (programme_year ~ '^[0-9]{4}-[0-9]{2}$'),
    window_start date,
    window_end date,
    on_site_start date,
    on_site_end date,
    manager_user_id integer references users (id) on delete set null,
    state_reason text,
    illustrative boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((window_start is null) = (window_end is null) and window_end >= window_start),
    -- A team on site has a first day; its last is known when it feeds back.
    check (on_site_end is null or (on_site_start is not null and on_site_end >= on_site_start))
  )`.execute(db);
  await sql`create index peer_challenges_year on peer_challenges (programme_year)`.execute(db);
  await sql`create index peer_challenges_area on peer_challenges (area_code)`.execute(db);
  await sql`create table peer_challenge_transitions (
    id integer generated always as identity primary key,
    challenge_id integer not null references peer_challenges (id) on delete cascade,
    from_state text check (from_state in (${sql.raw(states)})),
    to_state text not null check (to_state in (${sql.raw(states)})),
    on_date date not null,
    reason text,
    by_user_id integer references users (id) on delete set null,
    recorded_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index peer_challenge_transitions_challenge
    on peer_challenge_transitions (challenge_id, on_date, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table peer_challenge_transitions`.execute(db);
  await sql`drop table peer_challenges`.execute(db);
}
