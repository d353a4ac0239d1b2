/*
 * The peer challenge programme's closed vocabularies (issue 20), shared by the database's CHECK
 * constraints, the TypeScript types, the zod schemas and the pure modules, so that none can
 * disagree with another.
 */

/** The kinds of challenge the programme offers; each one's shape is in challenge-types.ts. */
export const challengeTypes = [
  'corporate-peer-challenge',
  'finance-peer-review',
  'childrens-safeguarding',
  'adult-social-care',
  'health',
  'send',
  'planning',
  'place-based',
  'open-for-growth',
  'progress-review',
] as const;
export type ChallengeType = (typeof challengeTypes)[number];

/** A challenge's life, in order; cancelled and postponed leave it, with a reason. */
export const challengeStates = [
  'requested',
  'scoping',
  'position-statement-received',
  'team-assembled',
  'on-site',
  'feedback-given',
  'report-drafted',
  'report-published',
  'action-plan-published',
  'progress-review',
  'closed',
  'cancelled',
  'postponed',
] as const;
export type ChallengeState = (typeof challengeStates)[number];

/** Peers are serving councillors (member peers) or senior officers (officer peers). */
export const peerKinds = ['member', 'officer'] as const;
export type PeerKind = (typeof peerKinds)[number];

/** The roles a team is made of. */
export const teamRoles = [
  'chief-executive-peer',
  'lead-member-peer',
  'member-peer',
  'officer-peer',
  'manager',
] as const;
export type TeamRole = (typeof teamRoles)[number];
