import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { Conflict, MemberStatus, PeerColumns, Window } from './peer-pool.tables.ts';
import type { PeerKind, TeamRole } from './vocabulary.ts';

export type { Conflict, PeerColumns, Window } from './peer-pool.tables.ts';

export interface PeerRecord extends PeerColumns {
  id: number;
  availability: Window[];
  conflicts: Conflict[];
}

const peerColumns = [
  'id',
  'kind',
  'name',
  'email',
  'user_id',
  'home_area_code',
  'party',
  'roles',
  'role_title',
  'specialisms',
  'accredited_on',
  'trained_on',
  'region_code',
  'illustrative',
] as const;

const columnsOnly = (p: PeerColumns): PeerColumns => ({
  kind: p.kind,
  name: p.name,
  email: p.email,
  user_id: p.user_id,
  home_area_code: p.home_area_code,
  party: p.party,
  roles: p.roles,
  role_title: p.role_title,
  specialisms: p.specialisms,
  accredited_on: p.accredited_on,
  trained_on: p.trained_on,
  region_code: p.region_code,
  illustrative: p.illustrative,
});

/** Adds peers with their availability and conflicts, a statement per table; their ids. */
export async function insertPeers(
  trx: Executor,
  peers: readonly (PeerColumns & { availability: Window[]; conflicts: Conflict[] })[],
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < peers.length; i += 500) {
    const part = peers.slice(i, i + 500);
    const made = await trx
      .insertInto('peers')
      .values(part.map((p) => columnsOnly(p)))
      .returning('id')
      .execute();
    ids.push(...made.map((r) => r.id));
  }
  const windows = peers.flatMap((p, i) =>
    p.availability.map((w) => ({ peer_id: ids[i] ?? 0, from_date: w.from, to_date: w.to })),
  );
  for (let i = 0; i < windows.length; i += 1000)
    await trx
      .insertInto('peer_availability')
      .values(windows.slice(i, i + 1000))
      .execute();
  const conflicts = peers.flatMap((p, i) =>
    p.conflicts.map((c) => ({ peer_id: ids[i] ?? 0, area_code: c.areaCode, reason: c.reason })),
  );
  if (conflicts.length > 0) await trx.insertInto('peer_conflicts').values(conflicts).execute();
  return ids;
}

/** Changes a peer's columns and, when given, replaces their availability or conflicts. */
export async function updatePeer(
  trx: Executor,
  id: number,
  columns: Partial<PeerColumns>,
  availability?: readonly Window[],
  conflicts?: readonly Conflict[],
): Promise<void> {
  await trx
    .updateTable('peers')
    .set({ ...columns, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  if (availability) {
    await trx.deleteFrom('peer_availability').where('peer_id', '=', id).execute();
    if (availability.length > 0)
      await trx
        .insertInto('peer_availability')
        .values(availability.map((w) => ({ peer_id: id, from_date: w.from, to_date: w.to })))
        .execute();
  }
  if (conflicts) {
    await trx.deleteFrom('peer_conflicts').where('peer_id', '=', id).execute();
    if (conflicts.length > 0)
      await trx
        .insertInto('peer_conflicts')
        .values(conflicts.map((c) => ({ peer_id: id, area_code: c.areaCode, reason: c.reason })))
        .execute();
  }
}

export interface PeerFilter {
  kind?: PeerKind;
  specialism?: string;
  region?: string;
  ids?: readonly number[];
  userId?: number;
}

/** Peers with their availability and conflicts, by name. */
export async function findPeers(db: Executor, filter: PeerFilter = {}): Promise<PeerRecord[]> {
  let query = db.selectFrom('peers').select(peerColumns).orderBy('name').orderBy('id');
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.region) query = query.where('region_code', '=', filter.region);
  if (filter.specialism) query = query.where(sql<boolean>`${filter.specialism} = any(specialisms)`);
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    query = query.where('id', 'in', [...filter.ids]);
  }
  if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [windows, conflicts] = await Promise.all([
    db
      .selectFrom('peer_availability')
      .select(['peer_id', 'from_date', 'to_date'])
      .where('peer_id', 'in', ids)
      .orderBy('from_date')
      .execute(),
    db
      .selectFrom('peer_conflicts')
      .select(['peer_id', 'area_code', 'reason'])
      .where('peer_id', 'in', ids)
      .orderBy('area_code')
      .execute(),
  ]);
  return rows.map((r) => ({
    ...r,
    availability: windows
      .filter((w) => w.peer_id === r.id)
      .map((w) => ({ from: w.from_date, to: w.to_date })),
    conflicts: conflicts
      .filter((c) => c.peer_id === r.id)
      .map((c) => ({ areaCode: c.area_code, reason: c.reason })),
  }));
}

