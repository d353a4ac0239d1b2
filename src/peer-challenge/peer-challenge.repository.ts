import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { CountedChallenge } from './figures.ts';
import type { ChallengeState, ChallengeType } from './vocabulary.ts';

/** A challenge to record, with the changes of state that brought it where it stands. */
export interface NewChallenge {
  type: ChallengeType;
  area_code: string;
  programme_year: string;
  state: ChallengeState;
  window_start: string | null;
  window_end: string | null;
  on_site_start: string | null;
  on_site_end: string | null;
  manager_user_id: number | null;
  state_reason: string | null;
  illustrative: boolean;
  transitions: {
    from_state: ChallengeState | null;
    to_state: ChallengeState;
    on_date: string;
    reason: string | null;
    by_user_id: number | null;
  }[];
}

/** Rows a statement may carry: 11 parameters a challenge keeps them far below 65,535. */
const chunk = 1_000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunk) out.push(items.slice(i, i + chunk));
  return out;
}

/** Records challenges and their transitions, a statement for each thousand rows; their ids. */
export async function insertChallenges(
  trx: Executor,
  challenges: readonly NewChallenge[],
): Promise<number[]> {
  const ids: number[] = [];
  for (const part of chunks(challenges)) {
    const made = await trx
      .insertInto('peer_challenges')
      .values(
        part.map((c) => ({
          type: c.type,
          area_code: c.area_code,
          programme_year: c.programme_year,
          state: c.state,
          window_start: c.window_start,
          window_end: c.window_end,
          on_site_start: c.on_site_start,
          on_site_end: c.on_site_end,
          manager_user_id: c.manager_user_id,
          state_reason: c.state_reason,
          illustrative: c.illustrative,
        })),
      )
      .returning(['id', 'area_code', 'type'])
      .execute();
    // RETURNING gives the rows of a VALUES list in its order; checked, since ids pair on it.
    made.forEach((row, i) => {
      if (row.area_code !== part[i]?.area_code || row.type !== part[i]?.type)
        throw new Error('peer challenges came back in another order than inserted');
    });
    ids.push(...made.map((row) => row.id));
  }
  const transitions = challenges.flatMap((c, i) =>
    c.transitions.map((t) => ({ ...t, challenge_id: ids[i] ?? 0 })),
  );
  for (const part of chunks(transitions))
    await trx.insertInto('peer_challenge_transitions').values(part).execute();
  return ids;
}

