import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { SimulationState } from './simulations.tables.ts';

/**
 * Aggregates are split over this many rows per counter (by response id), so submissions rarely
 * wait on one: more than a process's 10 connections, so consecutive ids in flight at once take
 * different rows. Any row may hold any response's count: only their sum is read.
 */
export const aggregateShards = 16;

export interface SimulationRow {
  id: number;
  slug: string;
  organisation_code: string;
  state: SimulationState;
  illustrative: boolean;
}

export interface VersionRow {
  id: number;
  simulation_id: number;
  version: number;
  definition: unknown;
  opened_at: Date | null;
}

/** PGlite and node-postgres both parse jsonb; a string would mean it was stored double-encoded. */
const parsedJson = (stored: unknown): unknown =>
  typeof stored === 'string' ? JSON.parse(stored) : stored;

export async function insertSimulation(
  trx: Executor,
  row: { slug: string; organisation_code: string; illustrative: boolean },
): Promise<number | null> {
  const made = await trx
    .insertInto('simulations')
    .values(row)
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return made?.id ?? null;
}

/** The simulation a slug names; with `forUpdate`, locked until the transaction ends. */
export async function findSimulation(
  db: Executor,
  slug: string,
  forUpdate = false,
): Promise<SimulationRow | null> {
  const query = db
    .selectFrom('simulations')
    .select(['id', 'slug', 'organisation_code', 'state', 'illustrative'])
    .where('slug', '=', slug);
  return (await (forUpdate ? query.forUpdate() : query).executeTakeFirst()) ?? null;
}

