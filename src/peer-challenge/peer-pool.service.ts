import { requireAccess, type AccessViewer } from '../accounts/access.ts';
import { auditedBy, type PageActor } from '../accounts/actor.ts';
import { nationalOrganisation } from '../accounts/roles.ts';
import type { AuditService } from '../admin/admin.service.ts';
import type { AreasService, AreaSummary } from '../areas/areas.service.ts';
import type { ComparisonService } from '../comparison/comparison.service.ts';
import type { Db } from '../db/database.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { borderingCouncils, bordersIn, regionsNextTo } from './borders.ts';
import { buildDemoPool } from './demo-pool.ts';
import type { Problem } from './lifecycle.ts';
import {
  proposeTeam,
  rolesFor,
  type ChallengeForMatching,
  type MatchResult,
  type PoolPeer,
} from './matching.ts';
import { writeChallengePlaces } from './peer-days.service.ts';
import { resolveConflicts } from './council-entry.ts';
import * as repository from './peer-pool.repository.ts';
import {
  invitationAnswer,
  peerInput,
  profileForm,
  scopingForm,
  teamInput,
  type PeerInput,
  type ProfileChange,
  type ScopingChange,
  type TeamChoice,
} from './peer-pool.schema.ts';

/** The manager's team was refused: every problem, each naming its form field. */
export class TeamRefused extends BadRequestError {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map((p) => p.text).join('; '), problems[0]?.field);
    this.name = 'TeamRefused';
  }
}

type ChallengeRow = NonNullable<Awaited<ReturnType<typeof repository.findChallenge>>>;

export type TeamProposal =
  | {
      readonly status: 'needs-window';
      readonly challenge: ChallengeRow;
      readonly area: AreaSummary;
    }
  | {
      readonly status: 'matched';
      readonly challenge: ChallengeRow;
      readonly area: AreaSummary;
      readonly matching: ChallengeForMatching;
      readonly result: MatchResult;
      readonly peers: ReadonlyMap<string, repository.PeerRecord>;
      /** What the proposal could not take into account, in plain words. */
      readonly notes: readonly string[];
    };

const councilTypes = [
  'county',
  'district',
  'unitary',
  'metropolitan-district',
  'london-borough',
] as const;

function forMatching(peer: repository.PeerRecord, history: repository.PeerHistory): PoolPeer {
  return {
    id: String(peer.id),
    kind: peer.kind,
    party: peer.party,
    roles: peer.roles,
    homeCouncil: peer.home_area_code,
    region: peer.region_code,
    specialisms: peer.specialisms,
    accredited: peer.accredited_on !== null,
    availability: peer.availability.map((w) => ({ start: w.from, end: w.to })),
    challengesThisYear: history.thisYear.get(peer.id) ?? 0,
    conflicts: peer.conflicts.map((c) => c.areaCode),
    pastCouncils: history.pastCouncils.get(peer.id) ?? [],
  };
}

/**
 * The peer pool (issue 20): peers the programme team holds, each peer's own profile and
 * availability, and the team for a challenge, proposed by the pure matching (matching.ts) from
 * the register, the ONS border lookup and the nearest-neighbours model, confirmed by a manager
 * (a peer the proposal left out only with a recorded reason) and answered by each peer. Every
 * change is audited in its own transaction.
 */
/** The parties the demo gives its illustrative challenges' leaderships, in turn. */
const demoParties = ['Conservative', 'Labour', 'Liberal Democrat'];

export class PeerPoolService {
  constructor(
    private readonly db: Db,
    private readonly services: {
      areas: AreasService;
      comparison: ComparisonService;
      audit: AuditService;
    },
  ) {}

  static require(viewer: AccessViewer): asserts viewer is NonNullable<AccessViewer> {
    requireAccess(viewer, 'manage-peer-challenges', nationalOrganisation);
  }

  private async columnsOf(input: PeerInput, illustrative: boolean) {
    const peer = parseInput(peerInput, input);
    const home = await this.services.areas.getSummary(peer.homeAreaCode);
    const region = home.parents.region?.code;
    if (home.nation !== 'england' || region === undefined)
      throw new BadRequestError(`${home.name} is not an English council`, 'homeAreaCode');
    const columns: repository.PeerColumns = {
      kind: peer.kind,
      name: peer.name,
      email: peer.email,
      user_id: peer.userId,
      home_area_code: home.code,
      party: peer.party,
      roles: peer.roles,
      role_title: peer.roleTitle,
      specialisms: peer.specialisms,
      accredited_on: peer.accreditedOn,
      trained_on: peer.trainedOn,
      region_code: region,
      illustrative,
    };
    return { peer, columns };
  }

