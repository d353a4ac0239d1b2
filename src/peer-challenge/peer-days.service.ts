import { requireAccess, type AccessViewer } from '../accounts/access.ts';
import { nationalOrganisation } from '../accounts/roles.ts';
import type { AreasService } from '../areas/areas.service.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import type { Db, Executor } from '../db/database.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import {
  countLedger,
  peerLedger,
  programmeStart,
  seatDays,
  visitedStates,
  type Ledger,
  type PeerLedger,
  type YearRange,
} from './peer-days.ts';
import * as repository from './peer-days.repository.ts';
import { illustrativePeerDays } from './peer-days.scenario.ts';

/**
 * Writes a challenge's places in the peer days ledger once its visit has happened: one row for
 * each peer who accepted a place, naming the council that gives them. Called in the transaction
 * that moves the challenge on, so the ledger is written when the visit happens and follows the
 * visit's last day once known; before the visit it writes nothing.
 */
export async function writeChallengePlaces(trx: Executor, challengeId: number): Promise<void> {
  const challenge = await repository.challengeForLedger(trx, challengeId);
  if (!challenge || !visitedStates.includes(challenge.state)) return;
  const visit = challenge.on_site_start
    ? { firstDay: challenge.on_site_start, lastDay: challenge.on_site_end }
    : null;
  const days = seatDays(challenge.type, visit);
  const team = await repository.acceptedTeam(trx, challengeId);
  await repository.writePlaces(
    trx,
    challengeId,
    team.map((member) => ({
      challenge_id: challengeId,
      peer_id: member.peer_id,
      giving_area_code: member.home_area_code,
      programme_year: challenge.programme_year,
      on_site_days: days.onSite,
      preparation_days: days.preparation,
      report_days: days.report,
      illustrative: false,
    })),
  );
  // The public totals are answered from the API's cache until the data version moves.
  await bumpDataVersion(trx);
}

export interface PublicLedger extends Ledger {
  /** Every programme year the ledger holds days for, oldest first: the range form's choices. */
  available: string[];
  /** Days since the programme began in 2011/12, whatever the range. */
  sinceStart: { from: string; days: number };
  /** The giving councils' names by code. */
  names: ReadonlyMap<string, string>;
}

/**
 * The peer days ledger (issue 20). Its totals by year and by giving council are public, like the
 * programme's figures; one peer's own days only to the programme's managers and to the peer.
 */
export class PeerDaysService {
  constructor(
    private readonly db: Db,
    private readonly services: { areas: AreasService },
  ) {}

  /** The public totals over a range of programme years (both ends included, either open). */
  async ledger(range: YearRange = {}): Promise<PublicLedger> {
    if (range.from !== undefined && range.to !== undefined && range.from > range.to)
      throw new BadRequestError('The first year must not be after the last', 'from');
    const entries = await repository.ledgerEntries(this.db);
    const ledger = countLedger(entries, range);
    const all = countLedger(entries);
    return {
      ...ledger,
      available: all.years.map((y) => y.year),
      sinceStart: {
        from: programmeStart,
        days: countLedger(entries, { from: programmeStart }).total.days,
      },
      names: await this.services.areas.namesOf(ledger.councils.map((c) => c.areaCode)),
    };
  }

  /** One peer's ledger, for the programme's managers. */
  async peerDays(viewer: AccessViewer, peerId: number) {
    requireAccess(viewer, 'manage-peer-challenges', nationalOrganisation);
    const peer = await repository.findPeer(this.db, peerId);
    if (!peer) throw new NotFoundError('Peer', String(peerId));
    return { peer, ...(await this.withNames(peerId)) };
  }

  /** The signed-in peer's own ledger; null for someone who is no peer. */
  async ownDays(viewer: { userId: number }) {
    const peer = await repository.peerOfUser(this.db, viewer.userId);
    if (!peer) return null;
    return this.withNames(peer.id);
  }

  private async withNames(
    peerId: number,
  ): Promise<{ ledger: PeerLedger; names: ReadonlyMap<string, string> }> {
    const ledger = peerLedger(await repository.ledgerEntries(this.db, { peerId }), peerId);
    const codes = [...new Set(ledger.places.map((p) => p.givingAreaCode))];
    return { ledger, names: await this.services.areas.namesOf(codes) };
  }

  /**
   * Writes the illustrative history's ledger (peer-days.scenario.ts) for the scenario's visited
   * challenges, unless it is written already; how many rows it wrote.
   */
  async loadIllustrative(): Promise<number> {
    const councils = await this.services.areas.listAreas({
      types: ['county', 'district', 'unitary', 'metropolitan-district', 'london-borough'],
    });
    const england = councils.filter((c) => c.nation === 'england');
    return this.db.transaction().execute(async (trx) => {
      await repository.lockIllustrative(trx);
      if (await repository.hasIllustrative(trx)) return 0;
      const challenges = await repository.historicChallenges(trx);
      if (challenges.length === 0) return 0;
      const written = await repository.insertRows(trx, illustrativePeerDays(challenges, england));
      await bumpDataVersion(trx);
      return written;
    });
  }
}
