import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { publicSight, type Sight } from '../db/visibility.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import { valuesInPeriod } from './league-table.repository.ts';
import * as repository from './metrics.repository.ts';
import {
  darlington,
  hartlepool,
  lodgeSightData,
  middlesbrough,
  sightAt,
  stockton,
} from '../testing/sight.ts';

/*
 * Issue 17: the measure pages read what their viewer may see. A reader's sight lays the values
 * their council lodged (or a club shared) over the public's; the public's sight reads exactly
 * the public's, through the kept coverage.
 */
describe('the metrics and league table repositories, for a reader with a sight', () => {
  let database: Database;
  let until: Date;
  const sights: Record<'lodger' | 'member' | 'neighbour', Sight> = {
    lodger: [],
    member: [],
    neighbour: [],
  };
  before(async () => {
    database = await openRegisterDatabase();
    ({ until } = await lodgeSightData(database));
    sights.lodger = await sightAt(database, hartlepool);
    sights.member = await sightAt(database, stockton);
    sights.neighbour = await sightAt(database, darlington);
  });
  after(() => database.close());

  const id = async (slug: string, sight: Sight) =>
    (await repository.findMetric(database.db, slug, sight))?.id;
  const slugs = async (sight: Sight) =>
    (
      await repository.searchMetrics(database.db, { words: ['rate'], limit: 50, offset: 0 }, sight)
    ).map((m) => m.slug);

  it('lets only those who may see its values know a metric exists', async () => {
    assert.equal(sights.neighbour.length, 0);
    assert.deepEqual(await slugs(publicSight), ['sight-rate']);
    assert.deepEqual(await slugs(sights.neighbour), ['sight-rate']);
    assert.deepEqual(await slugs(sights.lodger), ['quagga-rate', 'sight-rate', 'yak-rate']);
    assert.deepEqual(await slugs(sights.member), ['quagga-rate', 'sight-rate']);
    assert.equal(await id('yak-rate', publicSight), undefined);
    assert.equal(await id('quagga-rate', publicSight), undefined);
    assert.ok(await id('yak-rate', sights.lodger));
    assert.equal(await id('yak-rate', sights.member), undefined);
  });

  it('counts the periods a reader sees exactly, a held revision once', async () => {
    const metric = await id('sight-rate', publicSight);
    assert.ok(metric);
    const coverage = async (sight: Sight) =>
      (await repository.visibleCoverage(database.db, [metric], sight)).map((c) => [
        c.code.slice(0, 4),
        c.area_type,
        Number(c.observations),
        Number(c.values),
      ]);
    assert.deepEqual(await coverage(publicSight), [['2023', 'unitary', 2, 2]]);
    assert.deepEqual(await coverage(sights.member), [['2023', 'unitary', 2, 2]]);
    assert.deepEqual(await coverage(sights.lodger), [
      ['2023', 'unitary', 2, 2],
      ['2024', 'unitary', 1, 1],
    ]);
    const [summary] = await repository.coverageSummaries(database.db, [metric], sights.lodger);
    assert.equal(summary?.periods, 2);
    assert.match(summary?.last_code ?? '', /^2024/);
    const [seen] = await repository.coverageSummaries(database.db, [metric], publicSight);
    assert.equal(seen?.periods, 1);
  });

  it('ranks the figures a reader sees, marking those not public yet', async () => {
    const metric = await id('sight-rate', publicSight);
    assert.ok(metric);
    const rows = async (period: string, sight: Sight) =>
      (await valuesInPeriod(database.db, metric, period, sight)).map((r) =>
        r.withheld ? [r.code, r.value, r.withheld] : [r.code, r.value],
      );
    assert.deepEqual(await rows('2023-01-01/P1Y', publicSight), [
      [hartlepool, 1],
      [middlesbrough, 2],
    ]);
    assert.deepEqual(await rows('2023-01-01/P1Y', sights.member), [
      [hartlepool, 1],
      [middlesbrough, 2],
    ]);
    assert.deepEqual(await rows('2023-01-01/P1Y', sights.lodger), [
      [hartlepool, 5, { state: 'embargoed', until }],
      [middlesbrough, 2],
    ]);
    assert.deepEqual(await rows('2024-01-01/P1Y', publicSight), []);
    assert.deepEqual(await rows('2024-01-01/P1Y', sights.lodger), [
      [hartlepool, 10, { state: 'embargoed', until }],
    ]);
  });

  it('shows restricted figures to the councils of the club they are shared with', async () => {
    const metric = await id('quagga-rate', sights.member);
    assert.ok(metric);
    for (const sight of [sights.member, sights.lodger])
      assert.deepEqual(
        (await valuesInPeriod(database.db, metric, '2024-01-01/P1Y', sight)).map((r) => [
          r.code,
          r.value,
          r.withheld,
        ]),
        [[hartlepool, 3, { state: 'restricted', until }]],
      );
    assert.deepEqual(await valuesInPeriod(database.db, metric, '2024-01-01/P1Y', publicSight), []);
  });
});