  /** Adds a peer to the pool (the programme team), audited; their id. */
  async addPeer(actor: PageActor, input: PeerInput): Promise<number> {
    PeerPoolService.require(actor.viewer);
    const { peer, columns } = await this.columnsOf(input, false);
    return this.db.transaction().execute(async (trx) => {
      const [id = 0] = await repository.insertPeers(trx, [
        { ...columns, availability: peer.availability, conflicts: peer.conflicts },
      ]);
      await this.audit(actor, 'peer-added', columns.home_area_code, { id, ...peer }, trx);
      return id;
    });
  }

  /** Changes everything the programme team holds of a peer, audited. */
  async updatePeer(actor: PageActor, id: number, input: PeerInput): Promise<void> {
    PeerPoolService.require(actor.viewer);
    const { peer, columns } = await this.columnsOf(input, false);
    await this.db.transaction().execute(async (trx) => {
      const [before] = await repository.findPeers(trx, { ids: [id] });
      if (!before) throw new NotFoundError('Peer', String(id));
      await repository.updatePeer(
        trx,
        id,
        { ...columns, illustrative: before.illustrative },
        peer.availability,
        peer.conflicts,
      );
      await this.audit(actor, 'peer-updated', columns.home_area_code, { id, ...peer }, trx);
    });
  }

  /** One peer as the programme team holds them, for their record's form. */
  async peer(viewer: AccessViewer, id: number): Promise<repository.PeerRecord> {
    PeerPoolService.require(viewer);
    const [peer] = await repository.findPeers(this.db, { ids: [id] });
    if (!peer) throw new NotFoundError('Peer', String(id));
    return peer;
  }

  /** The signed-in person's own peer profile, with the challenges they are on; null if none. */
  async ownProfile(viewer: { userId: number }) {
    const [peer] = await repository.findPeers(this.db, { userId: viewer.userId });
    if (!peer) return null;
    return { peer, invitations: await repository.invitationsOf(this.db, peer.id) };
  }

  private async ownPeer(actor: PageActor) {
    const [peer] = await repository.findPeers(this.db, { userId: actor.viewer.userId });
    if (!peer) throw new ForbiddenError('You are not a peer in the pool');
    return peer;
  }

  /** A peer changes their own role, specialisms and availability, audited. */
  async updateOwnProfile(actor: PageActor, input: unknown): Promise<void> {
    const change: ProfileChange = parseInput(profileForm, input);
    const peer = await this.ownPeer(actor);
    const declared =
      change.conflicts && (await resolveConflicts(this.services.areas, change.conflicts));
    if (declared && !declared.ok) throw new BadRequestError(declared.text, 'conflicts');
    const conflicts = declared ? declared.conflicts : undefined;
    await this.db.transaction().execute(async (trx) => {
      await repository.updatePeer(
        trx,
        peer.id,
        { role_title: change.roleTitle, specialisms: change.specialisms },
        change.availability,
        conflicts,
      );
      await this.audit(actor, 'peer-profile-updated', peer.home_area_code, change, trx);
    });
  }

  /** Records the leadership's party and the specialisms the scoping asked for, audited. */
  async recordScoping(actor: PageActor, challengeId: number, input: unknown): Promise<void> {
    PeerPoolService.require(actor.viewer);
    const change: ScopingChange = parseInput(scopingForm, input);
    await this.db.transaction().execute(async (trx) => {
      const challenge = await repository.findChallenge(trx, challengeId);
      if (!challenge) throw new NotFoundError('Peer challenge', String(challengeId));
      await repository.saveScoping(trx, challengeId, {
        leadershipParty: change.leadershipParty,
        specialisms: change.scopingSpecialisms,
      });
      const detail = { challengeId, ...change };
      await this.audit(actor, 'peer-challenge-scoping-recorded', challenge.area_code, detail, trx);
    });
  }

  /** The pool as the programme team reads it, filtered. */
  async pool(viewer: AccessViewer, filter: repository.PeerFilter = {}) {
    PeerPoolService.require(viewer);
    const peers = await repository.findPeers(this.db, filter);
    const names = await this.services.areas.namesOf([
      ...new Set(peers.flatMap((p) => [p.home_area_code, p.region_code])),
    ]);
    const regions = await this.services.areas.listAreas({ types: ['region'], current: true });
    return {
      peers,
      names,
      regions: regions.filter((r) => r.nation === 'england'),
      specialisms: await repository.specialismsInPool(this.db),
    };
  }

