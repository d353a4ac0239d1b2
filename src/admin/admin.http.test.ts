import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { appendAudit } from '../accounts/accounts.repository.ts';
import { ApiKeysService } from '../accounts/api-keys.service.ts';
import { auditList } from '../api/api.schema.ts';
import type { Database } from '../db/database.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { openTestDatabase } from '../testing/database.ts';
import { newUser } from '../testing/fixtures.ts';
import { confirmTwoFactor, sessionFor } from '../testing/signed-in.ts';

const operator = { userId: null, actor: 'test', origin: null };

/** The audit table's rows as text, one a row. */
const tableRows = (html: string) =>
  [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].slice(1).map((m) =>
    (m[1] ?? '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );

describe('reading the audit trail', () => {
  let database: Database;
  let app: FastifyInstance;
  let site: TestApp;
  const cookies = { admin: '', analyst: '' };
  const keys = { admin: '', analyst: '' };
  let analystEmail = '';

  before(async () => {
    site = await openTestApp(openTestDatabase, { OPENLG_RATE_LIMIT: '0' });
    ({ app, database } = site);
    const admin = await newUser(database, { role: 'administrator' });
    const analyst = await newUser(database, { role: 'analyst' });
    analystEmail = analyst.email;
    const apiKeys = new ApiKeysService(database.db);
    keys.admin = (await apiKeys.create(admin.email, 'Audit reader', operator)).key;
    keys.analyst = (await apiKeys.create(analyst.email, 'Not an admin', operator)).key;
    await confirmTwoFactor(database, admin.id);
    cookies.admin = (await sessionFor(database, admin.id)).cookie;
    cookies.analyst = (await sessionFor(database, analyst.id)).cookie;
    for (let i = 0; i < 60; i++)
      await appendAudit(database.db, {
        userId: null,
        actor: 'test',
        address: '192.0.2.1',
        action: 'test-event',
        subject: `thing ${i}`,
        after: { i },
      });
  });
  after(() => site.close());

  const page = (url: string, cookie?: string) =>
    app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const api = (url: string, key?: string) =>
    app.inject({ method: 'GET', url, headers: key ? { authorization: `Bearer ${key}` } : {} });

  it('sends the public to sign in, and refuses someone signed in who is not an administrator', async () => {
    const anonymous = await page('/admin/audit?action=sign-in');
    assert.equal(anonymous.statusCode, 303);
    assert.equal(anonymous.headers.location, '/sign-in?next=%2Fadmin%2Faudit%3Faction%3Dsign-in');
    const analyst = await page('/admin/audit', cookies.analyst);
    assert.equal(analyst.statusCode, 403);
    assert.match(String(analyst.headers['content-type']), /text\/html/);
    assert.doesNotMatch(analyst.body, /test-event/);
  });

  it('shows an administrator the newest events, 50 a page, for them alone', async () => {
    const first = await page('/admin/audit', cookies.admin);
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['cache-control'], 'private, no-store');
    const rows = tableRows(first.body);
    assert.equal(rows.length, 50);
    assert.match(rows[0] ?? '', /test test-event thing 59 192\.0\.2\.1 \{&quot;i&quot;:59\}/);
    assert.match(first.body, /href="\/admin\/audit\?page=2"/);
    const second = await page('/admin/audit?page=2', cookies.admin);
    const more = tableRows(second.body);
    assert.ok(more.length > 10);
    assert.match(more[0] ?? '', /thing 9 /);
    assert.ok(more.some((row) => /api-key-created/.test(row)));
  });

  it('filters by action, by person and by dates', async () => {
    const created = tableRows(
      (await page('/admin/audit?action=api-key-created', cookies.admin)).body,
    );
    assert.equal(created.length, 2);
    const analyst = tableRows(
      (await page(`/admin/audit?email=${encodeURIComponent(analystEmail)}`, cookies.admin)).body,
    );
    assert.ok(analyst.length >= 3, analyst.join('\n'));
    for (const row of analyst) assert.ok(row.includes(analystEmail), row);
    const future = await page('/admin/audit?from=2999-01-01', cookies.admin);
    assert.match(future.body, /No events match these filters/);
    const today = new Date().toISOString().slice(0, 10);
    const byDay = await page(`/admin/audit?from=${today}&to=${today}`, cookies.admin);
    assert.equal(tableRows(byDay.body).length, 50);
    assert.equal((await page('/admin/audit?from=yesterday', cookies.admin)).statusCode, 400);
  });

  it('answers GET /api/v1/audit to an administrator key only', async () => {
    const none = await api('/api/v1/audit');
    assert.equal(none.statusCode, 401);
    assert.match(String(none.headers['www-authenticate']), /^Bearer/);
    assert.match(String(none.headers['content-type']), /application\/problem\+json/);
    // A session is for pages: the API answers to keys.
    const withCookie = await app.inject({
      method: 'GET',
      url: '/api/v1/audit',
      headers: { cookie: cookies.admin },
    });
    assert.equal(withCookie.statusCode, 401);
    const analyst = await api('/api/v1/audit', keys.analyst);
    assert.equal(analyst.statusCode, 403);
    assert.equal(analyst.json().status, 403);
    const admin = await api('/api/v1/audit?action=test-event', keys.admin);
    assert.equal(admin.statusCode, 200, admin.body);
    assert.equal(admin.headers['cache-control'], 'private, no-store');
    assert.equal(admin.headers.etag, undefined);
    const body = admin.json();
    assert.deepEqual(auditList.parse(body), body, 'the answer is as openapi.json documents it');
    assert.equal(body.events.length, 50);
    assert.equal(body.events[0].subject, 'thing 59');
    assert.deepEqual(body.events[0].after, { i: 59 });
    assert.equal(body.next, '/api/v1/audit?action=test-event&page=2');
    const last = (await api(body.next, keys.admin)).json();
    assert.equal(last.events.length, 10);
    assert.equal(last.next, null);
  });
});
