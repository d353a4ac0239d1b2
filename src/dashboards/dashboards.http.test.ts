import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditEvents } from '../accounts/accounts.repository.ts';
import { GroupsService } from '../groups/groups.service.ts';
import { dataDir, openTestApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { importValues, lodgeValues } from '../testing/values.ts';

/*
 * Issue 18: dashboards. Hartlepool's people pin measures to their council's dashboard (the page
 * they land on) and their own; each tile reads with the viewer's sight, so the council's own
 * embargoed figure shows to its people, marked, and to nobody else. Another council's people
 * can neither see nor change it.
 */
const hartlepool = 'E06000001';

describe('dashboards', () => {
  let t: TestApp;
  const people = new Map<string, { cookie: string; csrf: string }>();
  const get = (url: string, who?: string) =>
    t.app.inject({ method: 'GET', url, headers: who ? { cookie: people.get(who)?.cookie } : {} });
  const post = (who: string, url: string, form: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: people.get(who)?.cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ csrf: people.get(who)?.csrf ?? '', ...form }).toString(),
    });
  const tileIds = (html: string) => [...html.matchAll(/id="tile-(\d+)"/g)].map((m) => m[1]);

  before(async () => {
    t = await openTestApp(undefined, { OPENLG_RATE_LIMIT: '0' });
    const database = t.database;
    for (const [who, organisation, role] of [
      ['steward', hartlepool, 'data-steward'],
      ['colleague', hartlepool, 'analyst'],
      ['outsider', 'E06000005', 'analyst'],
    ] as const) {
      const user = await newUser(database, { organisation, role });
      people.set(who, await sessionFor(database, user.id));
      if (who === 'steward') {
        await importValues(database, 'dash-rate', '2023', { [hartlepool]: 11, E06000002: 12 });
        await importValues(database, 'dash-other', '2023', { [hartlepool]: 5, E06000002: 6 });
        const by = { organisation: hartlepool, user };
        await lodgeValues(database, 'dash-rate', '2024', { [hartlepool]: 777777 }, by);
      }
    }
    await new GroupsService(database.db).ensureGroups(dataDir);
  });
  after(() => t.close());

  it('sends the public to sign in first', async () => {
    const response = await get('/dashboard');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/sign-in?next=/dashboard');
  });

  it('pins a measure to the council’s dashboard, shown to its people with their sight', async () => {
    // The measure's page for the council offers it, filled in.
    const measure = await get(`/metrics/dash-rate?area=${hartlepool}`, 'steward');
    const link = /href="(\/dashboard\/add\?[^"]+)"/
      .exec(measure.body)?.[1]
      ?.replaceAll('&amp;', '&');
    assert.ok(link?.includes('metric=dash-rate'), link);
    assert.doesNotMatch(
      (await get(`/metrics/dash-rate?area=${hartlepool}`)).body,
      /dashboard\/add/,
    );
    const form = await get(`${link}&to=${hartlepool}`, 'steward');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="Hartlepool \(E06000001\)"/);
    const pinned = await post('steward', '/dashboard/tiles', {
      to: hartlepool,
      area: 'Hartlepool',
      metric: 'dash-rate',
      group: 'type:unitary',
    });
    assert.equal(pinned.statusCode, 303, pinned.body);
    assert.equal(pinned.headers.location, `/dashboard#dashboard-${hartlepool}`);
    for (const who of ['steward', 'colleague']) {
      const page = await get('/dashboard', who);
      assert.equal(page.statusCode, 200);
      assert.equal(page.headers['cache-control'], 'private, no-store');
      assert.match(page.body, /Test dash-rate/, who);
      assert.match(page.body, /777,?777/, who);
      assert.match(page.body, /Not yet public/, who);
      assert.match(page.body, /Hartlepool, compared with All unitary authorities/, who);
    }
    const outsider = await get('/dashboard', 'outsider');
    assert.doesNotMatch(outsider.body, /Test dash-rate|777,?777/);
    const [event] = await auditEvents(t.database.db, 1);
    assert.equal(event?.action, 'dashboard-tile-pinned');
  });

  it('keeps another council’s people from pinning to, moving or removing its tiles', async () => {
    const before = tileIds((await get('/dashboard', 'steward')).body);
    const refused = await post('outsider', '/dashboard/tiles', {
      to: hartlepool,
      area: hartlepool,
      metric: 'dash-other',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Choose one of your dashboards/);
    const [tile] = before;
    assert.ok(tile);
    for (const action of ['remove', 'move'])
      assert.equal(
        (await post('outsider', `/dashboard/tiles/${tile}/${action}`, { direction: 'up' }))
          .statusCode,
        404,
      );
    assert.deepEqual(tileIds((await get('/dashboard', 'steward')).body), before);
  });

  it('says what is wrong with a submission, keeping what was typed, and pins nothing', async () => {
    const before = tileIds((await get('/dashboard', 'steward')).body);
    const bad = await post('steward', '/dashboard/tiles', {
      to: 'me',
      area: '',
      metric: 'Not A Slug',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#area"/);
    assert.match(bad.body, /href="#metric"/);
    assert.match(bad.body, /value="Not A Slug"/);
    const unknown = await post('steward', '/dashboard/tiles', {
      to: 'me',
      area: hartlepool,
      metric: 'no-such-measure',
    });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /There is no published measure called no-such-measure/);
    assert.deepEqual(tileIds((await get('/dashboard', 'steward')).body), before);
  });

  it('orders and removes the tiles of a person’s own dashboard', async () => {
    for (const metric of ['dash-rate', 'dash-other'])
      assert.equal(
        (await post('steward', '/dashboard/tiles', { to: 'me', area: hartlepool, metric }))
          .statusCode,
        303,
      );
    const own = (html: string) => tileIds(html.slice(html.indexOf('id="dashboard-me"')));
    const [first, second] = own((await get('/dashboard', 'steward')).body);
    assert.ok(first && second);
    await post('steward', `/dashboard/tiles/${second}/move`, { direction: 'up' });
    assert.deepEqual(own((await get('/dashboard', 'steward')).body), [second, first]);
    await post('steward', `/dashboard/tiles/${first}/remove`, {});
    assert.deepEqual(own((await get('/dashboard', 'steward')).body), [second]);
    // A person's own dashboard is theirs alone: a colleague sees only the council's.
    assert.equal(own((await get('/dashboard', 'colleague')).body).length, 0);
  });
});
