import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../app/services.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import type { ProgrammeCoverage } from './coverage.service.ts';

const csvRows = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');

describe('peer challenge coverage', () => {
  let t: TestApp;
  let services: Services;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  const answer = async (url: string) => {
    const response = await get(url);
    assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
    return response.json<ProgrammeCoverage>();
  };

  before(async () => {
    t = await openTestApp();
    services = createServices(t.database);
    await services.peerChallenges.loadScenario();
  });
  after(async () => t.close());

  it('gives every current English council a status, in JSON', async () => {
    const found = await answer('/api/v1/peer-challenge/coverage?asAt=2017-09-30');
    assert.equal(found.asAt, '2017-09-30');
    assert.equal(found.illustrative, true);
    const { total } = found.table;
    assert.equal(total.total, found.councils.length);
    assert.equal(total.current + total.due + total.overdue, total.total);
    assert.ok(total.current > 0, 'some councils had a challenge within four years');
    assert.ok(
      found.councils.every((c) => /^E(06|07|08|09|10)\d{6}$/.test(c.code)),
      'only English councils',
    );
    assert.deepEqual(
      found.table.byType.map((r) => r.type),
      ['county', 'district', 'unitary', 'metropolitan-district', 'london-borough'],
    );
    const covered = found.councils.find((c) => c.status === 'current');
    assert.ok(covered?.last && covered.last.on <= '2017-09-30');
  });

  it('counts most councils overdue years after the illustrative records stop', async () => {
    const later = await answer('/api/v1/peer-challenge/coverage?asAt=2026-12-04');
    assert.equal(later.table.total.current, 0);
    assert.equal(later.table.total.due, 0);
    assert.equal(later.table.total.overdue, later.table.total.total);
  });

  it('answers CSV, one row per council', async () => {
    const response = await get('/api/v1/peer-challenge/coverage?asAt=2017-09-30&format=csv');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    const rows = csvRows(response.body);
    assert.equal(
      rows[0],
      'area_code,name,council_type,region,status,last_type,last_on,due_from,overdue_from,as_at,illustrative',
    );
    const json = await answer('/api/v1/peer-challenge/coverage?asAt=2017-09-30');
    assert.equal(rows.length - 1, json.councils.length);
    const byAccept = await get('/api/v1/peer-challenge/coverage?asAt=2017-09-30', {
      accept: 'text/csv',
    });
    assert.match(String(byAccept.headers['content-type']), /^text\/csv/);
  });

  it('sends a reader without a day to today’s own address, which no one keeps', async () => {
    const response = await get('/api/v1/peer-challenge/coverage?format=csv');
    assert.equal(response.statusCode, 307);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal(
      response.headers.location,
      `/api/v1/peer-challenge/coverage?format=csv&asAt=${today}`,
    );
    assert.equal(response.headers['cache-control'], 'no-store');
    assert.equal(response.headers.etag, undefined);
  });

  for (const [query, parameter] of [
    ['asAt=2017-02-30', 'asAt'],
    ['format=xml', 'format'],
    ['region=london', 'region'],
  ] as const)
    it(`answers a problem for bad input (${query})`, async () => {
      const response = await get(`/api/v1/peer-challenge/coverage?${query}`);
      assert.equal(response.statusCode, 400);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
      assert.match(response.body, new RegExp(parameter));
    });

  it('shows the tables, the lists, the maps each with its table, and says it is illustrative', async () => {
    const response = await get('/peer-challenge/coverage?asAt=2017-09-30');
    assert.equal(response.statusCode, 200);
    const page = response.body;
    assert.match(page, /Illustrative records/);
    assert.match(page, /id="by-type"/);
    assert.match(page, /id="by-region"/);
    assert.match(page, /<table class="govuk-table" id="overdue">/);
    assert.match(page, /href="\/areas\/E\d{8}"/);
    assert.equal(page.match(/class="app-chart app-chart--map"/g)?.length, 2);
    assert.match(page, /data-status="current"/);
    assert.match(page, /As at 2017-09-30: of \d+ councils/);
  });

  it('refuses a day that is no date on the page too', async () => {
    const response = await get('/peer-challenge/coverage?asAt=yesterday');
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /must be a real date/);
  });
});
