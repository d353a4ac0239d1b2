import { createServices } from '../app/services.ts';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app/app.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import type { ImportOptions } from '../imports/imports.service.ts';
import { dataDir, openTestApp, type TestApp } from '../testing/app.ts';
import { importValues } from '../testing/values.ts';
import { openTestDatabase } from '../testing/database.ts';
import { entityTag, matchesAnyTag, maxAge, notModifiedSince } from './api.service.ts';

async function buildWith(env: Record<string, string>, database: Database) {
  return buildApp(
    loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir, ...env }),
    createServices(database),
  );
}

describe('validators and cache lifetimes', () => {
  const version = {
    token: '7|x',
    number: 7,
    lastModified: new Date(0),
    secondsToNextLift: null,
    nextLiftAt: null,
  };

  it('tags differ by address, format and version', () => {
    const tag = entityTag(version, '/api/v1/metrics', 'application/json');
    assert.match(tag, /^W\/"[A-Za-z0-9_-]+"$/);
    assert.notEqual(tag, entityTag(version, '/api/v1/metrics?limit=2', 'application/json'));
    assert.notEqual(tag, entityTag(version, '/api/v1/metrics', 'text/csv'));
    assert.notEqual(tag, entityTag({ ...version, token: '8|x' }, '/api/v1/metrics', ''));
  });

  it('compares tags weakly, in lists and with *', () => {
    assert.ok(matchesAnyTag('W/"a"', 'W/"a"'));
    assert.ok(matchesAnyTag('"a"', 'W/"a"'));
    assert.ok(matchesAnyTag('"b", W/"a"', 'W/"a"'));
    assert.ok(matchesAnyTag('*', 'W/"a"'));
    assert.ok(!matchesAnyTag('W/"b"', 'W/"a"'));
  });

  it('reads If-Modified-Since to the second, and ignores a date it cannot read', () => {
    const at = new Date('2025-01-02T03:04:05Z');
    assert.ok(notModifiedSince(at.toUTCString(), at));
    assert.ok(!notModifiedSince(new Date('2025-01-02T03:04:04Z').toUTCString(), at));
    assert.ok(!notModifiedSince('yesterday', at));
  });

  it('never lets an answer be kept past the next embargo', () => {
    assert.equal(maxAge(version), 60);
    assert.equal(maxAge({ ...version, secondsToNextLift: 12.7 }), 12);
    assert.equal(maxAge({ ...version, secondsToNextLift: 3600 }), 60);
  });
});