  /** The team matching proposes for a challenge, for a manager to read and confirm. */
  async proposeTeam(viewer: AccessViewer, challengeId: number, dataDir: string) {
    PeerPoolService.require(viewer);
    return this.propose(challengeId, dataDir);
  }

  private async propose(challengeId: number, dataDir: string): Promise<TeamProposal> {
    const challenge = await repository.findChallenge(this.db, challengeId);
    if (!challenge) throw new NotFoundError('Peer challenge', String(challengeId));
    const area = await this.services.areas.getSummary(challenge.area_code);
    if (challenge.window_start === null || challenge.window_end === null)
      return { status: 'needs-window', challenge, area };
    const window = { start: challenge.window_start, end: challenge.window_end };
    const { matching, notes } = await this.matchingOf(challenge, area, window, dataDir);
    const [records, history] = await Promise.all([
      repository.findPeers(this.db),
      repository.peerHistory(this.db, challenge.programme_year, challenge.id),
    ]);
    const result = await proposeTeam(
      matching,
      records.map((p) => forMatching(p, history)),
    );
    const peers = new Map(records.map((p) => [String(p.id), p]));
    return { status: 'matched', challenge, area, matching, result, peers, notes };
  }

  private async matchingOf(
    challenge: ChallengeRow,
    area: AreaSummary,
    window: { start: string; end: string },
    dataDir: string,
  ): Promise<{ matching: ChallengeForMatching; notes: string[] }> {
    const notes: string[] = [];
    const upper = area.parents['upper-tier']?.code;
    const county = upper !== undefined && upper !== area.code ? upper : null;
    const districtsOf = async (code: string) => {
      const found = await this.services.areas.getArea(code);
      if (!('found' in found)) return [];
      return found.found.children
        .filter((c) => c.relation === 'upper-tier' && c.validTo === null)
        .map((c) => c.code);
    };
    const ownDistricts = area.type === 'county' ? await districtsOf(area.code) : [];
    const countyArea = county ? [county, ...(await districtsOf(county))] : ownDistricts;
    const borders = await bordersIn(dataDir);
    if (!borders.has(area.code) && ownDistricts.length === 0)
      notes.push(
        `${area.name} is not in the ONS border lookup (2021 districts), so no council counts as bordering it.`,
      );
    const region = area.parents.region?.code ?? '';
    const similar = await this.similarTo(area.code);
    if (similar === null)
      notes.push('No nearest neighbours are built for this council, so experience is not weighed.');
    if (challenge.leadership_party === null)
      notes.push('No leadership party is recorded, so no party rule can be met.');
    const matching: ChallengeForMatching = {
      council: area.code,
      county,
      borderingCouncils: borderingCouncils(borders, area.code, ownDistricts),
      countyAreaCouncils: countyArea.filter((c) => c !== area.code),
      leadershipParty: challenge.leadership_party,
      region,
      neighbouringRegions: regionsNextTo(region),
      similarCouncils: similar ?? [],
      window,
      roles: rolesFor(challenge.type, challenge.scoping_specialisms),
    };
    return { matching, notes };
  }