export async function setState(trx: Executor, id: number, state: SimulationState): Promise<void> {
  await trx
    .updateTable('simulations')
    .set({ state, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export async function insertVersion(
  trx: Executor,
  row: {
    simulation_id: number;
    version: number;
    definition: unknown;
    created_by_user_id: number | null;
    opened_at: Date | null;
  },
): Promise<number> {
  const made = await trx
    .insertInto('simulation_versions')
    .values({ ...row, definition: JSON.stringify(row.definition) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return made.id;
}

/** Replaces a version's definition: only ever one residents have not been shown. */
export async function replaceDefinition(
  trx: Executor,
  versionId: number,
  definition: unknown,
): Promise<void> {
  await trx
    .updateTable('simulation_versions')
    .set({ definition: JSON.stringify(definition) })
    .where('id', '=', versionId)
    .where('opened_at', 'is', null)
    .execute();
}

export async function markOpened(trx: Executor, versionId: number, at: Date): Promise<void> {
  await trx
    .updateTable('simulation_versions')
    .set({ opened_at: at })
    .where('id', '=', versionId)
    .where('opened_at', 'is', null)
    .execute();
}

const versionColumns = ['id', 'simulation_id', 'version', 'definition', 'opened_at'] as const;

/** A simulation's newest version; with `openedOnly`, its newest one residents have seen. */
export async function latestVersion(
  db: Executor,
  simulationId: number,
  openedOnly = false,
): Promise<VersionRow | null> {
  let query = db
    .selectFrom('simulation_versions')
    .select(versionColumns)
    .where('simulation_id', '=', simulationId);
  if (openedOnly) query = query.where('opened_at', 'is not', null);
  const row = await query.orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? { ...row, definition: parsedJson(row.definition) } : null;
}

export async function findVersion(
  db: Executor,
  simulationId: number,
  version: number,
): Promise<VersionRow | null> {
  const row = await db
    .selectFrom('simulation_versions')
    .select(versionColumns)
    .where('simulation_id', '=', simulationId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? { ...row, definition: parsedJson(row.definition) } : null;
}

/**
 * Holds, until the transaction ends, every other submission from the same address, form cookie
 * or source with the same answers: so that of two sent at once, the second sees the first (and
 * is flagged, or counted against a limit). Taken in one order, so two visits never deadlock.
 */
export async function lockVisit(
  trx: Executor,
  simulationId: number,
  hashes: readonly (string | null)[],
): Promise<void> {
  const keys = hashes.filter((h): h is string => h !== null);
  await sql`select pg_advisory_xact_lock(${simulationId}, k)
    from (select distinct hashtext(h) as k from unnest(${keys}::text[]) h) held
    order by k`.execute(trx);
}

/** What a submission needs to know of what was recorded before it (visitState). */
export interface VisitState {
  /** The response recorded under this idempotency key, if one was. */
  earlier: { id: number; duplicate_of: number | null; still_to_find_pennies: number } | null;
  /** Whether the simulation is open: its editors may close it at any time. */
  open: boolean;
  /** The earliest response with this source hash since `duplicateSince`; null if none. */
  duplicateOf: number | null;
  /** The responses from the address since `limitSince`, the earliest of them, from the cookie. */
  fromAddress: number;
  earliestFromAddress: Date | null;
  fromSession: number;
}

/**
 * Everything a submission asks before it is recorded, in one statement: its idempotency key's
 * earlier record, whether the simulation is still open, the duplicate it repeats, and what the
 * limits count.
 */
export async function visitState(
  db: Executor,
  simulationId: number,
  visit: {
    idempotencyKey: string;
    sourceHash: string;
    duplicateSince: Date;
    addressHash: string | null;
    sessionHash: string | null;
    limitSince: Date;
  },
): Promise<VisitState> {
  const { addressHash, sessionHash, limitSince } = visit;
  const result = await sql<{
    earlier: VisitState['earlier'] | string | null;
    open: boolean;
    duplicate_of: number | string | null;
    address: number;
    earliest: Date | string | null;
    session: number;
  }>`
    select
      (select json_build_object('id', id, 'duplicate_of', duplicate_of,
          'still_to_find_pennies', still_to_find_pennies)
        from simulation_responses
        where simulation_id = ${simulationId} and idempotency_key = ${visit.idempotencyKey})
        as earlier,
      coalesce((select state = 'open' from simulations where id = ${simulationId}), false) as open,
      (select min(id) from simulation_responses
        where simulation_id = ${simulationId} and source_hash = ${visit.sourceHash}
          and submitted_at >= ${visit.duplicateSince}) as duplicate_of,
      count(*) filter (where address_hash = ${addressHash} and submitted_at > ${limitSince})::int
        as address,
      min(submitted_at) filter (where address_hash = ${addressHash}
        and submitted_at > ${limitSince}) as earliest,
      count(*) filter (where session_hash = ${sessionHash})::int as session
    from simulation_responses
    where simulation_id = ${simulationId}
      and ((address_hash = ${addressHash} and submitted_at > ${limitSince})
        or session_hash = ${sessionHash})`.execute(db);
  const row = result.rows[0];
  const earlier = parsedJson(row?.earlier ?? null) as VisitState['earlier'];
  return {
    earlier: earlier && {
      id: Number(earlier.id),
      duplicate_of: earlier.duplicate_of === null ? null : Number(earlier.duplicate_of),
      still_to_find_pennies: Number(earlier.still_to_find_pennies),
    },
    open: row?.open ?? false,
    duplicateOf: row?.duplicate_of == null ? null : Number(row.duplicate_of),
    fromAddress: row?.address ?? 0,
    earliestFromAddress: row?.earliest ? new Date(row.earliest) : null,
    fromSession: row?.session ?? 0,
  };
}

/** The key kept for `purpose`, made from `made` by whichever process asks first. */
export async function keptKey(db: Executor, purpose: string, made: string): Promise<string> {
  await db
    .insertInto('signing_keys')
    .values({ purpose, key: made })
    .onConflict((oc) => oc.column('purpose').doNothing())
    .execute();
  const row = await db
    .selectFrom('signing_keys')
    .select('key')
    .where('purpose', '=', purpose)
    .executeTakeFirstOrThrow();
  return row.key;
}

export interface NewResponse {
  simulation_id: number;
  version_id: number;
  idempotency_key: string;
  choices: Readonly<Record<string, number>>;
  council_tax_basis_points: number;
  still_to_find_pennies: number;
  about_you: Readonly<Record<string, string>>;
  started_at: Date;
  submitted_at: Date;
  source_hash: string;
  address_hash: string | null;
  session_hash: string | null;
  duplicate_of: number | null;
  too_fast: boolean;
  honeypot_filled: boolean;
  excluded_at: Date | null;
  excluded_reason: string | null;
}

/** Records a response unless its idempotency key is taken: its id, or null if it was. */
export async function insertResponse(trx: Executor, row: NewResponse): Promise<number | null> {
  const made = await trx
    .insertInto('simulation_responses')
    .values({
      ...row,
      choices: JSON.stringify(row.choices),
      about_you: JSON.stringify(row.about_you),
    })
    .onConflict((oc) => oc.columns(['simulation_id', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return made?.id ?? null;
}

/** The response recorded under an idempotency key, as its first submit recorded it. */
export async function findByKey(
  db: Executor,
  simulationId: number,
  idempotencyKey: string,
): Promise<{ id: number; duplicate_of: number | null; still_to_find_pennies: number } | null> {
  const row = await db
    .selectFrom('simulation_responses')
    .select(['id', 'duplicate_of', 'still_to_find_pennies'])
    .where('simulation_id', '=', simulationId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  return row ?? null;
}

export interface CountedResponse {
  id: number;
  version_id: number;
  choices: Record<string, number>;
  council_tax_basis_points: number;
  started_at: Date;
  submitted_at: Date;
  excluded: boolean;
}

/** A response of a simulation as the aggregates count it, locked until the transaction ends. */
export async function findResponseForUpdate(
  trx: Executor,
  simulationId: number,
  id: number,
): Promise<CountedResponse | null> {
  const row = await trx
    .selectFrom('simulation_responses')
    .select([
      'id',
      'version_id',
      'choices',
      'council_tax_basis_points',
      'started_at',
      'submitted_at',
      'excluded_at',
    ])
    .where('simulation_id', '=', simulationId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return null;
  const choices = parsedJson(row.choices);
  return {
    id: row.id,
    version_id: row.version_id,
    choices: typeof choices === 'object' && choices !== null ? numbersOf(choices) : {},
    council_tax_basis_points: row.council_tax_basis_points,
    started_at: row.started_at,
    submitted_at: row.submitted_at,
    excluded: row.excluded_at !== null,
  };
}

function numbersOf(value: object): Record<string, number> {
  return Object.fromEntries(
    Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
}

/** Excludes a response with the reason, or (null) restores it to the results. */
export async function markExcluded(
  trx: Executor,
  id: number,
  exclusion: { at: Date; reason: string; userId: number } | null,
): Promise<void> {
  await trx
    .updateTable('simulation_responses')
    .set({
      excluded_at: exclusion?.at ?? null,
      excluded_reason: exclusion?.reason ?? null,
      excluded_by_user_id: exclusion?.userId ?? null,
    })
    .where('id', '=', id)
    .execute();
}

/** The open simulations with the newest version residents see of each, by slug. */
export async function openSimulations(
  db: Executor,
): Promise<{ slug: string; organisation_code: string; definition: unknown }[]> {
  const rows = await db
    .selectFrom('simulations as s')
    .innerJoin('simulation_versions as v', 'v.simulation_id', 's.id')
    .where('s.state', '=', 'open')
    .where('v.opened_at', 'is not', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('simulation_versions as later')
            .select('later.id')
            .whereRef('later.simulation_id', '=', 's.id')
            .where('later.opened_at', 'is not', null)
            .whereRef('later.version', '>', 'v.version'),
        ),
      ),
    )
    .select(['s.slug', 's.organisation_code', 'v.definition'])
    .orderBy('s.slug')
    .execute();
  return rows.map((row) => ({ ...row, definition: parsedJson(row.definition) }));
}

export interface ListedSimulation extends SimulationRow {
  version: number;
  opened: boolean;
  definition: unknown;
  responses: number;
}

/**
 * Every simulation (or the one with id `only`) with its newest version, opened or not, and its
 * count of responses.
 */
export async function listSimulations(db: Executor, only?: number): Promise<ListedSimulation[]> {
  let query = db
    .selectFrom('simulations as s')
    .innerJoin('simulation_versions as v', 'v.simulation_id', 's.id')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('simulation_versions as later')
            .select('later.id')
            .whereRef('later.simulation_id', '=', 's.id')
            .whereRef('later.version', '>', 'v.version'),
        ),
      ),
    )
    .select((eb) => [
      's.id',
      's.slug',
      's.organisation_code',
      's.state',
      's.illustrative',
      'v.version',
      'v.opened_at',
      'v.definition',
      eb
        .selectFrom('simulation_responses as r')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('r.simulation_id', '=', 's.id')
        .as('responses'),
    ]);
  if (only !== undefined) query = query.where('s.id', '=', only);
  const rows = await query.orderBy('s.slug').execute();
  return rows.map(({ opened_at, responses, definition, ...row }) => ({
    ...row,
    opened: opened_at !== null,
    definition: parsedJson(definition),
    responses: Number(responses ?? 0),
  }));
}

/** A response's choices and its version's number, found by its idempotency key. */
export async function findChoicesByKey(
  db: Executor,
  simulationId: number,
  idempotencyKey: string,
): Promise<{ version: number; choices: unknown; council_tax_basis_points: number } | null> {
  const row = await db
    .selectFrom('simulation_responses as r')
    .innerJoin('simulation_versions as v', 'v.id', 'r.version_id')
    .select(['v.version', 'r.choices', 'r.council_tax_basis_points'])
    .where('r.simulation_id', '=', simulationId)
    .where('r.idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  return row ? { ...row, choices: parsedJson(row.choices) } : null;
}
