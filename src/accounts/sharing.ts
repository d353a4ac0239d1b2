import { isMemberOf, requireAccess, requireAccessSomewhere } from './access.ts';
import { mayAct, type Membership } from './roles.ts';

/*
 * What people make and share (saved groups, stored reports): each belongs to the user who made
 * it, and to one of their organisations when shared with it. Who may see and change such a thing
 * is decided here, once, from the permission vocabulary (roles.ts).
 */

export const visibilities = ['private', 'organisation', 'public'] as const;

/** Who may see a shared thing: its owner, its organisation's members, or everyone. */
export type Visibility = (typeof visibilities)[number];

export const visibilityWords: Readonly<Record<Visibility, string>> = {
  private: 'Only you',
  organisation: 'Your organisation',
  public: 'Everyone',
};

/** Someone known who may ask to see or change a shared thing. */
export interface Sharer {
  readonly userId: number;
  readonly memberships: readonly Membership[];
}

/** A shared thing, as far as who may see and change it goes. */
export interface Shared {
  readonly ownerUserId: number;
  readonly organisationCode: string | null;
  readonly visibility: Visibility;
}

/** Whether `viewer` may see it: its owner; its organisation's members; or, when public, all. */
export function maySeeShared(viewer: Sharer | null, thing: Shared): boolean {
  if (thing.visibility === 'public') return true;
  if (viewer === null) return false;
  if (viewer.userId === thing.ownerUserId) return true;
  return (
    thing.visibility === 'organisation' &&
    thing.organisationCode !== null &&
    isMemberOf(viewer, thing.organisationCode)
  );
}

/** Whether `viewer` may change it: its owner, or who manages its organisation's people. */
export function mayChangeShared(viewer: Sharer, thing: Shared): boolean {
  if (viewer.userId === thing.ownerUserId) return true;
  return (
    thing.visibility === 'organisation' &&
    thing.organisationCode !== null &&
    mayAct(viewer.memberships, 'manage-people', thing.organisationCode)
  );
}

/**
 * Returns when `viewer` may save a thing shared as asked: `save-reports` in its organisation when
 * it has one (an organisation's administrator changing a colleague's thing keeps it in that
 * organisation), otherwise somewhere. Throws a permission error otherwise.
 */
export function requireMaySave(
  viewer: Sharer,
  organisationCode: string | null,
  before?: Shared,
): void {
  const kept = before !== undefined && before.organisationCode === organisationCode;
  if (organisationCode !== null && !kept) requireAccess(viewer, 'save-reports', organisationCode);
  else requireAccessSomewhere(viewer, 'save-reports');
}
