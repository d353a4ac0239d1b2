import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditEvents } from '../accounts/accounts.repository.ts';
import type { Database } from '../db/database.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import { importValues } from '../testing/values.ts';
import { testCollections } from './collections.fixture.ts';
import * as repo from './collections.repository.ts';
import { demoCollection, ensureDemoCollection } from './demo-collection.ts';

describe('the demo’s illustrative data collection', () => {
  let database: Database;
  before(async () => {
    database = await openRegisterDatabase();
  });
  after(() => database.close());

  it('is made once, of the demo metrics the store holds, and says it is illustrative', async () => {
    const service = testCollections(database);
    const now = new Date('2026-12-04T06:00:00Z');
    assert.equal(await ensureDemoCollection(service, now), null, 'no demo metric is held');
    for (const slug of ['council-tax-base', 'net-additions-to-the-housing-stock'])
      await importValues(database, slug, '2023-24', { E06000001: 100 });
    const id = await ensureDemoCollection(service, now);
    assert.ok(id);
    const made = await repo.findCollection(database.db, id);
    assert.match(made?.title ?? '', /^Illustrative: .*\(demo\)$/);
    assert.deepEqual(made?.metricSlugs, ['net-additions-to-the-housing-stock', 'council-tax-base']);
    assert.equal(made?.deadline.toISOString(), '2027-01-03T23:59:59.000Z');
    assert.equal(made?.createdByName, null);
    const returns = await repo.listReturns(database.db, id);
    assert.deepEqual(
      returns.map((r) => r.areaCode),
      [...demoCollection.councils],
    );
    const [event] = await auditEvents(database.db, 1);
    assert.deepEqual([event?.action, event?.actor], ['collection-created', 'openlg (demo)']);
    assert.equal(await ensureDemoCollection(service, now), null, 'made once');
  });
});