  /** The council's nearest neighbours by the default model; null when none are built. */
  private async similarTo(code: string): Promise<string[] | null> {
    try {
      const { group, members } = await this.services.comparison.groupOf(code);
      return group.kind === 'nearest-neighbours' ? members.filter((c) => c !== code) : null;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  /**
   * Saves the team a manager confirms, every peer invited, audited. A peer the proposal left out
   * may join only with a recorded reason; refused with every problem at once (TeamRefused).
   */
  async confirmTeam(actor: PageActor, challengeId: number, input: TeamChoice, dataDir: string) {
    PeerPoolService.require(actor.viewer);
    const team = parseInput(teamInput, input);
    const proposal = await this.propose(challengeId, dataDir);
    const proposed = new Set(
      proposal.status === 'matched' && proposal.result.status === 'proposed'
        ? proposal.result.team.flatMap((place) => place.peers.map((p) => p.id))
        : [],
    );
    const known = await repository.findPeers(this.db, { ids: team.map((m) => m.peerId) });
    const problems = team.flatMap((m, i): Problem[] => {
      const field = `reason-${m.peerId}`;
      if (!known.some((p) => p.id === m.peerId))
        return [{ field, text: `There is no peer number ${m.peerId}` }];
      if (team.findIndex((o) => o.peerId === m.peerId) !== i)
        return [{ field, text: 'Choose each peer once' }];
      if (!proposed.has(String(m.peerId)) && !m.overrideReason)
        return [{ field, text: 'Say why you add a peer the proposal left out' }];
      return [];
    });
    if (problems.length > 0) throw new TeamRefused(problems);
    const before = new Set((await repository.teamOf(this.db, challengeId)).map((m) => m.peer_id));
    const members = team.map((m) => ({
      peerId: m.peerId,
      role: m.role,
      status: 'invited' as const,
      overrideReason: proposed.has(String(m.peerId)) ? null : m.overrideReason,
    }));
    await this.db.transaction().execute(async (trx) => {
      await repository.saveTeam(trx, challengeId, members);
      // A team changed once the visit has begun changes who gave the days.
      await writeChallengePlaces(trx, challengeId);
      await this.audit(
        actor,
        'peer-team-confirmed',
        proposal.challenge.area_code,
        { id: challengeId, members },
        trx,
      );
    });
    return {
      challenge: proposal.challenge,
      area: proposal.area,
      newlyInvited: known.filter((p) => !before.has(p.id)),
    };
  }

  /** The team as saved, with each peer's answer. */
  async team(viewer: AccessViewer, challengeId: number) {
    PeerPoolService.require(viewer);
    return repository.teamOf(this.db, challengeId);
  }

  /** The signed-in peer accepts or declines their place on a challenge's team, audited. */
  async answerInvitation(actor: PageActor, challengeId: number, input: unknown): Promise<void> {
    const choice = parseInput(invitationAnswer, input);
    const peer = await this.ownPeer(actor);
    await this.db.transaction().execute(async (trx) => {
      const status = choice === 'accept' ? 'accepted' : 'declined';
      if (!(await repository.answer(trx, challengeId, peer.id, status)))
        throw new NotFoundError('Invitation to peer challenge', String(challengeId));
      await writeChallengePlaces(trx, challengeId);
      await this.audit(
        actor,
        'peer-invitation-answered',
        peer.home_area_code,
        { challengeId, peerId: peer.id, status },
        trx,
      );
    });
  }

  /**
   * Gives the demo's peer account a peer of the demo pool to keep (unless it keeps one) and
   * invites them, as a chief executive peer, to the demo's live challenge.
   */
  async inviteDemoPeer(challengeId: number, userId: number): Promise<void> {
    const challenge = await repository.findChallenge(this.db, challengeId);
    if (!challenge) throw new NotFoundError('Peer challenge', String(challengeId));
    const region = (await this.services.areas.getSummary(challenge.area_code)).parents.region;
    await this.db.transaction().execute(async (trx) => {
      await repository.lockDemoPool(trx);
      const [kept] = await repository.findPeers(trx, { userId });
      const peerId =
        kept?.id ??
        (await repository.unclaimedIllustrativePeer(
          trx,
          'chief-executive-peer',
          region?.code ?? '',
        ));
      if (peerId === null) return;
      if (!kept) await repository.updatePeer(trx, peerId, { user_id: userId });
      await repository.giveIllustrativeLeadership(trx, demoParties);
      await repository.addMember(trx, challengeId, {
        peerId,
        role: 'chief-executive-peer',
        status: 'invited',
        overrideReason: null,
      });
    });
  }

  /** Loads the fictitious demo pool unless it is loaded; how many peers it added. */
  async loadDemoPool(): Promise<number> {
    const councils = await this.services.areas.listAreas({
      types: [...councilTypes],
      current: true,
    });
    const peers = buildDemoPool(councils.filter((c) => c.nation === 'england'));
    return this.db.transaction().execute(async (trx) => {
      await repository.lockDemoPool(trx);
      if (await repository.hasIllustrativePeers(trx)) return 0;
      await repository.giveIllustrativeLeadership(trx, demoParties);
      return (await repository.insertPeers(trx, peers)).length;
    });
  }

  private audit(
    actor: PageActor,
    action: string,
    subject: string,
    after: unknown,
    trx: Parameters<AuditService['record']>[1],
  ) {
    return this.services.audit.record(
      {
        ...auditedBy(actor),
        action,
        subject,
        after,
      },
      trx,
    );
  }
}