describe('HTTP behaviour of the public API', () => {
  let t: TestApp;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });

  /** Imports a value for Hartlepool and Middlesbrough into a metric of its own. */
  const importTiny = (slug: string, options: ImportOptions = {}) =>
    importValues(t.database, slug, '2024', { E06000001: 1, E06000002: 2 }, options, {
      polarity: 'no-judgement',
    });

  const slugs = async () =>
    ((await get('/api/v1/metrics')).json() as { metrics: { slug: string }[] }).metrics.map(
      (m) => m.slug,
    );

  before(async () => {
    t = await openTestApp();
    await importTiny('first-metric');
  });
  after(() => t.close());

  it('answers If-None-Match with 304 while the data is unchanged', async () => {
    const first = await get('/api/v1/areas/E06000001');
    assert.equal(first.statusCode, 200);
    const etag = first.headers.etag as string;
    assert.match(etag, /^W\/"/);
    const again = await get('/api/v1/areas/E06000001', { 'if-none-match': etag });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);
    assert.match(again.headers['cache-control'] as string, /max-age=/);
    const other = await get('/api/v1/areas/E06000002', { 'if-none-match': etag });
    assert.equal(other.statusCode, 200, 'another address has another tag');
    const head = await t.app.inject({
      method: 'HEAD',
      url: '/api/v1/areas/E06000001',
      headers: { 'if-none-match': etag },
    });
    assert.equal(head.statusCode, 304);
  });

  it('answers If-Modified-Since with 304 unless the data changed after it', async () => {
    const first = await get('/api/v1/metrics');
    const lastModified = first.headers['last-modified'] as string;
    assert.ok(!Number.isNaN(Date.parse(lastModified)));
    assert.ok(Date.parse(lastModified) <= Date.now());
    const unchanged = await get('/api/v1/metrics', { 'if-modified-since': lastModified });
    assert.equal(unchanged.statusCode, 304);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    assert.equal((await get('/api/v1/metrics', { 'if-modified-since': earlier })).statusCode, 200);
    const both = await get('/api/v1/metrics', {
      'if-modified-since': lastModified,
      'if-none-match': 'W/"something else"',
    });
    assert.equal(both.statusCode, 200, 'If-None-Match decides when both are sent');
  });

  it('lets caches keep answers briefly, publicly, and never an error', async () => {
    const response = await get('/api/v1/metrics');
    assert.equal(response.headers['cache-control'], 'public, max-age=60');
    assert.match(response.headers.vary as string, /Accept/);
    for (const url of ['/api/v1/metrics/no-such-metric', '/api/v1/areas?type=parish']) {
      const failure = await get(url);
      assert.ok(failure.statusCode >= 400);
      assert.equal(failure.headers['cache-control'], 'no-store', url);
      assert.equal(failure.headers.etag, undefined, url);
      assert.match(failure.headers['content-type'] as string, /application\/problem\+json/);
    }
    assert.equal((await get('/healthz')).headers['cache-control'], 'no-store');
    assert.equal(
      (await get('/assets/openlg.css')).headers['cache-control'],
      'public, max-age=86400',
    );
  });

  it('changes the tag when an import changes the data', async () => {
    const before = await get('/api/v1/metrics');
    await importTiny('second-metric');
    const after = await get('/api/v1/metrics', { 'if-none-match': before.headers.etag as string });
    assert.equal(after.statusCode, 200);
    assert.notEqual(after.headers.etag, before.headers.etag);
    assert.ok((after.json() as { metrics: { slug: string }[] }).metrics.length === 2);
    assert.ok(
      Date.parse(after.headers['last-modified'] as string) >=
        Date.parse(before.headers['last-modified'] as string),
    );
  });

  it('changes the tag when an embargo lifts, which no write marks', async () => {
    const lift = new Date(Date.now() + 2000);
    await importTiny('embargoed-metric', { publication: { state: 'embargoed', until: lift } });
    const during = await get('/api/v1/metrics');
    assert.ok(!(await slugs()).includes('embargoed-metric'));
    const maxAgeDuring = Number(
      /max-age=(\d+)/.exec(during.headers['cache-control'] as string)?.[1],
    );
    assert.ok(maxAgeDuring <= 2, `max-age ${maxAgeDuring} ends by the lift`);
    await sleep(Math.max(0, lift.getTime() - Date.now()) + 100);
    const lifted = await get('/api/v1/metrics', { 'if-none-match': during.headers.etag as string });
    assert.equal(lifted.statusCode, 200, 'the tag held during the embargo is stale');
    assert.notEqual(lifted.headers.etag, during.headers.etag);
    assert.ok((await slugs()).includes('embargoed-metric'));
    assert.equal(lifted.headers['cache-control'], 'public, max-age=60');
    assert.ok(Date.parse(lifted.headers['last-modified'] as string) >= lift.getTime() - 1000);
  });

  it('compresses JSON and pages when the client accepts it', async () => {
    const plain = await get('/api/v1/areas');
    const gzip = await get('/api/v1/areas', { 'accept-encoding': 'gzip' });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.match(gzip.headers.vary as string, /Accept-Encoding/i);
    assert.ok(gzip.rawPayload.length < plain.rawPayload.length / 3);
    assert.deepEqual(JSON.parse(gunzipSync(gzip.rawPayload).toString()), plain.json());
    const br = await get('/api/v1/areas', { 'accept-encoding': 'br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.deepEqual(JSON.parse(brotliDecompressSync(br.rawPayload).toString()), plain.json());
    const page = await get('/', { 'accept-encoding': 'gzip' });
    assert.equal(page.headers['content-encoding'], 'gzip');
    assert.match(gunzipSync(page.rawPayload).toString(), /<html/);
  });

  it('lets any origin read the API, validators included', async () => {
    const response = await get('/api/v1/metrics', { origin: 'https://analyst.example' });
    assert.equal(response.headers['access-control-allow-origin'], '*');
    const exposed = (response.headers['access-control-expose-headers'] as string).toLowerCase();
    for (const header of ['etag', 'last-modified', 'retry-after'])
      assert.ok(exposed.includes(header), `${header} in ${exposed}`);
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/metrics',
      headers: {
        origin: 'https://analyst.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    });
    assert.equal(preflight.statusCode, 204);
    assert.equal(preflight.headers['access-control-allow-methods'], 'GET, HEAD, POST');
    assert.match(preflight.headers['access-control-allow-headers'] as string, /if-none-match/);
  });
});

describe('the rate limit', () => {
  let database: Database;
  let app: FastifyInstance;
  before(async () => {
    database = await openTestDatabase();
    app = await buildWith({ OPENLG_RATE_LIMIT: '3' }, database);
  });
  after(async () => {
    await app.close();
    await database.close();
  });
  const get = (url: string, ip = '192.0.2.1') =>
    app.inject({ method: 'GET', url, remoteAddress: ip });

  it('answers 429 with Retry-After and a problem document past the limit', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await get('/api/v1/metrics')).statusCode, 200);
    const refused = await get('/api/v1/metrics?limit=5');
    assert.equal(refused.statusCode, 429);
    const retryAfter = Number(refused.headers['retry-after']);
    assert.ok(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 60);
    assert.match(refused.headers['content-type'] as string, /^application\/problem\+json/);
    assert.equal(refused.headers['cache-control'], 'no-store');
    assert.equal(refused.headers['access-control-allow-origin'], '*');
    const problem = refused.json();
    assert.equal(problem.status, 429);
    assert.equal(problem.title, 'Too many requests');
    assert.match(problem.detail, /3 a minute/);
    assert.equal(problem.instance, '/api/v1/metrics?limit=5');
    assert.doesNotMatch(refused.body, /at .*\.ts:\d+/);
    assert.equal((await get('/nowhere')).statusCode, 429, 'unknown addresses count too');
  });

  it('counts each address apart, and never limits health checks or assets', async () => {
    assert.equal((await get('/api/v1/metrics', '192.0.2.2')).statusCode, 200);
    for (let i = 0; i < 5; i++) {
      assert.equal((await get('/healthz')).statusCode, 200);
      assert.equal((await get('/assets/openlg-icon.svg')).statusCode, 200);
    }
  });

  it('takes the client address only from the entries trusted proxies appended', async () => {
    for (const trust of ['1', '127.0.0.1/8']) {
      const proxied = await buildWith(
        { OPENLG_RATE_LIMIT: '3', OPENLG_TRUST_PROXY: trust },
        database,
      );
      try {
        // The proxy appends the address it saw; the client writes whatever it likes before it.
        const statuses = [];
        for (let i = 0; i < 5; i++) {
          const response = await proxied.inject({
            url: '/api/v1/metrics',
            remoteAddress: '127.0.0.1',
            headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` },
          });
          statuses.push(response.statusCode);
        }
        assert.deepEqual(statuses, [200, 200, 200, 429, 429], `OPENLG_TRUST_PROXY=${trust}`);
      } finally {
        await proxied.close();
      }
    }
  });

  it('counts CORS preflights and missing assets, and still serves real assets', async () => {
    const ip = '192.0.2.3';
    const preflight = () =>
      app.inject({
        method: 'OPTIONS',
        url: '/api/v1/metrics',
        remoteAddress: ip,
        headers: { origin: 'https://example.org', 'access-control-request-method': 'GET' },
      });
    const statuses = [(await preflight()).statusCode, (await preflight()).statusCode];
    statuses.push((await get('/assets/govuk/no-such-file.js', ip)).statusCode);
    statuses.push((await get('/assets/govuk/no-such-file.js', ip)).statusCode);
    statuses.push((await preflight()).statusCode);
    assert.deepEqual(statuses, [204, 204, 404, 429, 429]);
    assert.equal((await get('/assets/openlg-icon.svg', ip)).statusCode, 200);
  });

  it('can be turned off with 0', async () => {
    const unlimited = await buildWith({ OPENLG_RATE_LIMIT: '0' }, database);
    try {
      for (let i = 0; i < 5; i++)
        assert.equal((await unlimited.inject({ url: '/api/v1/metrics' })).statusCode, 200);
    } finally {
      await unlimited.close();
    }
  });
});
