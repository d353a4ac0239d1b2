import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditEvents } from '../accounts/accounts.repository.ts';
import type { Database } from '../db/database.ts';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../shared/errors.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import {
  hartlepool,
  importAskedMetrics,
  middlesbrough,
  newPeople,
  testCollections,
  newCollection as collectionBy,
  type TestPerson,
  type Who,
} from './collections.fixture.ts';
import * as repo from './collections.repository.ts';
import type { CollectionsService } from './collections.service.ts';

describe('data collections, stored and guarded', () => {
  let database: Database;
  let service: CollectionsService;
  let people: Record<Who, TestPerson>;
  const as = (who: Who) => people[who].actor;
  const newCollection = (title?: string) => collectionBy(service, as('admin'), title);

  before(async () => {
    database = await openRegisterDatabase();
    await importAskedMetrics(database);
    service = testCollections(database);
    people = await newPeople(database);
  });
  after(() => database.close());

  it('stores a collection with its metrics in order and a not-started return per council', async () => {
    const id = await newCollection();
    const found = await repo.findCollection(database.db, id);
    assert.equal(found?.periodCode, '2024-04-01/P1Y');
    assert.equal(found?.deadline.toISOString(), '2027-01-31T23:59:59.000Z');
    assert.deepEqual(found?.metricSlugs, ['homes-built', 'empty-homes-rate']);
    const returns = await repo.listReturns(database.db, id);
    assert.deepEqual(
      returns.map((r) => [r.areaCode, r.state]),
      [
        [hartlepool, 'not-started'],
        [middlesbrough, 'not-started'],
      ],
    );
    const [event] = await auditEvents(database.db, 1);
    assert.deepEqual([event?.action, event?.subject], ['collection-created', `collection:${id}`]);
    const listed = (await service.list(as('admin').viewer)).find((c) => c.id === id);
    assert.deepEqual(listed?.counts, { 'not-started': 2, draft: 0, submitted: 0, published: 0 });
  });

  it('refuses unknown metrics and councils, and anyone but an administrator', async () => {
    const bad = (change: object) =>
      service.create(as('admin'), {
        title: 'x',
        period: '2024/25',
        deadline: '2027-01-31',
        metrics: ['homes-built'],
        councils: [hartlepool],
        ...change,
      });
    await assert.rejects(bad({ metrics: ['no-such-metric'] }), /No metric has the slug/);
    await assert.rejects(bad({ councils: ['E06999999'] }), /No council has the code E06999999/);
    await assert.rejects(
      service.create(as('steward'), {
        title: 'x',
        period: '2024/25',
        deadline: '2027-01-31',
        metrics: ['homes-built'],
        councils: [hartlepool],
      }),
      ForbiddenError,
    );
    await assert.rejects(service.list(null), UnauthorizedError);
  });

  it('lets only the council’s stewards see and save its return', async () => {
    const id = await newCollection('Guarded');
    assert.equal((await service.forCouncil(as('steward').viewer, hartlepool)).length > 0, true);
    await assert.rejects(service.forCouncil(as('analyst').viewer, hartlepool), ForbiddenError);
    await assert.rejects(service.returnFor(as('other').viewer, id, hartlepool), ForbiddenError);
    await assert.rejects(service.returnFor(as('steward').viewer, id, 'E06000003'), ForbiddenError);
    await assert.rejects(service.returnFor(as('admin').viewer, id, 'E06000003'), NotFoundError);
  });

  it('saves a draft, submits it, and publishes it as an import lodged by the council', async () => {
    const id = await newCollection('Published');
    const key = { collectionId: id, areaCode: hartlepool };
    await service.save(as('steward'), id, hartlepool, {
      intent: 'draft',
      values: [{ metricSlug: 'homes-built', value: 130, status: 'ok', note: null }],
    });
    assert.equal((await repo.findReturn(database.db, id, hartlepool))?.state, 'draft');
    await assert.rejects(
      service.save(as('steward'), id, hartlepool, {
        intent: 'submitted',
        values: [{ metricSlug: 'homes-built', value: 130, status: 'ok', note: null }],
      }),
      /Give every figure/,
    );
    await service.save(as('steward'), id, hartlepool, {
      intent: 'submitted',
      values: [
        { metricSlug: 'homes-built', value: 130, status: 'ok', note: 'Includes conversions' },
        { metricSlug: 'empty-homes-rate', value: null, status: 'suppressed', note: null },
      ],
    });
    const submitted = await repo.findReturn(database.db, key.collectionId, key.areaCode);
    assert.equal(submitted?.state, 'submitted');
    assert.equal(submitted?.submittedByEmail, people.steward.email);
    const [event] = await auditEvents(database.db, 1);
    assert.equal(event?.action, 'collection-return-submitted');

    await assert.rejects(
      service.publish(as('steward'), id, null, { state: 'published' }),
      ForbiddenError,
    );
    const outcome = await service.publish(as('admin'), id, null, { state: 'published' });
    assert.deepEqual(outcome, { published: [hartlepool], skipped: [middlesbrough] });
    const published = await repo.findReturn(database.db, id, hartlepool);
    assert.equal(published?.state, 'published');
    assert.ok(published?.importId);
    const values = await database.db
      .selectFrom('observations as o')
      .innerJoin('metrics as m', 'm.id', 'o.metric_id')
      .innerJoin('imports as i', 'i.id', 'o.import_id')
      .innerJoin('organisations as g', 'g.id', 'i.organisation_id')
      .select(['m.slug', 'o.value', 'o.status', 'o.publication', 'g.code', 'i.user_id'])
      .where('o.import_id', '=', published.importId)
      .orderBy('m.slug')
      .execute();
    assert.deepEqual(
      values.map((v) => [v.slug, v.value === null ? null : Number(v.value), v.status, v.code]),
      [
        ['empty-homes-rate', null, 'suppressed', hartlepool],
        ['homes-built', 130, 'ok', hartlepool],
      ],
    );
    assert.equal(values[0]?.publication, 'published');
    assert.equal(values[0]?.user_id, people.steward.id);
    const [published1] = await auditEvents(database.db, 1);
    assert.equal(published1?.action, 'collection-return-published');
    await assert.rejects(
      service.save(as('steward'), id, hartlepool, { intent: 'draft', values: [] }),
      /is published/,
    );
  });

  it('publishes embargoed when asked: the public does not see it before the date', async () => {
    const id = await newCollection('Embargoed');
    await service.save(as('other'), id, middlesbrough, {
      intent: 'submitted',
      values: [
        { metricSlug: 'homes-built', value: 77, status: 'ok', note: null },
        { metricSlug: 'empty-homes-rate', value: 3.1, status: 'ok', note: null },
      ],
    });
    const until = new Date('2099-01-01T09:00:00Z');
    await service.publish(as('admin'), id, middlesbrough, { state: 'embargoed', until });
    const record = await repo.findReturn(database.db, id, middlesbrough);
    const rows = await database.db
      .selectFrom('observations')
      .select(['publication', 'embargo_until'])
      .where('import_id', '=', record?.importId ?? -1)
      .execute();
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.publication, 'embargoed');
      assert.equal(new Date(row.embargo_until ?? 0).toISOString(), until.toISOString());
    }
  });
});
