import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Membership } from '../accounts/roles.ts';
import { mayDo, mayRecord, partsOf } from './challenge-access.ts';

const hartlepool = { areaCode: 'E06000001', teamUserIds: [7] };
const viewer = (userId: number, memberships: Membership[]) => ({ userId, memberships });

describe('who takes part in a peer challenge', () => {
  it('gives the public and people of other councils no part', () => {
    assert.deepEqual(partsOf(null, hartlepool), []);
    const other = viewer(3, [{ organisation: 'E06000002', role: 'organisation-admin' }]);
    assert.deepEqual(partsOf(other, hartlepool), []);
  });

  it("makes the council's organisation administrator, not its analyst, the council", () => {
    const admin = viewer(3, [{ organisation: 'E06000001', role: 'organisation-admin' }]);
    const analyst = viewer(4, [{ organisation: 'E06000001', role: 'analyst' }]);
    assert.deepEqual(partsOf(admin, hartlepool), ['council']);
    assert.deepEqual(partsOf(analyst, hartlepool), []);
  });

  it("makes the programme's managers managers and accepted peers the team", () => {
    const manager = viewer(5, [{ organisation: 'lga', role: 'peer-challenge-manager' }]);
    const adviser = viewer(6, [{ organisation: 'lga', role: 'improvement-adviser' }]);
    assert.deepEqual(partsOf(manager, hartlepool), ['manager']);
    assert.deepEqual(partsOf(adviser, hartlepool), []);
    assert.deepEqual(partsOf(viewer(7, []), hartlepool), ['team']);
  });

  it('lets each part do only its own acts', () => {
    assert.equal(mayDo(['team'], 'upload-report'), true);
    assert.equal(mayDo(['team'], 'upload-position-statement'), false);
    assert.equal(mayDo(['council'], 'advance'), false);
    assert.equal(mayDo(['council'], 'upload-action-plan'), true);
    assert.equal(mayDo([], 'read'), false);
  });

  it('lets the council record only its own publishing, the team nothing', () => {
    assert.equal(mayRecord(['council'], 'publish-report'), true);
    assert.equal(mayRecord(['council'], 'publish-action-plan'), true);
    assert.equal(mayRecord(['council'], 'receive-position-statement'), false);
    assert.equal(mayRecord(['team'], 'publish-report'), false);
    assert.equal(mayRecord(['manager'], 'close'), true);
    assert.equal(mayRecord([], 'publish-report'), false);
  });
});
