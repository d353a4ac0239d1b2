import { mayAct, nationalOrganisation, type Membership } from '../accounts/roles.ts';
import type { ChallengeEventKind } from './lifecycle.ts';

/*
 * Who takes part in one peer challenge, and what each part may do (issue 20). A challenge
 * belongs to the national programme, which runs it, to the council, which is challenged, and to
 * its team, which is no organisation: a peer is on a team by accepting an invitation, not by a
 * role. So the roles vocabulary (accounts/roles.ts) decides the first two and the team's
 * accepted members the third, here and nowhere else.
 */

export const challengeParts = ['manager', 'council', 'team'] as const;
export type ChallengePart = (typeof challengeParts)[number];

/** What one can do to a challenge, by the parts allowed to. */
export const challengeActs = {
  /** Its facts, deadlines, history, data pack and documents, drafts included. */
  read: ['manager', 'council', 'team'],
  /** Move it along its life (lifecycle.ts); the council's own steps are in councilEvents. */
  advance: ['manager'],
  'upload-position-statement': ['manager', 'council'],
  'upload-report': ['manager', 'team'],
  'upload-action-plan': ['manager', 'council'],
  /** Answer the leader's and chief executive's feedback survey. */
  'answer-council-survey': ['manager', 'council'],
  /** Answer the peers' feedback survey. */
  'answer-peer-survey': ['manager', 'team'],
} as const satisfies Record<string, readonly ChallengePart[]>;
export type ChallengeAct = keyof typeof challengeActs;

/** The events the council records itself: it publishes its report and its action plan. */
export const councilEvents = ['publish-report', 'publish-action-plan'] as const;

/** Whether someone playing `parts` may record an event: any event to advance, else the council's. */
export function mayRecord(parts: readonly ChallengePart[], event: ChallengeEventKind): boolean {
  if (mayDo(parts, 'advance')) return true;
  return parts.includes('council') && (councilEvents as readonly string[]).includes(event);
}

/** What the access decision needs to know of the challenge. */
export interface ChallengeMembers {
  /** The challenged council's GSS code, which is its organisation's code. */
  areaCode: string;
  /** The users of the peers who accepted a place on its team. */
  teamUserIds: readonly number[];
}

/** The parts a viewer plays in a challenge: none for the public or anyone else. */
export function partsOf(
  viewer: { userId: number; memberships: readonly Membership[] } | null,
  challenge: ChallengeMembers,
): ChallengePart[] {
  if (viewer === null) return [];
  const parts: ChallengePart[] = [];
  if (mayAct(viewer.memberships, 'manage-peer-challenges', nationalOrganisation))
    parts.push('manager');
  if (mayAct(viewer.memberships, 'respond-to-peer-challenges', challenge.areaCode))
    parts.push('council');
  if (challenge.teamUserIds.includes(viewer.userId)) parts.push('team');
  return parts;
}

/** Whether someone playing `parts` may do `act`. */
export function mayDo(parts: readonly ChallengePart[], act: ChallengeAct): boolean {
  const allowed: readonly ChallengePart[] = challengeActs[act];
  return parts.some((part) => allowed.includes(part));
}
