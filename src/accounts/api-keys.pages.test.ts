import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';
import { openTestApp, type TestApp } from '../testing/app.ts';
import { openTestDatabase } from '../testing/database.ts';
import { newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { auditEvents } from './accounts.repository.ts';
import { ApiKeysService } from './api-keys.service.ts';

describe('API keys at /account/api-keys', () => {
  let database: Database;
  let app: FastifyInstance;
  let site: TestApp;
  let me: { cookie: string; csrf: string };
  let email = '';

  const get = (url: string, cookie = me.cookie) =>
    app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (url: string, form: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url,
      headers: { cookie: me.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
  const useKey = (key: string) =>
    app.inject({
      method: 'GET',
      url: '/api/v1/metrics',
      headers: { authorization: `Bearer ${key}` },
    });

  before(async () => {
    site = await openTestApp(openTestDatabase, { OPENLG_RATE_LIMIT: '0' });
    ({ app, database } = site);
    const user = await newUser(database, { role: 'analyst' });
    email = user.email;
    me = await sessionFor(database, user.id);
  });
  after(() => site.close());

  it('sends the public to sign in', async () => {
    const response = await get('/account/api-keys', '');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/sign-in?next=/account/api-keys');
  });

  it('makes a key, shown once, that works on the API at once, and audits it', async () => {
    const empty = await post('/account/api-keys', { csrf: me.csrf, name: ' ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /govuk-error-summary[\s\S]*Enter a name for the key/);
    const forged = await post('/account/api-keys', { csrf: 'x'.repeat(43), name: 'Forged' });
    assert.equal(forged.statusCode, 403);
    const made = await post('/account/api-keys', { csrf: me.csrf, name: 'Robot' });
    assert.equal(made.statusCode, 201);
    assert.equal(made.headers['cache-control'], 'private, no-store');
    const key = /id="new-key">(olg_[\w-]{43})</.exec(made.body)?.[1];
    assert.ok(key, 'the key is shown');
    assert.equal((await useKey(key)).statusCode, 200);
    const listed = await get('/account/api-keys');
    assert.match(listed.body, /Robot/);
    assert.ok(!listed.body.includes(key), 'shown only once');
    const [event] = await auditEvents(database.db);
    assert.deepEqual(
      [event?.action, event?.actor, event?.subject],
      ['api-key-created', email, email],
    );
    assert.ok(event?.address);
  });

  it("revokes the owner's key at once, and no one else's", async () => {
    const other = await newUser(database);
    const theirs = await new ApiKeysService(database.db).create(other.email, 'Theirs', {
      userId: null,
      actor: 'test',
      origin: null,
    });
    const refused = await post(`/account/api-keys/${theirs.id}/revoke`, { csrf: me.csrf });
    assert.equal(refused.statusCode, 404);
    assert.equal((await useKey(theirs.key)).statusCode, 200);

    const made = await post('/account/api-keys', { csrf: me.csrf, name: 'Short-lived' });
    const key = /id="new-key">(olg_[\w-]{43})</.exec(made.body)?.[1] ?? '';
    const id = (await new ApiKeysService(database.db).list(email)).find(
      (k) => k.name === 'Short-lived',
    )?.id;
    const revoked = await post(`/account/api-keys/${id}/revoke`, { csrf: me.csrf });
    assert.equal(revoked.statusCode, 303);
    assert.match(String(revoked.headers.location), /revoked=olg_/);
    assert.equal((await useKey(key)).statusCode, 401);
    const [event] = await auditEvents(database.db);
    assert.deepEqual([event?.action, event?.actor], ['api-key-revoked', email]);
  });
});
