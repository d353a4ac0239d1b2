import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { ApiKeysService } from '../accounts/api-keys.service.ts';
import { buildApp } from '../app/app.ts';
import { createServices } from '../app/services.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import type { ImportOptions } from '../imports/imports.service.ts';
import { dataDir, openRegisterDatabase } from '../testing/app.ts';
import { spyOnQueries } from '../testing/data-spy.ts';
import { newUser } from '../testing/fixtures.ts';
import { importValues } from '../testing/values.ts';

/*
 * Issue 16: public answers of the API are kept (answer-cache.ts, answer-keeping.ts). A kept answer
 * must be exactly what working it out again would give, at every moment.
 */
describe('kept public answers', () => {
  let database: Database;
  let app: FastifyInstance;
  let spy: ReturnType<typeof spyOnQueries>;
  let services: ReturnType<typeof createServices>;
  const areas = 'E06000001,E06000002,E06000003';
  const load = (slug: string, values: Record<string, number>, options: ImportOptions = {}) =>
    importValues(database, slug, '2024', values, options);

  /** Asks twice: the second answer must be the first, byte for byte, without working it out. */
  async function twice(options: InjectOptions & { url: string }) {
    const first = await app.inject(options);
    const worked = spy.seen.queries;
    const second = await app.inject(options);
    return { first, second, workedAgain: spy.seen.queries - worked };
  }

  before(async () => {
    database = await openRegisterDatabase();
    services = createServices(database);
    spy = spyOnQueries(services.data, (q) => q.metric.includes('held-metric'));
    app = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir, OPENLG_RATE_LIMIT: '0' }),
      services,
    );
    await load('kept-metric', { E06000001: 1, E06000002: 2, E06000003: 3 });
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  it('gives a repeated question the same bytes, headers and ETag, without working it out', async () => {
    for (const format of ['json', 'csv', 'jsonstat', 'csvw']) {
      const url = `/api/v1/data?metric=kept-metric&area=${areas}&format=${format}`;
      const { first, second, workedAgain } = await twice({ url });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(workedAgain, 0, `${format} answered from the cache`);
      assert.deepEqual(second.rawPayload, first.rawPayload, format);
      for (const header of [
        'etag',
        'last-modified',
        'cache-control',
        'content-type',
        'content-disposition',
        'link',
        'vary',
        'content-length',
        'access-control-allow-origin',
      ])
        assert.equal(second.headers[header], first.headers[header], `${format} ${header}`);
      assert.notEqual(
        second.headers['content-security-policy'],
        first.headers['content-security-policy'],
        'per-request headers stay per request',
      );
    }
    const compare = await twice({
      url: `/api/v1/compare?metric=kept-metric&area=E06000001&group=custom:E06000002,E06000003`,
    });
    assert.equal(compare.first.statusCode, 200, compare.first.body);
    assert.equal(compare.second.body, compare.first.body);
  });

  it('keeps each compressed form as it was first sent', async () => {
    const unitaries = (await app.inject('/api/v1/areas?type=unitary')).json<{
      areas: { code: string }[];
    }>();
    await load('wide-metric', Object.fromEntries(unitaries.areas.map((a, i) => [a.code, i])));
    const url = `/api/v1/data?metric=wide-metric&areaType=unitary`;
    const plain = await app.inject({ url });
    for (const [encoding, decode] of [
      ['gzip', gunzipSync],
      ['br', brotliDecompressSync],
    ] as const) {
      const { first, second, workedAgain } = await twice({
        url,
        headers: { 'accept-encoding': encoding },
      });
      assert.equal(workedAgain, 0);
      assert.ok(plain.rawPayload.length > 4096, 'long enough to be compressed');
      assert.equal(second.headers['content-encoding'], encoding);
      assert.equal(second.headers.vary, first.headers.vary);
      assert.match(String(second.headers.vary), /Accept, Authorization, accept-encoding/);
      assert.deepEqual(second.rawPayload, first.rawPayload, `${encoding} bytes`);
      assert.deepEqual(decode(second.rawPayload), plain.rawPayload);
    }
  });

  it('changes the moment an import changes a value it holds', async () => {
    const url = `/api/v1/data?metric=kept-metric&area=${areas}`;
    const before = await app.inject({ url });
    assert.deepEqual(values(before.json()), [1, 2, 3]);
    await load('kept-metric', { E06000001: 10, E06000002: 2, E06000003: 3 });
    const after = await app.inject({ url, headers: { 'if-none-match': before.headers.etag! } });
    assert.equal(after.statusCode, 200);
    assert.deepEqual(values(after.json()), [10, 2, 3]);
    assert.notEqual(after.headers.etag, before.headers.etag);
  });

  it('changes at the next request after another process commits a change', async () => {
    await load('written-metric', { E06000001: 1, E06000002: 2, E06000003: 3 });
    // Value by value (a period named), so that a write to the values alone changes the answer.
    const url = `/api/v1/data?metric=written-metric&area=${areas}&period=2024-01-01/P1Y`;
    const { second, workedAgain } = await twice({ url });
    assert.equal(workedAgain, 0);
    // What an import by another openlg process on the same PostgreSQL leaves, which no hook of
    // this process heard of: new values and a new data version (on PGlite, this process's only
    // writer, a commit that moves the version is told of).
    await database.db.transaction().execute(async (trx) => {
      await sql`update observations set value = value + 100
        where metric_id = (select id from metrics where slug = 'written-metric')
          and area_id = (select id from areas where code = 'E06000003')`.execute(trx);
      await bumpDataVersion(trx);
    });
    const after = await app.inject({ url });
    assert.deepEqual(values(second.json()), [1, 2, 3]);
    assert.deepEqual(values(after.json()), [1, 2, 103]);
  });

  it('changes the moment an embargo on one of its values ends', async () => {
    const url = `/api/v1/data?metric=kept-metric&area=${areas}&include=rank`;
    const [first = 0, , third = 0] = values((await app.inject({ url })).json());
    // Long enough for the import and two answers on a busy machine.
    const until = new Date(Date.now() + 4000);
    await load(
      'kept-metric',
      { E06000001: first, E06000002: 20, E06000003: third },
      { publication: { state: 'embargoed', until } },
    );
    const during = await twice({ url });
    assert.equal(during.workedAgain, 0, 'kept during the embargo');
    assert.deepEqual(values(during.second.json()), [first, 2, third]);
    assert.ok(Date.now() < until.getTime(), 'asked before the embargo ended');
    await sleep(Math.max(0, until.getTime() - Date.now()) + 20);
    const lifted = await app.inject({ url });
    assert.deepEqual(values(lifted.json()), [first, 20, third]);
    assert.notEqual(lifted.headers.etag, during.second.headers.etag);
  });

  it('still answers a conditional request with 304 and the same ETag', async () => {
    const url = `/api/v1/data?metric=kept-metric&area=E06000001`;
    const { second } = await twice({ url });
    const etag = second.headers.etag!;
    const again = await app.inject({ url, headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);
    const other = await app.inject({ url, headers: { 'if-none-match': 'W/"other"' } });
    assert.equal(other.statusCode, 200);
    assert.equal(other.headers.etag, etag);
    assert.deepEqual(other.rawPayload, second.rawPayload);
  });

  it('neither gives nor takes answers for a request with credentials', async () => {
    const url = `/api/v1/data?metric=kept-metric&area=E06000002,E06000003`;
    const someone = await newUser(database);
    const key = await new ApiKeysService(database.db).create(someone.email, 'Test', {
      userId: null,
      actor: 'test',
      origin: null,
    });
    const authorization = `Bearer ${key.key}`;
    for (const headers of [{ authorization }, { cookie: 'session=abc' }]) {
      const asked = await twice({ url, headers });
      assert.equal(asked.workedAgain, 1, `${Object.keys(headers)[0]}: worked out each time`);
    }
    const fresh = await twice({ url });
    assert.equal(spy.seen.queries > 0 && fresh.workedAgain, 0);
    const before = spy.seen.queries;
    await app.inject({ url, headers: { authorization } });
    assert.equal(spy.seen.queries, before + 1, 'not given the public answer either');
  });

  it('answers a kept question while every handler is busy', async () => {
    const kept = `/api/v1/data?metric=kept-metric&area=E06000003`;
    await app.inject({ url: kept });
    await load('held-metric', { E06000001: 1 });
    await app.inject({ url: kept });
    const open = spy.hold();
    const started = spy.seen.queries;
    // More than the eight cheap requests admission works on at once, all held.
    const busy = Array.from({ length: 10 }, (_, i) =>
      app.inject({ url: `/api/v1/data?metric=held-metric&area=E06000001&limit=${i + 1}` }),
    );
    while (spy.seen.queries < started + 8) await sleep(5);
    const answer = await Promise.race([app.inject({ url: kept }), sleep(5000).then(() => null)]);
    assert.equal(answer?.statusCode, 200, 'answered while the handlers were held');
    assert.equal(spy.seen.queries, started + 8, 'two requests still wait their turn');
    open();
    for (const response of await Promise.all(busy)) assert.equal(response.statusCode, 200);
  });

  it('keeps no answer given with asOf, and keeps only what its limit holds', async () => {
    const asOf = await twice({
      url: `/api/v1/data?metric=kept-metric&area=E06000001&asOf=2999-01-01`,
    });
    assert.equal(asOf.workedAgain, 1, 'a moment to come means now, which the answer names');
    const small = await buildApp(
      loadConfig({
        LOG_LEVEL: 'silent',
        OPENLG_DATA_DIR: dataDir,
        OPENLG_RATE_LIMIT: '0',
        OPENLG_ANSWER_CACHE_MB: '0.05',
      }),
      services,
    );
    try {
      const ask = async (query: string) => {
        const before = spy.seen.queries;
        const response = await small.inject({
          url: `/api/v1/data?metric=kept-metric&area=E06000001${query}`,
        });
        assert.equal(response.statusCode, 200);
        return spy.seen.queries - before;
      };
      assert.equal(await ask(''), 1);
      assert.equal(await ask(''), 0, 'kept');
      for (let i = 1; i <= 60; i++) await ask(`&limit=${i}`);
      assert.equal(await ask(''), 1, 'pushed out by 60 later answers of 1 KB or so');
    } finally {
      await small.close();
    }
  });
});

function values(answer: { observations: { value: number }[] }) {
  return answer.observations.map((o) => o.value);
}
