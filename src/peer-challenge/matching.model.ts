/*
 * The shapes team matching (matching.ts) reads and returns (issue 20, "Team assembly"). Plain
 * types: the caller validates its input with zod at its own boundary and hands these in.
 */
import { challengeType, type PartyRule } from './challenge-types.ts';
import type { ChallengeType, PeerKind, TeamRole } from './vocabulary.ts';

/** Calendar dates as ISO strings (YYYY-MM-DD), both days included. */
export interface DateWindow {
  readonly start: string;
  readonly end: string;
}

/** Which party a member peer in a role must belong to, against the council's leadership. */
export type { PartyRule } from './challenge-types.ts';

/** Which kind of peer fills each role; the manager is programme staff, never from the pool. */
export const kindOfRole: Record<TeamRole, PeerKind | null> = {
  'chief-executive-peer': 'officer',
  'lead-member-peer': 'member',
  'member-peer': 'member',
  'officer-peer': 'officer',
  manager: null,
};

/**
 * One role the challenge needs filled from the pool, with how many peers and who may fill it: a
 * challenge type's role requirement with its "from-scoping" specialisms read from the scoping.
 */
export interface RoleRequirement {
  readonly role: Exclude<TeamRole, 'manager'>;
  readonly min: number;
  readonly max: number;
  /** None: any party, or none. */
  readonly party?: PartyRule;
  /** The scoping's asks for this role: each one no peer in the role has counts against the team. */
  readonly specialisms: readonly string[];
}

export interface ChallengeForMatching {
  /** GSS code of the council being challenged. */
  readonly council: string;
  /** Its county council's GSS code when it is a district, else null. */
  readonly county: string | null;
  /** Councils sharing a boundary with it (the ONS neighbour lookup). */
  readonly borderingCouncils: readonly string[];
  /** Every other council in the same county area (its county and that county's districts). */
  readonly countyAreaCouncils: readonly string[];
  /** The party of the council's leadership; null when none is recorded (no party rule can hold). */
  readonly leadershipParty: string | null;
  /** The council's region and the regions bordering it, for travel. */
  readonly region: string;
  readonly neighbouringRegions: readonly string[];
  /** Its nearest neighbours by the comparison model: experience with these counts. */
  readonly similarCouncils: readonly string[];
  readonly window: DateWindow;
  readonly roles: readonly RoleRequirement[];
}

export interface PoolPeer {
  readonly id: string;
  readonly kind: PeerKind;
  /** Member peers' party; null for officers. */
  readonly party: string | null;
  readonly roles: readonly TeamRole[];
  readonly homeCouncil: string;
  readonly region: string;
  readonly specialisms: readonly string[];
  readonly accredited: boolean;
  readonly availability: readonly DateWindow[];
  /** Challenges the peer is already booked on in the challenge's year. */
  readonly challengesThisYear: number;
  /** Councils the peer declared a conflict with. */
  readonly conflicts: readonly string[];
  /** Councils the peer has been on a challenge at before. */
  readonly pastCouncils: readonly string[];
}

/**
 * Soft preferences, as costs the solver minimises (lower is better). Each asked-for specialism
 * the team leaves uncovered costs far more than any one peer can, so a second officer peer joins
 * when, and only when, it brings a specialism the first lacks.
 */
export interface MatchingWeights {
  /** Per asked-for specialism no peer in its role has. */
  readonly specialismGap: number;
  /** Per peer on the team: each one donates days, so no larger team than needed. */
  readonly teamSize: number;
  /** Per challenge the peer is already on this year: spread the load across the pool. */
  readonly load: number;
  /** Per step of travel: 0 for the council's own region, 1 for a bordering region, 2 beyond. */
  readonly travel: number;
  /** Per missing step of experience: 2 for no similar council, 1 for one, 0 for two or more. */
  readonly experience: number;
}

export const defaultWeights: MatchingWeights = {
  specialismGap: 10,
  teamSize: 1,
  load: 1,
  travel: 1,
  experience: 1,
};

export interface MatchingOptions {
  /** A peer may be on at most this many challenges a year, this one included (default 2). */
  readonly capPerYear?: number;
  /** Only accredited peers may serve (default true). */
  readonly requireAccreditation?: boolean;
  readonly weights?: Partial<MatchingWeights>;
}

/** The hard rules a peer can break; the role counts are the team's own rule. */
export const ruleGroups = [
  'availability',
  'challenge-cap',
  'accreditation',
  'political-balance',
  'declared-conflict',
  'county-area',
  'bordering-council',
  'own-council',
] as const;
export type RuleGroup = (typeof ruleGroups)[number];

/** One peer's soft costs, already weighted. */
export interface CostParts {
  readonly teamSize: number;
  readonly load: number;
  readonly travel: number;
  readonly experience: number;
}

export interface ObjectiveParts extends CostParts {
  readonly specialismGaps: number;
  readonly total: number;
}

export interface TeamPlace {
  readonly role: TeamRole;
  readonly peers: readonly { readonly id: string; readonly cost: CostParts }[];
  /** The role's asked-for specialisms that no peer in it has. */
  readonly uncoveredSpecialisms: readonly string[];
}

export interface LeftOut {
  readonly id: string;
  readonly reasons: readonly string[];
}

/** A rule the pool cannot meet, for the smallest set of such rules. */
export interface UnmetRule {
  readonly rule: RuleGroup | 'role-count';
  readonly roles: readonly TeamRole[];
  readonly message: string;
}

export type MatchResult =
  | {
      readonly status: 'proposed';
      readonly team: readonly TeamPlace[];
      readonly objective: ObjectiveParts;
      readonly leftOut: readonly LeftOut[];
    }
  | {
      readonly status: 'infeasible';
      readonly unmet: readonly UnmetRule[];
      readonly leftOut: readonly LeftOut[];
    };

/**
 * The team a challenge type declares (challenge-types.ts), less its manager (programme staff,
 * not from the pool), with the scoping's asks where a role takes its specialisms from it.
 */
export function rolesFor(type: ChallengeType, scoping: readonly string[]): RoleRequirement[] {
  return challengeType(type).team.flatMap((need) =>
    need.role === 'manager'
      ? []
      : [
          {
            role: need.role,
            min: need.min,
            max: need.max,
            ...(need.party ? { party: need.party } : {}),
            specialisms:
              need.specialisms === 'from-scoping' ? [...scoping] : [...(need.specialisms ?? [])],
          },
        ],
  );
}
