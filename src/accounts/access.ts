import { ForbiddenError, UnauthorizedError } from '../shared/errors.ts';
import { mayAct, type Membership, type Permission } from './roles.ts';

/**
 * Who is asking, as far as access goes: the public (null), or someone known (signed in, or
 * holding an API key) with the roles they hold.
 */
export type AccessViewer = { readonly memberships: readonly Membership[] } | null;

/**
 * The one place a permission is checked. Returns when `viewer` may do `permission` to what the
 * organisation `resource` owns (null: something no organisation owns, such as the audit trail);
 * otherwise throws: UnauthorizedError for the public (signing in, or a key, might help),
 * ForbiddenError for someone known whose roles do not reach.
 */
export function requireAccess(
  viewer: AccessViewer,
  permission: Permission,
  resource: string | null,
): asserts viewer is NonNullable<AccessViewer> {
  if (viewer === null) throw new UnauthorizedError(`Sign in, or send an API key, to ${permission}`);
  if (!mayAct(viewer.memberships, permission, resource))
    throw new ForbiddenError(
      `Your roles do not allow ${permission}${resource === null ? '' : ` for ${resource}`}`,
    );
}

/**
 * The organisations in which `viewer` may do `permission`: where something they make (a saved
 * group, say) may belong. Empty for the public and for anyone whose roles do not grant it.
 */
export function organisationsWhere(viewer: AccessViewer, permission: Permission): string[] {
  const where = (viewer?.memberships ?? []).filter((m) => mayAct([m], permission, m.organisation));
  return [...new Set(where.map((m) => m.organisation))];
}

/**
 * As requireAccess, for something the viewer will own themselves rather than an organisation
 * (a private saved group): their roles must grant `permission` in at least one organisation.
 */
export function requireAccessSomewhere(
  viewer: AccessViewer,
  permission: Permission,
): asserts viewer is NonNullable<AccessViewer> {
  requireAccess(viewer, permission, organisationsWhere(viewer, permission)[0] ?? null);
}

/** Whether `viewer` holds any role in `organisation`: whom an organisation shares things with. */
export function isMemberOf(viewer: AccessViewer, organisation: string): boolean {
  return viewer?.memberships.some((m) => m.organisation === organisation) ?? false;
}
