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
