import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../app/services.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { csrfIn, readerWords } from '../testing/http-browser.ts';
import { assembledChallenge, signedIn, type SignedIn } from '../testing/peer-challenges.ts';

/*
 * The peer days ledger on a real database and over HTTP: written when a challenge's team
 * arrives, following the visit's last day, counted only while the visit stands; public totals
 * by year and giving council, with a range form, CSV and JSON; one peer's days only to the
 * programme's managers and to the peer.
 */
describe('the peer days ledger', () => {
  let t: TestApp;
  let services: Services;
  let manager: SignedIn;
  let challenge: Awaited<ReturnType<typeof assembledChallenge>>;
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const api = async (query = '') => {
    const response = await get(`/api/v1/peer-challenge/peer-days${query}`);
    assert.equal(response.statusCode, 200);
    return response.json<{
      total: { days: number; places: number };
      sinceStart: { from: string; days: number };
      illustrative: boolean;
      years: { year: string; days: number }[];
      councils: { areaCode: string; name: string; days: number }[];
    }>();
  };

  before(async () => {
    t = await openTestApp();
    services = createServices(t.database);
    manager = await signedIn(t, 'peer-challenge-manager', 'lga');
    challenge = await assembledChallenge(services, t, manager.actor);
  });
  after(() => t.close());

  it('writes nothing before the visit, then each accepted peer’s days once on site', async () => {
    assert.equal((await api()).total.days, 0);
    await challenge.visit('on-site');
    // The type's four days on site until the last is known, two preparing and one on the report.
    assert.deepEqual((await api()).total, { days: 14, places: 2 });
    // A peer who moves on keeps the days given with the council that gave them up.
    await t.database.db
      .updateTable('peers')
      .set({ home_area_code: 'E06000003' })
      .where('id', '=', challenge.stockton.peerId)
      .execute();
    await services.peerChallenges.advance(
      manager.actor,
      challenge.id,
      { kind: 'give-feedback', on: '2026-06-11' },
      '2026-12-01',
    );
    // Tuesday to Thursday: three days on site.
    const ledger = await api();
    assert.deepEqual(ledger.total, { days: 12, places: 2 });
    assert.deepEqual(
      ledger.councils.map((c) => [c.areaCode, c.name, c.days]),
      [
        ['E06000004', 'Stockton-on-Tees', 6],
        ['E06000005', 'Darlington', 6],
      ],
    );
    assert.deepEqual(ledger.years, [{ year: '2026-27', label: '2026/27', days: 12, places: 2 }]);
    assert.equal(ledger.illustrative, false);
  });

  it('shows the public page with a range form, and never a peer', async () => {
    const page = await get('/peer-challenge/peer-days');
    assert.equal(page.statusCode, 200);
    const words = readerWords(page.body);
    assert.match(words, /12 peer days donated since 2011\/12/);
    assert.match(page.body, /<select class="govuk-select" id="from" name="from">/);
    assert.match(page.body, /data-council="E06000004"/);
    assert.doesNotMatch(page.body, /Zebra/);
    const later = readerWords((await get('/peer-challenge/peer-days?from=2027-28&to=')).body);
    assert.match(later, /0 peer days in 0 places on teams, from 2027\/28 to the latest/);
    assert.match(later, /No peer days are recorded in these years/);
    // The range's total changes; since 2011 does not.
    assert.match(later, /12 peer days donated since 2011\/12/);
    assert.equal((await get('/peer-challenge/peer-days?from=2027-28&to=2026-27')).statusCode, 400);
    assert.equal((await get('/peer-challenge/peer-days?from=2026')).statusCode, 400);
  });

  it('downloads the same as CSV and JSON, with no peer in either', async () => {
    const csv = await get('/api/v1/peer-challenge/peer-days?format=csv&from=2026-27');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /openlg-peer-days-2026-27\.csv/);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.deepEqual(lines, [
      'breakdown,programme_year,area_code,name,peer_days,places,from,to,illustrative',
      'year,2026-27,,,12,2,2026-27,,false',
      'giving-council,,E06000004,Stockton-on-Tees,6,1,2026-27,,false',
      'giving-council,,E06000005,Darlington,6,1,2026-27,,false',
      'total,,,,12,2,2026-27,,false',
    ]);
    assert.doesNotMatch((await get('/api/v1/peer-challenge/peer-days')).body, /Zebra|peerId/);
  });

  it('shows one peer’s days to the managers and to the peer, and to no one else', async () => {
    const url = `/peer-challenge/peers/${challenge.stockton.peerId}/days`;
    const seen = await manager.browser.request('GET', url);
    assert.equal(seen.statusCode, 200);
    assert.equal(seen.headers['cache-control'], 'private, no-store');
    assert.match(readerWords(seen.body), /6 peer days in 1 places on teams/);
    assert.match(readerWords(seen.body), /2026\/27 Challenge \d+ Stockton-on-Tees 3 2 1 6/);
    assert.equal((await challenge.darlington.browser.request('GET', url)).statusCode, 403);
    assert.equal((await get(url)).statusCode, 303);
    const edit = `/peer-challenge/peers/${challenge.stockton.peerId}/edit`;
    const record = await manager.browser.request('GET', edit);
    assert.match(record.body, new RegExp(`href="${url}" id="peer-days-link"`));
    const own = await challenge.stockton.browser.request('GET', '/account/peer-profile');
    assert.match(readerWords(own.body), /Your peer days 6 peer days in 1 places on teams/);
    const invited = await challenge.middlesbrough.browser.request('GET', '/account/peer-profile');
    assert.match(readerWords(invited.body), /Your peer days 0 peer days in 0 places on teams/);
  });

  it('gives a place to a peer who accepts once the visit has begun', async () => {
    const peer = challenge.middlesbrough.browser;
    const profile = await peer.request('GET', '/account/peer-profile');
    const answered = await peer.request(
      'POST',
      `/account/peer-profile/invitations/${challenge.id}`,
      { csrf: csrfIn(profile.body), answer: 'accept' },
    );
    assert.equal(answered.statusCode, 303);
    const ledger = await api();
    assert.deepEqual(ledger.total, { days: 18, places: 3 });
    assert.ok(ledger.councils.some((c) => c.areaCode === 'E06000002'));
  });

  it('stops counting a visit cancelled, keeping its rows', async () => {
    await services.peerChallenges.advance(
      manager.actor,
      challenge.id,
      { kind: 'cancel', on: '2026-06-12', reason: 'Zebra test' },
      '2026-12-01',
    );
    assert.equal((await api()).total.days, 0);
    const rows = await t.database.db.selectFrom('peer_days').select('id').execute();
    assert.equal(rows.length, 3);
  });

  it('loads the illustrative history once, passing 15,000 days since 2011', async () => {
    assert.ok((await services.peerChallenges.loadScenario()) > 0);
    const written = await services.peerDays.loadIllustrative();
    assert.ok(written > 2_000, `${written} rows`);
    assert.equal(await services.peerDays.loadIllustrative(), 0);
    const ledger = await api('?from=2011-12&to=2017-18');
    assert.ok(ledger.total.days > 15_000, `${ledger.total.days} days`);
    assert.equal(ledger.illustrative, true);
    assert.deepEqual(
      ledger.years.map((y) => y.year),
      ['2011-12', '2012-13', '2013-14', '2014-15', '2015-16', '2016-17', '2017-18'],
    );
    const page = readerWords((await get('/peer-challenge/peer-days')).body);
    assert.match(page, /Illustrative records/);
    assert.match(page, /1\d,\d{3} peer days donated since 2011\/12/);
  });
});
