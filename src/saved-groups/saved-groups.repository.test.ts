import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditEvents } from '../accounts/accounts.repository.ts';
import { AuditService } from '../admin/admin.service.ts';
import { AreasService } from '../areas/areas.service.ts';
import type { Database } from '../db/database.ts';
import { ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import type { TestUser } from '../accounts/accounts.fixture.ts';
import { newUser } from '../testing/fixtures.ts';
import * as repo from './saved-groups.repository.ts';
import { SavedGroupsService, type GroupViewer } from './saved-groups.service.ts';

const council = 'E06000001';

describe('saved groups, stored and guarded', () => {
  let database: Database;
  let groups: SavedGroupsService;
  const people = new Map<string, TestUser>();
  const person = (who: string) => {
    const found = people.get(who);
    assert.ok(found, who);
    return found;
  };
  const as = (who: string, memberships: GroupViewer['memberships']) => ({
    viewer: { userId: person(who).id, memberships },
    email: person(who).email,
    address: '192.0.2.1',
  });
  const owner = () => as('owner', [{ organisation: council, role: 'analyst' }]);
  const colleague = () => as('colleague', [{ organisation: council, role: 'analyst' }]);
  const orgAdmin = () => as('admin', [{ organisation: council, role: 'organisation-admin' }]);
  const stranger = () => as('stranger', [{ organisation: 'E06000002', role: 'analyst' }]);

  before(async () => {
    database = await openRegisterDatabase();
    groups = new SavedGroupsService(
      database.db,
      new AreasService(database.db),
      new AuditService(database.db),
    );
    people.set('owner', await newUser(database, { organisation: council }));
    people.set('colleague', await newUser(database, { organisation: council }));
    people.set(
      'admin',
      await newUser(database, { organisation: council, role: 'organisation-admin' }),
    );
    people.set('stranger', await newUser(database, { organisation: 'E06000002' }));
  });
  after(() => database.close());

  it('keeps members in the order saved, and replaces them whole', async () => {
    const id = await repo.insertSavedGroup(database.db, person('owner').id, {
      name: 'Tees',
      slug: 'tees',
      visibility: 'private',
      organisationCode: null,
      codes: ['E06000004', 'E06000001', 'E06000002'],
    });
    assert.deepEqual((await repo.findSavedGroup(database.db, id))?.codes, [
      'E06000004',
      'E06000001',
      'E06000002',
    ]);
    await repo.updateSavedGroup(database.db, id, person('owner').id, {
      name: 'Tees valley',
      slug: 'tees-valley',
      visibility: 'public',
      organisationCode: null,
      codes: ['E06000002', 'E06000004'],
    });
    const found = await repo.findSavedGroup(database.db, id);
    assert.deepEqual(
      [found?.name, found?.visibility, found?.codes],
      ['Tees valley', 'public', ['E06000002', 'E06000004']],
    );
    await repo.deleteSavedGroup(database.db, id);
    assert.equal(await repo.findSavedGroup(database.db, id), null);
  });

  it('lets each visibility be seen by exactly whom it says, and others not at all', async () => {
    const mine = await groups.create(owner(), {
      name: 'Mine',
      visibility: 'private',
      organisationCode: null,
      codes: [council, 'E06000002'],
    });
    const ours = await groups.create(owner(), {
      name: 'Ours',
      visibility: 'organisation',
      organisationCode: council,
      codes: [council],
    });
    const everyones = await groups.create(owner(), {
      name: 'Everyone’s',
      visibility: 'public',
      organisationCode: null,
      codes: ['E06000003'],
    });
    const seen = async (viewer: GroupViewer | null) =>
      (await groups.visibleTo(viewer))
        .map((g) => g.name)
        .filter((name) => ['Mine', 'Ours', 'Everyone’s'].includes(name));
    assert.deepEqual(await seen(owner().viewer), ['Everyone’s', 'Mine', 'Ours']);
    assert.deepEqual(await seen(colleague().viewer), ['Everyone’s', 'Ours']);
    assert.deepEqual(await seen(stranger().viewer), ['Everyone’s']);
    assert.deepEqual(await seen(null), ['Everyone’s']);
    // Not seen is not found, worded as an id no group has.
    const unknown = await groups.usable(null, '999999').catch((e: unknown) => e);
    for (const [viewer, group] of [
      [null, mine],
      [stranger().viewer, mine],
      [colleague().viewer, mine],
      [null, ours],
      [stranger().viewer, ours],
    ] as const) {
      const error = await groups.usable(viewer, String(group.id)).catch((e: unknown) => e);
      assert.ok(error instanceof NotFoundError);
      assert.equal(
        error.message.replace(String(group.id), 'N'),
        (unknown as Error).message.replace('999999', 'N'),
      );
    }
    assert.equal((await groups.usable(colleague().viewer, `${ours.id}-ours`)).name, 'Ours');
    assert.equal((await groups.usable(null, String(everyones.id))).name, 'Everyone’s');
  });

  it('lets the owner, and an organisation’s administrator, change its groups; no one else', async () => {
    const ours = await groups.create(owner(), {
      name: 'Shared',
      visibility: 'organisation',
      organisationCode: council,
      codes: [council],
    });
    await assert.rejects(
      groups.update(colleague(), ours.id, { ...ours, organisationCode: council, name: 'Mine now' }),
      ForbiddenError,
    );
    await assert.rejects(groups.remove(stranger(), ours.id), NotFoundError);
    const changed = await groups.update(orgAdmin(), ours.id, {
      name: 'Shared, tidied',
      visibility: 'organisation',
      organisationCode: council,
      codes: ['E06000002', council],
    });
    assert.deepEqual([changed.name, changed.codes], ['Shared, tidied', ['E06000002', council]]);
    await groups.remove(orgAdmin(), ours.id);
    const events = (await auditEvents(database.db, 20)).filter(
      (e) => e.subject === `saved:${ours.id}`,
    );
    assert.deepEqual(events.map((e) => [e.action, e.actor]).reverse(), [
      ['saved-group-created', person('owner').email],
      ['saved-group-updated', person('admin').email],
      ['saved-group-deleted', person('admin').email],
    ]);
  });

  it('refuses to save without save-reports, or into another organisation, or unknown councils', async () => {
    const nobody = { ...owner(), viewer: { userId: person('owner').id, memberships: [] } };
    const change = {
      name: 'X',
      visibility: 'private' as const,
      organisationCode: null,
      codes: [council],
    };
    await assert.rejects(groups.create(nobody, change), ForbiddenError);
    await assert.rejects(
      groups.create(owner(), {
        ...change,
        visibility: 'organisation',
        organisationCode: 'E06000002',
      }),
      ForbiddenError,
    );
    await assert.rejects(groups.create(owner(), { ...change, codes: ['E06999999'] }), /E06999999/);
  });
});
