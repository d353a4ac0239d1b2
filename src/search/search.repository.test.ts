import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { nameKey } from '../areas/register/register.reader.ts';
import type { Database } from '../db/database.ts';
import { publicSight } from '../db/visibility.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import { loadSearchData } from './search.fixture.ts';
import * as repository from './search.repository.ts';

const terms = (query: string) => {
  const key = nameKey(query);
  return { key, words: key.split(' ') };
};

describe('search repository', () => {
  let database: Database;
  before(async () => {
    database = await openRegisterDatabase();
    await loadSearchData(database);
  });
  after(() => database.close());

  const areas = (query: string, filter: repository.AreaFilter = {}) =>
    repository.searchAreas(database.db, terms(query), filter, 50);
  const metrics = (query: string) =>
    repository.searchMetrics(database.db, terms(query), 50, publicSight);

  it('puts the measure with every word of "gcse english maths" first', async () => {
    const found = await metrics('gcse english maths');
    assert.equal(found[0]?.slug, 'gcses-in-english-and-maths');
    assert.equal(found[0]?.title, 'GCSEs in English and Maths');
  });

  it('puts both Kingstons before any measure', async () => {
    const councils = await areas('Kingston');
    assert.deepEqual(
      councils
        .slice(0, 2)
        .map((a) => a.short_name)
        .sort(),
      ['Kingston upon Hull', 'Kingston upon Thames'],
    );
    const best = Math.max(0, ...(await metrics('Kingston')).map((m) => m.score));
    assert.ok(
      councils.slice(0, 2).every((a) => a.score > best),
      `measures score ${best}`,
    );
  });

  it('forgives a misspelt council or measure', async () => {
    assert.equal((await areas('Hartlepol'))[0]?.code, 'E06000001');
    assert.equal((await areas('Midlesbrough'))[0]?.code, 'E06000002');
    assert.equal((await metrics('employmnet rate'))[0]?.slug, 'employment-rate');
  });

  it('still finds a fragment of a name, and ranks a name that starts with it first', async () => {
    const found = await areas('hart');
    assert.deepEqual(
      found.slice(0, 2).map((a) => a.short_name),
      ['Hart', 'Hartlepool'],
    );
    assert.ok(found.some((a) => a.short_name === 'Harrogate' && a.valid_to !== null));
  });

  it('finds abolished councils, and narrows by type and by current', async () => {
    const harrogate = await areas('Harrogate');
    assert.equal(harrogate[0]?.code, 'E07000165');
    assert.equal(harrogate[0]?.valid_to, '2023-04-01');
    assert.deepEqual(await areas('Harrogate', { current: true }), []);
    const hull = await areas('Kingston', { types: ['unitary'] });
    assert.deepEqual(
      hull.map((a) => a.short_name),
      ['Kingston upon Hull'],
    );
  });

  it('matches exact codes, former codes and any known spelling', async () => {
    const exact = (query: string) =>
      repository.exactAreas(database.db, nameKey(query), query.trim().toUpperCase());
    assert.deepEqual(await exact('E06000001'), [
      { code: 'E06000001', type: 'unitary', current: true },
    ]);
    // Gateshead's code before 2013.
    assert.deepEqual(
      (await exact('E08000020')).map((a) => a.code),
      ['E08000037'],
    );
    assert.deepEqual(
      (await exact('Bournemouth, Christchurch & Poole')).map((a) => a.code),
      ['E06000058'],
    );
    assert.deepEqual(await exact('Hartlepol'), []);
    const metric = (text: string) => repository.exactMetric(database.db, text, publicSight);
    assert.equal(await metric('employment rate'), 'employment-rate');
    assert.equal(await metric('EMPLOYMENT-RATE'), 'employment-rate');
    assert.equal(await metric('employment'), undefined);
  });

  it('treats words that mean something to a text query as plain words', async () => {
    for (const query of ["o'neill & | ! :* (", 'the of and'])
      assert.ok(Array.isArray(await metrics(query)), query);
  });
});
