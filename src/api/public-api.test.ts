import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { ApiKeysService } from '../accounts/api-keys.service.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { dataDir, openTestApp, type TestApp } from '../testing/app.ts';
import { openTestDatabase } from '../testing/database.ts';
import { newUser } from '../testing/fixtures.ts';
import { sessionFor } from '../testing/signed-in.ts';
import { registerHttpBehaviour } from './http-behaviour.ts';
import { registerPublicApi } from './public-api.ts';

/*
 * Issue 17: the public API is a plugin scope of its own. Where a route was registered decides
 * what it gets, not its address: keys, CORS, validators, public caching and kept answers on the
 * API's routes alone; sessions on the pages alone.
 */
const fromAnotherSite = { origin: 'https://analyst.example' };
const guessedKey = { authorization: `Bearer olg_${'C'.repeat(43)}` };
const operator = { userId: null, actor: 'test', origin: null };

describe('the public API scope in the app', () => {
  let t: TestApp;
  let cookie: string;
  const get = (url: string, headers: Record<string, string>) => t.app.inject({ url, headers });

  before(async () => {
    t = await openTestApp();
    // An administrator yet to set up two-factor sign-in is sent to set it up from every page.
    const administrator = await newUser(t.database, { role: 'administrator' });
    cookie = (await sessionFor(t.database, administrator.id)).cookie;
  });
  after(() => t.close());

  it("gives a page none of the API's headers, and reads no key on it", async () => {
    const page = await get('/metrics', { ...fromAnotherSite, ...guessedKey });
    assert.equal(page.statusCode, 200, 'a key naming nobody is refused on the API alone');
    assert.equal(page.headers.etag, undefined);
    assert.equal(page.headers['last-modified'], undefined);
    assert.doesNotMatch(String(page.headers['cache-control'] ?? ''), /public/);
    assert.equal(page.headers['access-control-allow-origin'], undefined);
    assert.doesNotMatch(String(page.headers.vary ?? ''), /authorization/i);
    assert.equal((await get('/api/v1/metrics', guessedKey)).statusCode, 401);
  });

  it('reads the session cookie on pages, and not on the API', async () => {
    const page = await get('/metrics', { cookie });
    assert.equal(page.statusCode, 303, 'the session was read');
    assert.equal(page.headers.location, '/account/two-factor');
    const api = await get('/api/v1/metrics', { cookie, ...fromAnotherSite });
    assert.equal(api.statusCode, 200, 'no session was read');
    assert.match(String(api.headers.etag), /^W\//);
    assert.match(String(api.headers['cache-control']), /^public, max-age=\d+$/);
    assert.equal(api.headers['access-control-allow-origin'], '*');
    assert.match(String(api.headers.vary), /\bAuthorization\b/);
  });
});

describe('the public API scope in an app of its own', () => {
  let database: Database;
  let app: FastifyInstance;
  let key: string;
  let worked = 0;

  before(async () => {
    database = await openTestDatabase();
    const config = loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir });
    app = Fastify();
    await registerHttpBehaviour(app, config, database);
    // Neither address is under /api/v1/: the scope alone tells the API's route from the other.
    await registerPublicApi(app, config, database, (api) => {
      api.get('/probe', async () => ({ worked: ++worked }));
    });
    app.get('/beside', async () => ({ page: true }));
    const user = await newUser(database);
    key = (await new ApiKeysService(database.db).create(user.email, 'Probe', operator)).key;
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  it("gives a route registered in it the API's behaviour, at any address", async () => {
    const first = await app.inject({ url: '/probe', headers: fromAnotherSite });
    assert.equal(first.statusCode, 200);
    assert.match(String(first.headers.etag), /^W\//);
    assert.ok(first.headers['last-modified']);
    assert.match(String(first.headers['cache-control']), /^public, max-age=\d+$/);
    assert.equal(first.headers['access-control-allow-origin'], '*');
    assert.equal(first.headers.vary, 'Accept, Authorization');
    const again = await app.inject({ url: '/probe' });
    assert.deepEqual([again.json(), worked], [{ worked: 1 }, 1], 'answered from the kept answer');
    const unchanged = await app.inject({
      url: '/probe',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    assert.equal(unchanged.statusCode, 304);
    const keyed = await app.inject({ url: '/probe', headers: { authorization: `Bearer ${key}` } });
    assert.equal(keyed.headers['cache-control'], 'private, no-store', 'the key was read');
    assert.equal(keyed.headers.etag, undefined);
  });

  it('gives a route registered beside it none of it', async () => {
    const beside = await app.inject({
      url: '/beside',
      headers: { ...fromAnotherSite, authorization: `Bearer ${key}` },
    });
    assert.equal(beside.statusCode, 200);
    for (const header of ['etag', 'last-modified', 'cache-control', 'access-control-allow-origin'])
      assert.equal(beside.headers[header], undefined, header);
    assert.doesNotMatch(String(beside.headers.vary ?? ''), /authorization/i);
  });
});
