import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditEvents } from '../accounts/accounts.repository.ts';
import { GroupsService } from '../groups/groups.service.ts';
import { dataDir, openTestApp, type TestApp } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { importValues, lodgeValues } from '../testing/values.ts';

/*
 * Issue 17: each value's page shows its history to those who may see it, and a steward corrects
 * what their council lodged, keeping the revision. Hartlepool's steward lodged 2024 under
 * embargo; 2023 is the operator's open data, revised once.
 */
const hartlepool = 'E06000001';
const page = `/metrics/history-rate/areas/${hartlepool}`;

describe('a value’s page: its history, and a steward’s correction', () => {
  let t: TestApp;
  const people = new Map<string, { cookie: string; csrf: string }>();
  const get = (url: string, who?: string) =>
    t.app.inject({ method: 'GET', url, headers: who ? { cookie: people.get(who)?.cookie } : {} });
  const post = (who: string, form: Record<string, string>, csrf = people.get(who)?.csrf ?? '') =>
    t.app.inject({
      method: 'POST',
      url: `${page}/correct`,
      headers: {
        cookie: people.get(who)?.cookie,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ csrf, ...form }).toString(),
    });
  const correction = { period: '2024-01-01/P1Y', value: '12', lci: '', uci: '', status: 'ok' };

  before(async () => {
    t = await openTestApp(undefined, { OPENLG_RATE_LIMIT: '0' });
    const database = t.database;
    for (const [who, organisation, role] of [
      ['steward', hartlepool, 'data-steward'],
      ['analyst', hartlepool, 'analyst'],
      ['neighbour', 'E06000005', 'data-steward'],
    ] as const) {
      const user = await newUser(database, { organisation, role });
      people.set(who, await sessionFor(database, user.id));
    }
    await importValues(database, 'history-rate', '2023', { [hartlepool]: 1, E06000002: 3 });
    await importValues(database, 'history-rate', '2023', { [hartlepool]: 2 });
    const steward = await newUser(database, {
      organisation: hartlepool,
      email: 'jo@hartlepool.example',
    });
    await lodgeValues(
      database,
      'history-rate',
      '2024',
      { [hartlepool]: 10 },
      {
        organisation: hartlepool,
        user: steward,
      },
    );
  });
  after(() => t.close());

  it('shows the public the public values and their history, and nothing embargoed', async () => {
    const response = await get(page);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['cache-control'], 'private, no-store');
    assert.match(response.body, /<h2[^>]*>2023/);
    assert.match(response.body, /Earlier values for 2023/);
    assert.doesNotMatch(response.body, /2024|Embargoed|>10<|Correct/);
  });

  it('is linked from the measure page of the council', async () => {
    // The measure page offers the groups the app builds at start.
    await new GroupsService(t.database.db).ensureGroups(dataDir);
    const measure = await get(
      `/metrics/history-rate?area=${hartlepool}&group=custom:${hartlepool},E06000002`,
    );
    assert.equal(measure.statusCode, 200, measure.body.slice(0, 500));
    assert.match(measure.body, new RegExp(`href="${page}"`));
  });

  it('shows the council its embargoed value, marked, and who lodged it', async () => {
    const body = (await get(page, 'analyst')).body;
    assert.match(body, /<h2[^>]*>2024/);
    assert.match(body, /Embargoed until \d{1,2} \w+ \d{4} at \d\d:\d\d UTC/);
    assert.match(body, /jo@hartlepool.example/);
    assert.doesNotMatch(body, /Correct<span/, 'an analyst may not correct');
    assert.doesNotMatch((await get(page, 'neighbour')).body, /2024/);
  });

  it('lets the steward correct what the council lodged, and only that', async () => {
    assert.match((await get(page, 'steward')).body, /correct\?period=2024/);
    assert.doesNotMatch((await get(page, 'steward')).body, /correct\?period=2023/);
    const form = await get(`${page}/correct?period=2024-01-01%2FP1Y`, 'steward');
    assert.equal(form.statusCode, 200, form.body);
    assert.match(form.body, /value="10"/);
    for (const [who, status] of [
      ['neighbour', 404],
      ['analyst', 403],
    ] as const)
      assert.equal((await get(`${page}/correct?period=2024-01-01%2FP1Y`, who)).statusCode, status);
    assert.equal((await get(`${page}/correct?period=2023-01-01%2FP1Y`, 'steward')).statusCode, 403);
    const anonymous = await get(`${page}/correct?period=2024-01-01%2FP1Y`);
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/sign-in\?next=/);
  });

  it('shows every problem with a correction at once, keeping what was typed', async () => {
    const response = await post('steward', { ...correction, value: 'twelve', reason: '' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /govuk-error-summary/);
    assert.match(response.body, /Value must be a number/);
    assert.match(response.body, /Say why the value is being corrected/);
    assert.match(response.body, /value="twelve"/);
    const missing = await post('steward', { ...correction, status: 'suppressed', reason: 'x' });
    assert.match(missing.body, /Leave the value blank/);
    assert.equal((await post('steward', { ...correction, reason: 'x' }, 'forged')).statusCode, 403);
  });

  it('corrects, keeps the value replaced, stays embargoed, and audits it', async () => {
    const response = await post('steward', { ...correction, reason: 'Typing error in column C' });
    assert.equal(response.statusCode, 303, response.body);
    const body = (await get(String(response.headers.location), 'steward')).body;
    assert.match(body, /is corrected/);
    assert.match(body, /Value<\/dt>\s*<dd[^>]*>\s*12\.0\s/);
    assert.match(body, /Earlier values for 2024/);
    assert.doesNotMatch((await get(page)).body, /2024/, 'the correction is as embargoed');
    const api = await t.app.inject(`/api/v1/data?metric=history-rate&area=${hartlepool}`);
    assert.match(api.body, /2023-01-01\/P1Y/);
    const events = await auditEvents(t.database.db);
    const event = events.find((e) => e.action === 'value-corrected');
    assert.equal(event?.subject, `history-rate ${hartlepool} 2024-01-01/P1Y`);
    assert.deepEqual((event?.before as { value: number }).value, 10);
    assert.match(JSON.stringify(event?.after), /Typing error in column C/);
  });
});
