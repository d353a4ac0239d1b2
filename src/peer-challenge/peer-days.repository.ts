import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { LedgerEntry } from './peer-days.ts';
import type { HistoricChallenge } from './peer-days.scenario.ts';
import type { NewPeerDays } from './peer-days.tables.ts';

/** The ledger's rows with their challenges' states now: every row, or one peer's. */
export async function ledgerEntries(
  db: Executor,
  filter: { peerId?: number } = {},
): Promise<LedgerEntry[]> {
  let query = db
    .selectFrom('peer_days as d')
    .leftJoin('peer_challenges as c', 'c.id', 'd.challenge_id')
    .select([
      'd.programme_year',
      'd.giving_area_code',
      'd.peer_id',
      'd.challenge_id',
      'c.state',
      'd.on_site_days',
      'd.preparation_days',
      'd.report_days',
      'd.illustrative',
    ])
    .orderBy('d.id');
  if (filter.peerId !== undefined) query = query.where('d.peer_id', '=', filter.peerId);
  const rows = await query.execute();
  return rows.map((row) => ({
    programmeYear: row.programme_year,
    givingAreaCode: row.giving_area_code,
    peerId: row.peer_id,
    challengeId: row.challenge_id,
    challengeState: row.state,
    days: { onSite: row.on_site_days, preparation: row.preparation_days, report: row.report_days },
    illustrative: row.illustrative,
  }));
}

/** What writing a challenge's places needs: its type, year, state and visit; null if none. */
export async function challengeForLedger(trx: Executor, id: number) {
  const row = await trx
    .selectFrom('peer_challenges')
    .select(['type', 'programme_year', 'state', 'on_site_start', 'on_site_end'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** The peers who accepted a place on the challenge's team, with their home councils now. */
export async function acceptedTeam(trx: Executor, challengeId: number) {
  return trx
    .selectFrom('peer_challenge_members as m')
    .innerJoin('peers as p', 'p.id', 'm.peer_id')
    .select(['m.peer_id', 'p.home_area_code'])
    .where('m.challenge_id', '=', challengeId)
    .where('m.status', '=', 'accepted')
    .orderBy('m.peer_id')
    .execute();
}

/**
 * Makes a challenge's named places those given: a peer no longer on the team loses theirs, a
 * new one gains one, and those already written keep their giving council (as it was when the
 * visit happened) but take the days given now, which the visit's last day may have changed.
 */
export async function writePlaces(
  trx: Executor,
  challengeId: number,
  places: readonly NewPeerDays[],
): Promise<void> {
  const peers = places.flatMap((p) => (p.peer_id === null ? [] : [p.peer_id]));
  let stale = trx
    .deleteFrom('peer_days')
    .where('challenge_id', '=', challengeId)
    .where('peer_id', 'is not', null);
  if (peers.length > 0) stale = stale.where('peer_id', 'not in', peers);
  await stale.execute();
  if (places.length === 0) return;
  await trx
    .insertInto('peer_days')
    .values([...places])
    .onConflict((oc) =>
      oc
        .columns(['challenge_id', 'peer_id'])
        .where('peer_id', 'is not', null)
        .doUpdateSet((eb) => ({
          programme_year: eb.ref('excluded.programme_year'),
          on_site_days: eb.ref('excluded.on_site_days'),
          preparation_days: eb.ref('excluded.preparation_days'),
          report_days: eb.ref('excluded.report_days'),
        })),
    )
    .execute();
}

/** Writes rows as they are (the illustrative history). */
export async function insertRows(trx: Executor, rows: readonly NewPeerDays[]): Promise<number> {
  for (let at = 0; at < rows.length; at += 1_000)
    await trx
      .insertInto('peer_days')
      .values(rows.slice(at, at + 1_000))
      .execute();
  return rows.length;
}

/** The illustrative scenario's challenges, as the illustrative ledger is made from them. */
export async function historicChallenges(db: Executor): Promise<HistoricChallenge[]> {
  const rows = await db
    .selectFrom('peer_challenges')
    .select(['id', 'type', 'area_code', 'programme_year', 'state', 'on_site_start', 'on_site_end'])
    .where('illustrative', '=', true)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    areaCode: r.area_code,
    programmeYear: r.programme_year,
    state: r.state,
    onSiteStart: r.on_site_start,
    onSiteEnd: r.on_site_end,
  }));
}

/** Whether the illustrative ledger is written. */
export async function hasIllustrative(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('peer_days')
    .select('id')
    .where('illustrative', '=', true)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The advisory lock writing the illustrative ledger takes: one writer at a time. */
export async function lockIllustrative(trx: Executor) {
  await sql`select pg_advisory_xact_lock(${sql.lit(2_034_034)})`.execute(trx);
}

/** A peer by their user, for their own ledger: null if the user is no peer. */
export async function peerOfUser(db: Executor, userId: number) {
  const row = await db
    .selectFrom('peers')
    .select(['id', 'name'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ?? null;
}

/** A peer by id, for the programme team: null if there is none. */
export async function findPeer(db: Executor, id: number) {
  const row = await db
    .selectFrom('peers')
    .select(['id', 'name', 'home_area_code', 'illustrative'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}
