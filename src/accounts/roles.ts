/*
 * The permission vocabulary (issue 17): the eight roles, by the slugs the CLI, the API and the
 * database all use, and what each may do. Access is decided here and nowhere else, so that a new
 * route asks `mayAct` rather than comparing role names of its own.
 */

export const roles = [
  'administrator',
  'organisation-admin',
  'data-steward',
  'analyst',
  'improvement-adviser',
  'peer-challenge-manager',
  'simulation-editor',
  'practice-editor',
] as const;

export type Role = (typeof roles)[number];

export const permissions = [
  'manage-service',
  'read-audit',
  'manage-people',
  'lodge-data',
  'publish-data',
  'save-reports',
  'read-early-warnings',
  'manage-peer-challenges',
  'respond-to-peer-challenges',
  'edit-simulations',
  'edit-practice',
] as const;

export type Permission = (typeof permissions)[number];

/** What each role grants within its organisation (an administrator's reach is everywhere). */
export const roleGrants: Readonly<Record<Role, readonly Permission[]>> = {
  administrator: permissions,
  // A council's organisation administrator is its contact for peer challenges: they hand in the
  // position statement, see the draft report and publish the report and action plan.
  'organisation-admin': ['manage-people', 'respond-to-peer-challenges', 'save-reports'],
  'data-steward': ['lodge-data', 'publish-data', 'save-reports'],
  analyst: ['save-reports'],
  'improvement-adviser': ['read-early-warnings', 'save-reports'],
  'peer-challenge-manager': ['manage-peer-challenges', 'save-reports'],
  'simulation-editor': ['edit-simulations', 'save-reports'],
  'practice-editor': ['edit-practice', 'save-reports'],
};

export const roleNames: Readonly<Record<Role, string>> = {
  administrator: 'Administrator',
  'organisation-admin': 'Organisation administrator',
  'data-steward': 'Data steward',
  analyst: 'Analyst',
  'improvement-adviser': 'Improvement adviser',
  'peer-challenge-manager': 'Peer challenge manager',
  'simulation-editor': 'Simulation editor',
  'practice-editor': 'Practice editor',
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** A role a person holds in one organisation, named by the organisation's code. */
export interface Membership {
  organisation: string;
  role: Role;
}

/**
 * Whether someone holding `memberships` may do `permission` to what `organisation` owns (null:
 * something no organisation owns, such as the service's own settings). Anonymous viewers hold
 * none. Only an administrator acts beyond their own organisations.
 */
export function mayAct(
  memberships: readonly Membership[],
  permission: Permission,
  organisation: string | null,
): boolean {
  return memberships.some(
    (m) =>
      roleGrants[m.role].includes(permission) &&
      (m.role === 'administrator' || (organisation !== null && m.organisation === organisation)),
  );
}

/**
 * The national programme team's organisation (made by migration 0013): what belongs to the
 * programme rather than to a council, such as early warnings, is its to grant.
 */
export const nationalOrganisation = 'lga';
