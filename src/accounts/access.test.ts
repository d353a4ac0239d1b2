import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ForbiddenError, UnauthorizedError } from '../shared/errors.ts';
import { requireAccess } from './access.ts';
import { permissions, roleGrants, roles, type Permission, type Role } from './roles.ts';

const own = 'E06000001';
const other = 'E06000002';

const holding = (role: Role, organisation = own) => ({ memberships: [{ organisation, role }] });

function outcome(run: () => void): 'allowed' | 'unauthorized' | 'forbidden' {
  try {
    run();
    return 'allowed';
  } catch (error) {
    if (error instanceof UnauthorizedError) return 'unauthorized';
    if (error instanceof ForbiddenError) return 'forbidden';
    throw error;
  }
}

describe('requireAccess', () => {
  it('asks the public to identify itself for every permission, owned or not', () => {
    for (const permission of permissions)
      for (const resource of [own, null])
        assert.equal(
          outcome(() => requireAccess(null, permission, resource)),
          'unauthorized',
        );
  });

  it('refuses someone signed in without roles', () => {
    for (const permission of permissions)
      assert.equal(
        outcome(() => requireAccess({ memberships: [] }, permission, own)),
        'forbidden',
      );
  });

  it('allows each role exactly its grants in its own organisation, and nothing in another', () => {
    for (const role of roles)
      for (const permission of permissions) {
        const granted = (roleGrants[role] as readonly Permission[]).includes(permission);
        const where = `${role} ${permission}`;
        assert.equal(
          outcome(() => requireAccess(holding(role), permission, own)),
          granted ? 'allowed' : 'forbidden',
          `${where} (own)`,
        );
        assert.equal(
          outcome(() => requireAccess(holding(role), permission, other)),
          granted && role === 'administrator' ? 'allowed' : 'forbidden',
          `${where} (other)`,
        );
        assert.equal(
          outcome(() => requireAccess(holding(role), permission, null)),
          granted && role === 'administrator' ? 'allowed' : 'forbidden',
          `${where} (no organisation)`,
        );
      }
  });

  it('lets only an administrator read the audit trail', () => {
    const readers = roles.filter(
      (role) =>
        outcome(() => requireAccess(holding(role, 'lga'), 'read-audit', null)) === 'allowed',
    );
    assert.deepEqual(readers, ['administrator']);
  });
});
