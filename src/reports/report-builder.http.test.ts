import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditEvents } from '../accounts/accounts.repository.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { assertErrorSummary } from '../testing/forms.ts';
import { newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { importValues } from '../testing/values.ts';
import { readyMadeReports } from './ready-made/index.ts';

const council = 'E06000001';
/** The test app computes no nearest neighbours: a custom group to compare with. */
const asked = `area=${council}&group=custom:E06000002,E06000003,E06000004`;

describe('the report builder: stored reports built, shared and run', () => {
  let t: TestApp;
  const people = new Map<string, { cookie: string; csrf: string }>();
  const person = (who: string) => {
    const found = people.get(who);
    assert.ok(found, who);
    return found;
  };
  const page = (url: string, who?: string) =>
    t.app.inject({ method: 'GET', url, headers: who ? { cookie: person(who).cookie } : {} });
  const post = (url: string, who: string, form: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ csrf: person(who).csrf });
    for (const [name, value] of Object.entries(form))
      for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
    return t.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: person(who).cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    });
  };
  /** Builds a report through the form; the path of its builder page. */
  const build = async (who: string, form: Record<string, string>) => {
    const response = await post('/reports/new', who, form);
    assert.equal(response.statusCode, 303, response.body);
    const location = String(response.headers.location);
    assert.match(location, /^\/reports\/\d+-[a-z0-9-]+\/edit$/);
    return location;
  };
  const reportOf = (edit: string) => edit.replace(/\/edit$/, '');

  before(async () => {
    t = await openTestApp(undefined, { OPENLG_RATE_LIMIT: '0' });
    await importValues(t.database, 'test-measure', '2023', {
      E06000001: 10,
      E06000002: 20,
      E06000003: 30,
      E06000004: 40,
    });
    const roles = [
      ['owner', council, 'analyst'],
      ['colleague', council, 'data-steward'],
      ['admin', council, 'organisation-admin'],
      ['stranger', 'E06000002', 'analyst'],
    ] as const;
    for (const [who, organisation, role] of roles) {
      const user = await newUser(t.database, { organisation, role });
      people.set(who, await sessionFor(t.database, user.id));
    }
  });
  after(() => t.close());

  it('sends the public to sign in, and refuses a form without its token', async () => {
    const anonymous = await page('/reports/new');
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, '/sign-in?next=/reports/new');
    const forged = await t.app.inject({
      method: 'POST',
      url: '/reports/new',
      headers: { cookie: person('owner').cookie },
      payload: { name: 'x', visibility: 'private' },
    });
    assert.equal(forged.statusCode, 403);
  });

  it('builds a report section by section, searching the catalogue for measures', async () => {
    const edit = await build('owner', { name: 'Scrutiny pack', visibility: 'private' });
    const start = await page(edit, 'owner');
    assert.equal(start.statusCode, 200);
    assert.equal(start.headers['cache-control'], 'private, no-store');
    assert.match(start.body, /About this report/);
    assert.match(start.body, /revision 1/);

    const blank = await page(`${edit}/sections/new?kind=table`, 'owner');
    assert.equal(blank.statusCode, 200);
    assert.match(blank.body, /A table of measures/);
    const searched = await post(`${edit}/sections/new`, 'owner', {
      kind: 'table',
      heading: 'Our figures',
      intro: '',
      q: 'test measure',
      action: 'search',
    });
    assert.equal(searched.statusCode, 200);
    assert.match(searched.body, /value="test-measure"/);
    assert.match(searched.body, /value="Our figures"/, 'keeps what was typed');

    const saved = await post(`${edit}/sections/new`, 'owner', {
      kind: 'table',
      heading: 'Our figures',
      intro: '{area.possessive} figures.\n\nSecond paragraph.',
      metrics: 'test-measure',
      action: 'save',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    const after = await page(edit, 'owner');
    assert.match(after.body, /2\. Our figures/);
    assert.match(after.body, /revision 2/);

    const run = await page(`${reportOf(edit)}?${asked}`, 'owner');
    assert.equal(run.statusCode, 200, run.body);
    assert.match(run.body, /Hartlepool’s figures\./);
    assert.match(run.body, /<p class="govuk-body">Second paragraph\.<\/p>/);
    assert.match(run.body, /Change this report/);
  });

  it('says what is wrong with a section beside its field, saving nothing', async () => {
    const edit = await build('owner', { name: 'Wrong one', visibility: 'private' });
    const response = await post(`${edit}/sections/new`, 'owner', {
      kind: 'ranked',
      heading: ' ',
      intro: 'Says {nonsense.token}.',
      action: 'save',
    });
    assert.equal(response.statusCode, 400);
    assertErrorSummary(response.body, [
      'Enter a heading for the section',
      'unknown token {nonsense.token}',
      'Choose a measure',
    ]);
    assert.match(response.body, /Says \{nonsense\.token\}\.<\/textarea>/);
    assert.match((await page(edit, 'owner')).body, /revision 1/);
  });

  it('builds a quadrant from a cost and an outcome measure', async () => {
    await importValues(t.database, 'test-outcome', '2023', {
      E06000001: 1,
      E06000002: 4,
      E06000003: 2,
      E06000004: 3,
    });
    const edit = await build('owner', { name: 'Quadrant', visibility: 'private' });
    const searched = await post(`${edit}/sections/new`, 'owner', {
      kind: 'quadrant',
      heading: 'Cost and outcome',
      q: 'test',
      action: 'search',
    });
    assert.match(searched.body, /name="cost"[^>]*value="test-measure"/);
    assert.match(searched.body, /name="outcome"[^>]*value="test-outcome"/);
    const half = await post(`${edit}/sections/new`, 'owner', {
      kind: 'quadrant',
      heading: 'Cost and outcome',
      cost: 'test-measure',
      action: 'save',
    });
    assert.equal(half.statusCode, 400);
    assertErrorSummary(half.body, ['Choose the outcome measure']);
    const saved = await post(`${edit}/sections/new`, 'owner', {
      kind: 'quadrant',
      heading: 'Cost and outcome',
      cost: 'test-measure',
      outcome: 'test-outcome',
      action: 'save',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    assert.match(
      (await page(edit, 'owner')).body,
      /Cost against outcome: Test test-measure; Test test-outcome/,
    );
    const run = await page(`${reportOf(edit)}?${asked}`, 'owner');
    assert.equal(run.statusCode, 200);
    assert.match(run.body, /Cost and outcome/);
  });

  it('moves and removes sections, and keeps the last one', async () => {
    const edit = await build('owner', { name: 'Order', visibility: 'private' });
    await post(`${edit}/sections/new`, 'owner', {
      kind: 'text',
      heading: 'Second',
      intro: 'Words.',
      action: 'save',
    });
    assert.equal(
      (await post(`${edit}/sections/2/move`, 'owner', { direction: 'up' })).statusCode,
      303,
    );
    const moved = await page(edit, 'owner');
    assert.ok(
      moved.body.indexOf('1. Second') > 0 && moved.body.indexOf('2. About this report') > 0,
    );
    await post(`${edit}/sections/1/remove`, 'owner', {});
    const removed = await post(`${edit}/sections/1/remove`, 'owner', {});
    assert.equal(removed.headers.location, `${edit}?saved=last`);
    assert.match((await page(edit, 'owner')).body, /1\. About this report/);
  });

  it('shares a report with its organisation only: colleagues read it, others find nothing', async () => {
    const edit = await build('owner', {
      name: 'Team pack',
      visibility: 'organisation',
      organisation: council,
    });
    const report = reportOf(edit);
    const run = `${report}?${asked}`;
    assert.equal((await page(run, 'colleague')).statusCode, 200);
    assert.equal((await page(`${report}.xlsx?${asked}`, 'colleague')).statusCode, 200);
    for (const who of ['stranger', undefined]) {
      assert.equal((await page(run, who)).statusCode, 404, String(who));
      assert.equal((await page(`${report}.docx?${asked}`, who)).statusCode, 404);
      assert.doesNotMatch((await page('/reports', who)).body, /Team pack/);
    }
    // A colleague may read it, not change it; the organisation's administrator may.
    assert.equal((await page(edit, 'colleague')).statusCode, 403);
    assert.equal((await page(edit, 'stranger')).statusCode, 404);
    const renamed = await post(`${edit}/about`, 'admin', {
      name: 'Team pack',
      title: '{area.name}: team pack',
      summary: 'For the team.',
      audience: 'The performance team.',
      visibility: 'public',
      organisation: council,
    });
    assert.equal(renamed.statusCode, 303, renamed.body);
    assert.equal((await page(run)).statusCode, 200);
    assert.match((await page('/reports')).body, /Team pack/);
  });

  it('copies a ready-made report to start from, and audits every change', async () => {
    const [overview] = readyMadeReports;
    assert.ok(overview);
    const offered = await page(`/reports/new?from=${overview.slug}`, 'owner');
    assert.match(offered.body, new RegExp(`value="${overview.slug}" checked`));
    const edit = await build('owner', {
      name: 'Our overview',
      visibility: 'private',
      from: overview.slug,
    });
    const body = (await page(edit, 'owner')).body;
    overview.sections.forEach((s, i) =>
      assert.ok(body.includes(`${i + 1}. ${s.heading}`), s.heading),
    );
    const removed = await post(`${reportOf(edit)}/delete`, 'owner', {});
    assert.equal(removed.statusCode, 303);
    assert.equal((await page(reportOf(edit), 'owner')).statusCode, 404);
    const actions = (await auditEvents(t.database.db, 500)).map((e) => e.action);
    for (const action of [
      'stored-report-created',
      'stored-report-updated',
      'stored-report-deleted',
    ])
      assert.ok(actions.includes(action), action);
  });

  it('remembers when its reader last opened a report, whatever it is renamed', async () => {
    const edit = await build('owner', { name: 'Before', visibility: 'private' });
    const first = await page(`${reportOf(edit)}?${asked}`, 'owner');
    assert.match(first.body, /the first time you have opened this report/);
    const renamed = await post(`${edit}/about`, 'owner', {
      name: 'After',
      title: '{area.name}: after',
      summary: 'x',
      audience: 'y',
      visibility: 'private',
    });
    assert.equal(renamed.statusCode, 303);
    const moved = String(renamed.headers.location).replace(/\/edit\?.*$/, '');
    assert.notEqual(moved, reportOf(edit));
    const again = await page(`${moved}?${asked}`, 'owner');
    assert.equal(again.statusCode, 200);
    assert.doesNotMatch(again.body, /the first time you have opened this report/);
  });

  it('says what is wrong when naming or sharing a report', async () => {
    const response = await post('/reports/new', 'owner', { name: ' ', visibility: 'organisation' });
    assert.equal(response.statusCode, 400);
    assertErrorSummary(response.body, [
      'Enter a name for the report',
      'Choose the organisation to share it with',
    ]);
    const edit = await build('owner', { name: 'Titles', visibility: 'private' });
    const bad = await post(`${edit}/about`, 'owner', {
      name: 'Titles',
      title: '{area.nam}',
      summary: 'x',
      audience: 'y',
      visibility: 'private',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Title: unknown token \{area\.nam\}/);
  });
});
