import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRole, mayAct, permissions, roleGrants, roles, type Membership } from './roles.ts';

describe('permission vocabulary', () => {
  it('names the eight roles of issue 17, each granting something', () => {
    assert.equal(roles.length, 8);
    for (const role of roles) assert.ok(roleGrants[role].length > 0, role);
    assert.ok(isRole('data-steward'));
    assert.ok(!isRole('Data steward'));
  });

  it('gives anonymous viewers nothing', () => {
    for (const permission of permissions) assert.equal(mayAct([], permission, 'E06000001'), false);
  });

  it('keeps a role to its own organisation', () => {
    const steward: Membership[] = [{ organisation: 'E06000001', role: 'data-steward' }];
    assert.equal(mayAct(steward, 'publish-data', 'E06000001'), true);
    assert.equal(mayAct(steward, 'publish-data', 'E06000002'), false);
    assert.equal(mayAct(steward, 'manage-people', 'E06000001'), false);
    assert.equal(mayAct(steward, 'read-audit', null), false);
  });

  it('lets an administrator act everywhere', () => {
    const admin: Membership[] = [{ organisation: 'lga', role: 'administrator' }];
    for (const permission of permissions) {
      assert.equal(mayAct(admin, permission, 'E06000002'), true);
      assert.equal(mayAct(admin, permission, null), true);
    }
  });

  it('adds up roles held in several organisations', () => {
    const both: Membership[] = [
      { organisation: 'E06000001', role: 'analyst' },
      { organisation: 'north-east-club', role: 'organisation-admin' },
    ];
    assert.equal(mayAct(both, 'manage-people', 'north-east-club'), true);
    assert.equal(mayAct(both, 'manage-people', 'E06000001'), false);
    assert.equal(mayAct(both, 'save-reports', 'E06000001'), true);
  });
});