/** Whether the illustrative scenario is loaded. */
export async function hasIllustrative(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('peer_challenges')
    .select('id')
    .where('illustrative', '=', true)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The id of an illustrative challenge at a council, still open, recorded after `after`; or null. */
export async function openIllustrative(
  db: Executor,
  areaCode: string,
  after: string,
): Promise<number | null> {
  const row = await db
    .selectFrom('peer_challenges')
    .select('id')
    .where('illustrative', '=', true)
    .where('area_code', '=', areaCode)
    .where('programme_year', '>', after)
    .where('state', 'not in', ['closed', 'cancelled'])
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The advisory lock loading the scenario takes: any fixed number, the same in every process. */
const scenarioLockKey = 2_029_020;

/** One loader of the scenario at a time, in every process sharing the database. */
export async function lockScenario(trx: Executor) {
  await sql`select pg_advisory_xact_lock(${sql.lit(scenarioLockKey)})`.execute(trx);
}

/**
 * Every challenge as the figures count it; with `transitions`, each one's changes of state,
 * oldest first (else none: counting now reads the state alone).
 */
export async function countedChallenges(
  db: Executor,
  transitions: boolean,
): Promise<CountedChallenge[]> {
  const rows = await db
    .selectFrom('peer_challenges')
    .select(['id', 'type', 'programme_year', 'state', 'window_start'])
    .orderBy('id')
    .execute();
  const changes = new Map<number, { to: ChallengeState; on: string }[]>();
  if (transitions)
    for (const t of await db
      .selectFrom('peer_challenge_transitions')
      .select(['challenge_id', 'to_state', 'on_date'])
      .orderBy('challenge_id')
      .orderBy('on_date')
      .orderBy('id')
      .execute()) {
      const change = { to: t.to_state, on: t.on_date };
      const known = changes.get(t.challenge_id);
      if (known) known.push(change);
      else changes.set(t.challenge_id, [change]);
    }
  return rows.map((row) => ({
    type: row.type,
    programmeYear: row.programme_year,
    state: row.state,
    booked: row.window_start !== null,
    transitions: changes.get(row.id) ?? [],
  }));
}

/** A challenge with its changes of state, oldest first, locked for a change; null if none. */
export async function findForChange(trx: Executor, id: number) {
  const row = await trx
    .selectFrom('peer_challenges')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return null;
  const transitions = await trx
    .selectFrom('peer_challenge_transitions')
    .select(['from_state', 'to_state', 'on_date'])
    .where('challenge_id', '=', id)
    .orderBy('on_date')
    .orderBy('id')
    .execute();
  return { row, transitions };
}

/** Saves a challenge's new columns and, when its state moved, the dated change. */
export async function saveChange(
  trx: Executor,
  id: number,
  columns: {
    state: ChallengeState;
    window_start: string | null;
    window_end: string | null;
    on_site_start: string | null;
    on_site_end: string | null;
    state_reason: string | null;
  },
  change: NewChallenge['transitions'][number] | null,
) {
  await trx
    .updateTable('peer_challenges')
    .set({ ...columns, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
  if (change)
    await trx
      .insertInto('peer_challenge_transitions')
      .values({ ...change, challenge_id: id })
      .execute();
}

/** What a list of challenges may be narrowed to, in the database. */
export interface ChallengeFilter {
  year?: string;
  state?: ChallengeState;
  type?: ChallengeType;
}

/** A challenge's changes of state as its page shows them, oldest first. */
async function transitionsOf(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('peer_challenge_transitions')
    .select(['challenge_id', 'from_state', 'to_state', 'on_date', 'reason', 'by_user_id'])
    .where('challenge_id', 'in', ids)
    .orderBy('challenge_id')
    .orderBy('on_date')
    .orderBy('id')
    .execute();
}

export type ListedTransition = Awaited<ReturnType<typeof transitionsOf>>[number];

/**
 * The challenges a filter keeps, latest programme year first and the newest record first within
 * it, each with its changes of state.
 */
export async function listChallenges(db: Executor, filter: ChallengeFilter) {
  let query = db.selectFrom('peer_challenges').selectAll();
  if (filter.year) query = query.where('programme_year', '=', filter.year);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.type) query = query.where('type', '=', filter.type);
  const rows = await query.orderBy('programme_year', 'desc').orderBy('id', 'desc').execute();
  const byChallenge = new Map<number, ListedTransition[]>();
  // Read in slices: an IN list of every challenge would outgrow a statement's parameters.
  for (const part of chunks(rows.map((r) => r.id)))
    for (const t of await transitionsOf(db, part)) {
      const known = byChallenge.get(t.challenge_id);
      if (known) known.push(t);
      else byChallenge.set(t.challenge_id, [t]);
    }
  return rows.map((row) => ({ row, transitions: byChallenge.get(row.id) ?? [] }));
}

/** One challenge with its changes of state, oldest first; null if there is none. */
export async function findChallenge(db: Executor, id: number) {
  const row = await db
    .selectFrom('peer_challenges')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { row, transitions: await transitionsOf(db, [id]) } : null;
}

/** The programme years with a challenge recorded, latest first. */
export async function programmeYears(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('peer_challenges')
    .select('programme_year')
    .distinct()
    .orderBy('programme_year', 'desc')
    .execute();
  return rows.map((r) => r.programme_year);
}
