import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GroupsService } from '../groups/groups.service.ts';
import { dataDir, openTestApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { importValues, lodgeValues } from '../testing/values.ts';

/*
 * Issue 17: the profile and compare pages read with their viewer. Hartlepool's steward lodged
 * 2024 of an open measure under embargo, and a measure of its own that nothing public holds:
 * Hartlepool's people see both, marked as not yet public and never kept or cached publicly;
 * the public and other councils see the page as before.
 */
const hartlepool = 'E06000001';
const compare = `/compare?areas=${hartlepool}%0AE06000002&metrics=sight-rate&action=compare`;

describe('profiles and compare read with their viewer', () => {
  let t: TestApp;
  const people = new Map<string, string>();
  const get = (url: string, who?: string) =>
    t.app.inject({ method: 'GET', url, headers: who ? { cookie: people.get(who) ?? '' } : {} });

  before(async () => {
    t = await openTestApp(undefined, { OPENLG_RATE_LIMIT: '0' });
    const database = t.database;
    const steward = await newUser(database, { organisation: hartlepool, role: 'data-steward' });
    people.set('steward', (await sessionFor(database, steward.id)).cookie);
    const elsewhere = await newUser(database, { organisation: 'E06000005', role: 'analyst' });
    people.set('elsewhere', (await sessionFor(database, elsewhere.id)).cookie);
    await importValues(database, 'sight-rate', '2023', { [hartlepool]: 11, E06000002: 12 });
    const by = { organisation: hartlepool, user: steward };
    await lodgeValues(database, 'sight-rate', '2024', { [hartlepool]: 777777 }, by);
    await lodgeValues(database, 'sight-only', '2024', { [hartlepool]: 555555 }, by);
    await new GroupsService(database.db).ensureGroups(dataDir);
  });
  after(() => t.close());

  const lodged = /777,?777/;

  it('shows the lodging council its embargoed figures on its profile, marked, never kept', async () => {
    // The public's first: the kept profile must not take in what the steward then sees.
    const before = await get(`/areas/${hartlepool}`);
    assert.equal(before.statusCode, 200);
    const mine = await get(`/areas/${hartlepool}`, 'steward');
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.headers['cache-control'], 'private, no-store');
    assert.match(mine.body, lodged);
    assert.match(mine.body, /Test sight-only/);
    assert.match(mine.body, /Not yet public/);
    assert.match(mine.body, /This page includes figures that are not yet public/);
    for (const [who, response] of [
      ['public, before', before],
      ['public, after', await get(`/areas/${hartlepool}`)],
      ['another council', await get(`/areas/${hartlepool}`, 'elsewhere')],
    ] as const) {
      assert.doesNotMatch(response.body, lodged, who);
      assert.doesNotMatch(response.body, /Test sight-only|Not yet public/, who);
    }
  });

  it('writes the lodged figures into the steward’s profile download, and nobody else’s', async () => {
    const mine = await get(`/areas/${hartlepool}.csv`, 'steward');
    assert.equal(mine.statusCode, 200);
    assert.match(mine.body, /777777/);
    assert.match(mine.body, /not_yet_public/);
    assert.equal(mine.headers['cache-control'], 'private, no-store');
    assert.doesNotMatch((await get(`/areas/${hartlepool}.csv`)).body, /777777|not_yet_public/);
  });

  it('compares with the lodged figure for the lodging council only', async () => {
    const mine = await get(compare, 'steward');
    assert.equal(mine.statusCode, 200, mine.body);
    assert.match(mine.body, lodged);
    assert.match(mine.body, /Not yet public/);
    const csv = await get(compare.replace('/compare?', '/compare.csv?'), 'steward');
    assert.match(csv.body, /not_yet_public/);
    assert.match(csv.body, /777777/);
    for (const who of [undefined, 'elsewhere']) {
      const page = await get(compare, who);
      assert.equal(page.statusCode, 200, page.body);
      // The public compares in 2023, the latest period it may see.
      assert.match(page.body, /2023/);
      assert.doesNotMatch(page.body, lodged);
      assert.doesNotMatch(page.body, /Not yet public/);
      const download = await get(compare.replace('/compare?', '/compare.csv?'), who);
      assert.doesNotMatch(download.body, /777777|not_yet_public/);
    }
  });

  it('compares on a measure only the lodging council holds, and offers it only to them', async () => {
    const only = compare.replace('sight-rate', 'sight-only');
    const mine = await get(only, 'steward');
    assert.equal(mine.statusCode, 200, mine.body);
    assert.match(mine.body, /555,?555/);
    for (const who of [undefined, 'elsewhere']) {
      const page = await get(only, who);
      assert.equal(page.statusCode, 400);
      assert.doesNotMatch(page.body, /555,?555|Test sight-only/);
    }
  });

  it('draws a council’s measure page and its charts with the figures the viewer may see', async () => {
    const page = `/metrics/sight-rate?area=${hartlepool}&period=2024-01-01/P1Y`;
    const chart = `/metrics/sight-rate/charts/ranked.csv?area=${hartlepool}&period=2024-01-01/P1Y`;
    const mine = await get(page, 'steward');
    assert.equal(mine.statusCode, 200, mine.body);
    assert.match(mine.body, lodged);
    assert.match(mine.body, /This page includes figures that are not yet public/);
    const drawn = await get(chart, 'steward');
    assert.equal(drawn.headers['cache-control'], 'private, no-store');
    assert.match(drawn.body, /777777/);
    for (const who of [undefined, 'elsewhere']) {
      // 2024 holds nothing the public may see: it answers as a period with no data.
      assert.equal((await get(page, who)).statusCode, 404);
      assert.equal((await get(chart, who)).statusCode, 404);
    }
  });
});
