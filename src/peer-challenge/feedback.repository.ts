import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { CountedResponse } from './feedback.ts';
import type { NewResponse } from './feedback.tables.ts';
import { challengeStates, type ChallengeState, type ChallengeType } from './vocabulary.ts';

/** Records responses; their ids. */
export async function insertResponses(
  trx: Executor,
  responses: readonly NewResponse[],
): Promise<number[]> {
  if (responses.length === 0) return [];
  const rows = await trx
    .insertInto('peer_challenge_survey_responses')
    .values(responses.map((r) => ({ ...r, answers: JSON.stringify(r.answers) })))
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** The challenge a response is about: its council and state; null if there is none. */
export async function findChallenge(
  trx: Executor,
  id: number,
): Promise<{ area_code: string; state: ChallengeState } | null> {
  const row = await trx
    .selectFrom('peer_challenges')
    .select(['area_code', 'state'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** Every response with the programme year of its challenge: no challenge id, no respondent. */
export async function countedResponses(db: Executor): Promise<CountedResponse[]> {
  const rows = await db
    .selectFrom('peer_challenge_survey_responses as r')
    .innerJoin('peer_challenges as c', 'c.id', 'r.challenge_id')
    .select(['c.programme_year', 'r.respondent_role', 'r.survey_version', 'r.answers'])
    .orderBy('r.id')
    .execute();
  return rows.map((row) => ({
    programmeYear: row.programme_year,
    role: row.respondent_role,
    version: row.survey_version,
    answers: answersOf(row.answers),
  }));
}

/** The stored JSON object of answers; anything else is not an answer. */
function answersOf(stored: unknown): Record<string, string> {
  // PGlite and node-postgres both parse jsonb; a string would mean it was stored double-encoded.
  const value: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** Whether the demo's illustrative responses are recorded. */
export async function hasIllustrativeResponses(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('peer_challenge_survey_responses')
    .select('id')
    .where('illustrative', '=', true)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

const delivered = challengeStates.slice(
  challengeStates.indexOf('feedback-given'),
  challengeStates.indexOf('closed') + 1,
);

/** The first illustrative challenges of a type and year that were delivered, by id. */
export async function illustrativeChallenges(
  db: Executor,
  filter: { type: ChallengeType; year: string; limit: number },
): Promise<{ id: number; on_site_end: string | null }[]> {
  return db
    .selectFrom('peer_challenges')
    .select(['id', 'on_site_end'])
    .where('illustrative', '=', true)
    .where('type', '=', filter.type)
    .where('programme_year', '=', filter.year)
    .where('on_site_end', 'is not', null)
    .where('state', 'in', delivered)
    .orderBy('id')
    .limit(filter.limit)
    .execute();
}

/** The advisory lock loading the illustrative responses takes: one loader at a time. */
export async function lockIllustrative(trx: Executor) {
  await sql`select pg_advisory_xact_lock(${sql.lit(2_029_032)})`.execute(trx);
}

/** A challenge as its survey page needs it, with its team's users; null if there is none. */
export async function challengeForSurvey(db: Executor, id: number) {
  const row = await db
    .selectFrom('peer_challenges')
    .select(['id', 'type', 'area_code', 'state'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const team = await db
    .selectFrom('peer_challenge_members as m')
    .innerJoin('peers as p', 'p.id', 'm.peer_id')
    .select('p.user_id')
    .where('m.challenge_id', '=', id)
    .where('m.status', '=', 'accepted')
    .where('p.user_id', 'is not', null)
    .execute();
  return { ...row, teamUserIds: team.flatMap((m) => (m.user_id === null ? [] : [m.user_id])) };
}

/**
 * Which of a challenge's council's roles have answered, and whether the user (if any) has
 * answered as a peer.
 */
export async function answeredFor(db: Executor, challengeId: number, userId: number | null) {
  const rows = await db
    .selectFrom('peer_challenge_survey_responses')
    .select(['respondent_role', 'respondent_user_id'])
    .where('challenge_id', '=', challengeId)
    .where((eb) =>
      userId === null
        ? eb('respondent_role', '<>', 'peer')
        : eb.or([eb('respondent_role', '<>', 'peer'), eb('respondent_user_id', '=', userId)]),
    )
    .execute();
  return {
    roles: rows.filter((r) => r.respondent_role !== 'peer').map((r) => r.respondent_role),
    ownPeerAnswer: rows.some((r) => r.respondent_role === 'peer'),
  };
}

/** Whether an error is the database refusing a second row where a unique index allows one. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}
