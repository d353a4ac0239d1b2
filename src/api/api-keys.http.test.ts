import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ApiKeysService } from '../accounts/api-keys.service.ts';
import { buildApp } from '../app/app.ts';
import { createServices } from '../app/services.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { dataDir, openRegisterDatabase } from '../testing/app.ts';
import { spyOnQueries } from '../testing/data-spy.ts';
import { newUser } from '../testing/fixtures.ts';
import { importValues } from '../testing/values.ts';

/*
 * Issue 17: with `Authorization: Bearer <key>` the API knows who is asking. A keyed answer is
 * the holder's alone (never from or into the public answer cache, `private, no-store`); a key
 * that names nobody is refused at once; public answers are as they were.
 */
const operator = { userId: null, actor: 'test', origin: null };
const url = '/api/v1/data?metric=keyed-metric&area=E06000001,E06000002';

describe('API keys on the API', () => {
  let database: Database;
  let app: FastifyInstance;
  let spy: ReturnType<typeof spyOnQueries>;
  let keys: ApiKeysService;
  let key: string;
  const get = (address: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: address, headers });
  const keyed = (address: string, k = key) => get(address, { authorization: `Bearer ${k}` });

  before(async () => {
    database = await openRegisterDatabase();
    const services = createServices(database);
    spy = spyOnQueries(services.data, () => false);
    app = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir, OPENLG_RATE_LIMIT: '0' }),
      services,
    );
    await importValues(database, 'keyed-metric', '2024', { E06000001: 1, E06000002: 2 });
    keys = new ApiKeysService(database.db);
    const user = await newUser(database, { role: 'analyst' });
    key = (await keys.create(user.email, 'Test', operator)).key;
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  it('answers a key with the data, for its holder alone', async () => {
    const response = await keyed(url);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['cache-control'], 'private, no-store');
    assert.match(String(response.headers.vary), /Authorization/);
    assert.equal(response.headers.etag, undefined);
    assert.deepEqual(
      response.json().observations.map((o: { value: number }) => o.value),
      [1, 2],
    );
  });

  it('neither serves a keyed request from the public cache nor leaves its answer there', async () => {
    const address = `${url}&format=csv`;
    const before = spy.seen.queries;
    const first = await keyed(address);
    const publicAnswer = await get(address);
    const again = await get(address);
    const keyedAgain = await keyed(address, key);
    // Worked out for the key, for the public (nothing kept from the key), then the public's
    // second from the cache, and the key's again.
    assert.equal(spy.seen.queries - before, 3);
    assert.equal(first.body, publicAnswer.body);
    assert.equal(keyedAgain.headers['cache-control'], 'private, no-store');
    // The public's validator does not answer a keyed request.
    const revalidated = await get(address, {
      authorization: `Bearer ${key}`,
      'if-none-match': String(again.headers.etag),
    });
    assert.equal(revalidated.statusCode, 200);
  });

  it('leaves an anonymous answer as it was: same ETag and caching, varying on Authorization', async () => {
    const first = await get(url);
    await keyed(url);
    const second = await get(url);
    assert.equal(first.statusCode, 200);
    assert.ok(first.headers.etag);
    assert.equal(second.headers.etag, first.headers.etag);
    assert.match(String(first.headers['cache-control']), /^public, max-age=\d+$/);
    assert.equal(second.headers['cache-control'], first.headers['cache-control']);
    assert.match(String(first.headers.vary), /^Accept\b.*Authorization/);
    assert.equal(first.body, second.body);
    const notModified = await get(url, { 'if-none-match': String(first.headers.etag) });
    assert.equal(notModified.statusCode, 304);
  });

  it('refuses a key revoked, unknown or malformed with 401 and a Bearer challenge, at once', async () => {
    const user = await newUser(database);
    const made = await keys.create(user.email, 'Soon revoked', operator);
    assert.equal((await keyed(url, made.key)).statusCode, 200);
    await keys.revoke(made.prefix, operator);
    const unknown = `olg_${'A'.repeat(43)}`;
    for (const [authorization, why] of [
      [`Bearer ${made.key}`, 'revoked'],
      [`Bearer ${unknown}`, 'unknown'],
      ['Bearer not-a-key', 'malformed'],
      [`Basic ${Buffer.from('a:b').toString('base64')}`, 'another scheme'],
    ] as const) {
      const response = await get(url, { authorization });
      assert.equal(response.statusCode, 401, why);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/, why);
      assert.match(String(response.headers['www-authenticate']), /^Bearer/, why);
      assert.equal(response.headers['cache-control'], 'no-store', why);
      assert.equal(response.json().status, 401, why);
    }
  });

  it("refuses a disabled user's key", async () => {
    const user = await newUser(database);
    const made = await keys.create(user.email, 'Disabled', operator);
    await database.db
      .updateTable('users')
      .set({ disabled_at: new Date() })
      .where('id', '=', user.id)
      .execute();
    assert.equal((await keyed(url, made.key)).statusCode, 401);
  });

  it('keeps pages to sessions: a key on a page changes nothing', async () => {
    const page = await get('/metrics', { authorization: 'Bearer not-a-key' });
    assert.equal(page.statusCode, 200);
  });
});

describe('rate limits per key', () => {
  let database: Database;
  let app: FastifyInstance;
  let key: string;

  before(async () => {
    database = await openRegisterDatabase();
    app = await buildApp(
      loadConfig({
        LOG_LEVEL: 'silent',
        OPENLG_DATA_DIR: dataDir,
        OPENLG_RATE_LIMIT: '2',
        OPENLG_API_KEY_RATE_LIMIT: '5',
      }),
      createServices(database),
    );
    const user = await newUser(database);
    key = (await new ApiKeysService(database.db).create(user.email, 'Limited', operator)).key;
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  it("counts a key's requests against the key, under its own limit, apart from the address", async () => {
    const ask = (headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url: '/api/v1/metrics', headers });
    const withKey = { authorization: `Bearer ${key}` };
    assert.deepEqual(
      [(await ask()).statusCode, (await ask()).statusCode, (await ask()).statusCode],
      [200, 200, 429],
    );
    const keyed = [];
    for (let i = 0; i < 6; i++) keyed.push((await ask(withKey)).statusCode);
    assert.deepEqual(keyed, [200, 200, 200, 200, 200, 429]);
    const refused = await ask(withKey);
    assert.equal(refused.headers['x-ratelimit-limit'], '5');
    assert.match(refused.json().detail, /with your API key/);
  });

  it('counts a guessed key against the address, so that guessing uses up its limit', async () => {
    const guess = await app.inject({
      method: 'GET',
      url: '/api/v1/metrics',
      headers: { authorization: `Bearer olg_${'B'.repeat(43)}` },
    });
    // The address has used its 2 already: the guess is stopped before it is even refused.
    assert.equal(guess.statusCode, 429);
  });
});