/** The specialisms peers have, for the pool's filter. */
export async function specialismsInPool(db: Executor): Promise<string[]> {
  const rows = await sql<{
    s: string;
  }>`select distinct unnest(specialisms) as s from peers order by s`.execute(db);
  return rows.rows.map((r) => r.s);
}

export interface PeerHistory {
  /** Challenges in the programme year the peer is invited to or accepted, this one aside. */
  thisYear: Map<number, number>;
  /** Councils of the challenges the peer accepted, this one aside. */
  pastCouncils: Map<number, string[]>;
}

/** Every peer's load in a programme year and the councils they have been peers at. */
export async function peerHistory(
  db: Executor,
  programmeYear: string,
  challengeId: number,
): Promise<PeerHistory> {
  const rows = await db
    .selectFrom('peer_challenge_members as m')
    .innerJoin('peer_challenges as c', 'c.id', 'm.challenge_id')
    .select(['m.peer_id', 'm.status', 'c.programme_year', 'c.area_code'])
    .where('m.status', 'in', ['invited', 'accepted'])
    .where('m.challenge_id', '<>', challengeId)
    .execute();
  const thisYear = new Map<number, number>();
  const pastCouncils = new Map<number, string[]>();
  for (const r of rows) {
    if (r.programme_year === programmeYear)
      thisYear.set(r.peer_id, (thisYear.get(r.peer_id) ?? 0) + 1);
    if (r.status === 'accepted')
      pastCouncils.set(r.peer_id, [...(pastCouncils.get(r.peer_id) ?? []), r.area_code]);
  }
  return { thisYear, pastCouncils };
}

