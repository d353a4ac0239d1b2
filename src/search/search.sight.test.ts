import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { publicSight, type Sight } from '../db/visibility.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import { hartlepool, lodgeSightData, sightAt, stockton } from '../testing/sight.ts';
import * as repository from './search.repository.ts';

/* Issue 17: a search finds the measures its reader may know, and no others. */
describe('the search repository, for a reader with a sight', () => {
  let database: Database;
  let lodger: Sight = [];
  let member: Sight = [];
  before(async () => {
    database = await openRegisterDatabase();
    await lodgeSightData(database);
    lodger = await sightAt(database, hartlepool);
    member = await sightAt(database, stockton);
  });
  after(() => database.close());

  const found = async (query: string, sight: Sight) =>
    (await repository.searchMetrics(database.db, { key: query, words: [query] }, 50, sight)).map(
      (m) => m.slug,
    );

  it('finds a measure only its lodgers may know for them alone', async () => {
    assert.deepEqual(await found('yak', lodger), ['yak-rate']);
    for (const sight of [publicSight, member]) assert.deepEqual(await found('yak', sight), []);
    assert.equal(await repository.exactMetric(database.db, 'yak-rate', lodger), 'yak-rate');
    assert.equal(await repository.exactMetric(database.db, 'yak-rate', member), undefined);
    assert.equal(await repository.exactMetric(database.db, 'yak-rate', publicSight), undefined);
  });

  it('finds a measure shared with a club for its councils', async () => {
    for (const sight of [lodger, member])
      assert.deepEqual(await found('quagga', sight), ['quagga-rate']);
    assert.deepEqual(await found('quagga', publicSight), []);
    assert.equal(
      await repository.exactMetric(database.db, 'Test quagga-rate', member),
      'quagga-rate',
    );
  });

  it('finds a public measure for everyone', async () => {
    for (const sight of [publicSight, lodger, member])
      assert.deepEqual(await found('sight', sight), ['sight-rate']);
  });
});
