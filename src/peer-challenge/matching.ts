/*
 * Team assembly for one peer challenge (issue 20): a pure function from the challenge and the
 * peer pool to an optimal team, or to the smallest set of rules the pool cannot meet, with a
 * reason for every peer left out. The assignment is a mixed-integer program solved by HiGHS.
 *
 * 1. Each peer's own breaches of the hard rules (own, bordering or county-area council, declared
 *    conflict, accreditation, yearly cap, availability: matching.rules.ts) and each peer-role
 *    pair's political balance are checked first; only clean pairs reach the solver.
 * 2. Exact reduction: for each role and each subset of the role's asked-for specialisms a peer
 *    brings, only the K cheapest peers are kept, K being the largest team. Any team using a
 *    dropped peer can swap them for a kept one of the same role and fit, no dearer, that is not
 *    on the team (at most K - 1 of the K are), so the optimum is unchanged; the program stays
 *    small however large the pool.
 * 3. The program (matching.program.ts): binary x[p,r] per kept pair; min_r <= sum_p x[p,r] <=
 *    max_r; sum_r x[p,r] <= 1; cover[r,s] <= sum of x[p,r] over peers with specialism s;
 *    minimise sum cost_p x[p,r] + gap weight * sum (1 - cover[r,s]).
 * 4. Infeasible: every pair the peers put themselves forward for, reduced in the same way per
 *    role and set of rules broken; one binary per rule group that lets the pairs breaking it
 *    in, a shortfall per role count; minimise the number of groups relaxed.
 */
import {
  defaultWeights,
  type ChallengeForMatching,
  type CostParts,
  type LeftOut,
  type MatchingOptions,
  type MatchingWeights,
  type MatchResult,
  type PoolPeer,
  type RoleRequirement,
} from './matching.model.ts';
import { bestTeam, smallestUnmet, type Pair } from './matching.program.ts';
import {
  canTakeRole,
  partyHolds,
  peerBreaches,
  plainRole,
  type Breach,
  type Settings,
} from './matching.rules.ts';

export { rolesFor, defaultWeights, kindOfRole } from './matching.model.ts';
export type * from './matching.model.ts';

/** The caller validates its input; these are the mistakes that would make a wrong answer. */
function checkInput(
  roles: readonly RoleRequirement[],
  pool: readonly PoolPeer[],
  settings: Settings,
  weights: MatchingWeights,
) {
  if (new Set(pool.map((p) => p.id)).size !== pool.length)
    throw new Error('a peer is in the pool twice');
  if (!(Number.isInteger(settings.capPerYear) && settings.capPerYear >= 1))
    throw new Error('the cap of challenges a year must be a whole number, at least 1');
  if (!Object.values(weights).every((w) => Number.isFinite(w) && w >= 0))
    throw new Error('weights must be finite and not negative');
  if (roles.length === 0) throw new Error('a challenge needs at least one role');
  const seen = new Set<string>();
  for (const r of roles) {
    if (seen.has(r.role)) throw new Error(`role ${r.role} is listed twice`);
    seen.add(r.role);
    if (!(Number.isInteger(r.min) && Number.isInteger(r.max) && 0 <= r.min && r.min <= r.max))
      throw new Error(`role ${r.role} needs whole counts with 0 <= min <= max`);
  }
}

interface Assessed {
  readonly peer: PoolPeer;
  readonly breaches: readonly Breach[];
}

/** The peer's soft costs, weighted: the same whichever role they fill. */
function peerCost(
  challenge: ChallengeForMatching,
  peer: PoolPeer,
  weights: MatchingWeights,
): CostParts {
  const travel =
    peer.region === challenge.region
      ? 0
      : challenge.neighbouringRegions.includes(peer.region)
        ? 1
        : 2;
  const similar = challenge.similarCouncils.filter((c) => peer.pastCouncils.includes(c)).length;
  return {
    teamSize: weights.teamSize,
    load: weights.load * peer.challengesThisYear,
    travel: weights.travel * travel,
    experience: weights.experience * (2 - Math.min(similar, 2)),
  };
}

const totalCost = (c: CostParts) => c.teamSize + c.load + c.travel + c.experience;

/** Every peer-role pair the peer put themselves forward for, with the rules it would break. */
function candidatePairs(
  challenge: ChallengeForMatching,
  assessed: readonly Assessed[],
  weights: MatchingWeights,
): Pair[] {
  const pairs: Pair[] = [];
  assessed.forEach(({ peer, breaches }, p) => {
    const cost = peerCost(challenge, peer, weights);
    challenge.roles.forEach((requirement, r) => {
      if (!canTakeRole(requirement, peer)) return;
      const broken = breaches.map((b) => b.rule);
      if (!partyHolds(requirement.party, challenge.leadershipParty, peer.party))
        broken.push('political-balance');
      const fit = requirement.specialisms.filter((s) => peer.specialisms.includes(s));
      pairs.push({
        peer: p,
        id: peer.id,
        role: r,
        broken,
        fit,
        cost,
        total: totalCost(cost),
      });
    });
  });
  return pairs;
}

function partyReason(requirement: RoleRequirement, leadershipParty: string | null): string {
  const name = plainRole(requirement);
  if (leadershipParty === null) return `the council's leadership has no recorded party (${name})`;
  return requirement.party === 'same-as-leadership'
    ? `a ${name} here must be of the ${leadershipParty} party`
    : `a ${name} here must be of a party other than ${leadershipParty}`;
}

/** Why each peer not on the team is not on it, in plain words. */
function leftOutReasons(
  challenge: ChallengeForMatching,
  assessed: readonly Assessed[],
  onTeam: ReadonlySet<string>,
  eligibleReason: string,
): LeftOut[] {
  const leftOut: LeftOut[] = [];
  assessed.forEach(({ peer, breaches }) => {
    if (onTeam.has(peer.id)) return;
    const reasons = breaches.map((b) => b.reason);
    const takes = challenge.roles.filter((r) => canTakeRole(r, peer));
    if (takes.length === 0) reasons.push('cannot fill any role this challenge needs');
    else if (!takes.some((r) => partyHolds(r.party, challenge.leadershipParty, peer.party)))
      reasons.push(...takes.map((r) => partyReason(r, challenge.leadershipParty)));
    if (reasons.length === 0) reasons.push(eligibleReason);
    leftOut.push({ id: peer.id, reasons });
  });
  return leftOut;
}

export async function proposeTeam(
  challenge: ChallengeForMatching,
  pool: readonly PoolPeer[],
  options: MatchingOptions = {},
): Promise<MatchResult> {
  const settings: Settings = {
    capPerYear: options.capPerYear ?? 2,
    requireAccreditation: options.requireAccreditation ?? true,
  };
  const weights = { ...defaultWeights, ...options.weights };
  checkInput(challenge.roles, pool, settings, weights);
  const assessed = pool.map((peer) => ({
    peer,
    breaches: peerBreaches(challenge, peer, settings),
  }));
  const pairs = candidatePairs(challenge, assessed, weights);
  const found = await bestTeam(challenge, pairs, weights);
  if (found) {
    const onTeam = new Set(found.team.flatMap((t) => t.peers.map((p) => p.id)));
    return {
      status: 'proposed',
      team: found.team,
      objective: found.objective,
      leftOut: leftOutReasons(challenge, assessed, onTeam, 'another peer scored higher'),
    };
  }
  return {
    status: 'infeasible',
    unmet: await smallestUnmet(challenge, pairs, settings),
    leftOut: leftOutReasons(
      challenge,
      assessed,
      new Set(),
      'eligible, but no complete team can be formed',
    ),
  };
}