export async function findChallenge(db: Executor, id: number) {
  return db
    .selectFrom('peer_challenges')
    .select([
      'id',
      'type',
      'area_code',
      'state',
      'programme_year',
      'window_start',
      'window_end',
      'leadership_party',
      'scoping_specialisms',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Records what the scoping meeting settled for the team; false if there is no such challenge. */
export async function saveScoping(
  db: Executor,
  id: number,
  scoping: { leadershipParty: string; specialisms: readonly string[] },
): Promise<boolean> {
  const result = await db
    .updateTable('peer_challenges')
    .set({
      leadership_party: scoping.leadershipParty,
      scoping_specialisms: [...scoping.specialisms],
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface TeamMember {
  peerId: number;
  role: TeamRole;
  status: MemberStatus;
  overrideReason: string | null;
}

export async function teamOf(db: Executor, challengeId: number) {
  return db
    .selectFrom('peer_challenge_members as m')
    .innerJoin('peers as p', 'p.id', 'm.peer_id')
    .select(['m.peer_id', 'p.name', 'm.role', 'm.status', 'm.override_reason', 'm.decided_at'])
    .where('m.challenge_id', '=', challengeId)
    .orderBy('m.role')
    .orderBy('p.name')
    .execute();
}

/**
 * Makes the challenge's team exactly `members`: peers no longer on it go, a peer already on it
 * keeps their answer, a new one is added as `members` says.
 */
export async function saveTeam(
  trx: Executor,
  challengeId: number,
  members: readonly TeamMember[],
): Promise<void> {
  const keep = members.map((m) => m.peerId);
  let gone = trx.deleteFrom('peer_challenge_members').where('challenge_id', '=', challengeId);
  if (keep.length > 0) gone = gone.where('peer_id', 'not in', keep);
  await gone.execute();
  if (members.length === 0) return;
  await trx
    .insertInto('peer_challenge_members')
    .values(
      members.map((m) => ({
        challenge_id: challengeId,
        peer_id: m.peerId,
        role: m.role,
        status: m.status,
        override_reason: m.overrideReason,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['challenge_id', 'peer_id']).doUpdateSet((eb) => ({
        role: eb.ref('excluded.role'),
        override_reason: eb.ref('excluded.override_reason'),
      })),
    )
    .execute();
}

/**
 * An illustrative peer able to take `role`, from outside `region`, whom no user keeps yet: the
 * one the demo's peer account is given. The lowest id, so every store picks alike.
 */
export async function unclaimedIllustrativePeer(
  db: Executor,
  role: TeamRole,
  region: string,
): Promise<number | null> {
  const row = await db
    .selectFrom('peers')
    .select('id')
    .where('illustrative', '=', true)
    .where('user_id', 'is', null)
    .where('region_code', '<>', region)
    .where(sql<boolean>`${role} = any(roles)`)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Adds one peer to a team unless they are on it already, keeping any answer they gave. */
export async function addMember(trx: Executor, challengeId: number, member: TeamMember) {
  await trx
    .insertInto('peer_challenge_members')
    .values({
      challenge_id: challengeId,
      peer_id: member.peerId,
      role: member.role,
      status: member.status,
      override_reason: member.overrideReason,
    })
    .onConflict((oc) => oc.columns(['challenge_id', 'peer_id']).doNothing())
    .execute();
}

/** Records a peer's answer to an invitation; false when they hold none to answer. */
export async function answer(
  trx: Executor,
  challengeId: number,
  peerId: number,
  status: 'accepted' | 'declined',
): Promise<boolean> {
  const done = await trx
    .updateTable('peer_challenge_members')
    .set({ status, decided_at: new Date() })
    .where('challenge_id', '=', challengeId)
    .where('peer_id', '=', peerId)
    .where('status', 'in', ['invited', 'accepted', 'declined'])
    .executeTakeFirst();
  return done.numUpdatedRows > 0n;
}

/** The challenges a peer is on, with their answer. */
export async function invitationsOf(db: Executor, peerId: number) {
  return db
    .selectFrom('peer_challenge_members as m')
    .innerJoin('peer_challenges as c', 'c.id', 'm.challenge_id')
    .select([
      'm.challenge_id',
      'm.role',
      'm.status',
      'c.type',
      'c.area_code',
      'c.state',
      'c.window_start',
      'c.window_end',
    ])
    .where('m.peer_id', '=', peerId)
    .orderBy('c.window_start', 'desc')
    .execute();
}

/** The advisory lock loading the demo pool takes: any fixed number, the same in every process. */
const demoPoolLockKey = 2_030_030;

/** Serialises the demo pool's loaders, so two processes preparing at once load it once. */
export async function lockDemoPool(trx: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(demoPoolLockKey)})`.execute(trx);
}

export async function hasIllustrativePeers(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('peers')
    .select('id')
    .where('illustrative', '=', true)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Gives the illustrative challenges a leadership party (the main parties in turn, by id) where
 * none is recorded, so that the demo's team pages propose teams: the scenario records no party.
 */
export async function giveIllustrativeLeadership(db: Executor, parties: readonly string[]) {
  await sql`update peer_challenges
    set leadership_party = (${[...parties]}::text[])[1 + id % ${parties.length}]
    where illustrative and leadership_party is null`.execute(db);
}
