import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app/app.ts';
import { createServices } from '../app/services.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { dataDir, openContextDatabase } from '../testing/app.ts';
import { spyOnQueries } from '../testing/data-spy.ts';
import { dataQuery } from './data.schema.ts';
import type { CsvDownload } from './data.answer.ts';
import type { BulkService } from './bulk.service.ts';
import type { DataService } from './data.service.ts';

const metric = 'gcses-in-english-and-maths';
const everyType =
  'county,district,unitary,metropolitan-district,london-borough,sui-generis,combined-authority,' +
  'strategic-authority,fire-and-rescue-authority,region,nation,welsh-unitary,scottish-unitary,' +
  'northern-ireland-district';
/** An expensive request: every metric of every area type over 100 periods, ranked. */
const heavy = `/api/v1/data?metric=*&areaType=${everyType}&period=latest:100&limit=50000&include=rank,benchmark`;

/**
 * Spies on the data and bulk services: how many chunks of bulk files were read, how many answers were
 * worked out, and a gate that holds answers over every metric until opened.
 */
function spyOn(data: DataService, bulk: BulkService) {
  const spy = spyOnQueries(data, (q) => q.metric === '*');
  const seen = Object.assign(spy.seen, { chunks: 0 });
  const counted = (download: CsvDownload): CsvDownload => ({
    ...download,
    chunks: (async function* () {
      for await (const chunk of download.chunks) {
        seen.chunks += 1;
        yield chunk;
      }
    })(),
  });
  const allCsv = bulk.allCsv.bind(bulk);
  const metricCsv = bulk.metricCsv.bind(bulk);
  bulk.allCsv = async () => counted(await allCsv());
  bulk.metricCsv = async (slug) => counted(await metricCsv(slug));
  return { seen, hold: spy.hold };
}

describe('no work for nobody, and no stall for anybody', () => {
  let database: Database;
  let app: FastifyInstance;
  let data: DataService;
  let spy: ReturnType<typeof spyOn>;
  before(async () => {
    database = await openContextDatabase();
    const services = createServices(database);
    data = services.data;
    spy = spyOn(data, services.bulk);
    app = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir, OPENLG_RATE_LIMIT: '0' }),
      services,
    );
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  it('answers HEAD of a bulk file without reading any of it', async () => {
    for (const encoding of ['identity', 'gzip']) {
      spy.seen.chunks = 0;
      for (const url of ['/api/v1/bulk/all.csv', `/api/v1/bulk/metrics/${metric}.csv`]) {
        const response = await app.inject({
          method: 'HEAD',
          url,
          headers: { 'accept-encoding': encoding },
        });
        assert.equal(response.statusCode, 200, url);
        assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
        assert.match(String(response.headers['content-disposition']), /attachment; filename=/);
        assert.notEqual(response.headers['content-length'], '0', 'no false length');
        assert.equal(response.body, '');
      }
      await sleep(50);
      assert.equal(spy.seen.chunks, 0, `chunks read for HEAD (${encoding})`);
    }
    const missing = await app.inject({ method: 'HEAD', url: '/api/v1/bulk/metrics/no-such.csv' });
    assert.equal(missing.statusCode, 404);
  });

  it('answers HEAD of a data answer, in any format, without reading its values', async () => {
    spy.seen.queries = 0;
    for (const format of ['json', 'csv', 'xlsx']) {
      const response = await app.inject({
        method: 'HEAD',
        url: `/api/v1/data?metric=*&areaType=district&period=latest:5&format=${format}`,
      });
      assert.equal(response.statusCode, 200, format);
      assert.equal(response.body, '');
    }
    assert.equal(spy.seen.queries, 0, 'answers worked out for HEAD');
    const checks = [
      [`/api/v1/data?metric=${metric}&area=E06000001&period=latest:500`, 400],
      ['/api/v1/data?metric=no-such-metric&area=E06000001', 404],
      [`/api/v1/data?metric=*&areaType=${everyType}&period=latest:100`, 400],
    ] as const;
    for (const [url, status] of checks)
      assert.equal((await app.inject({ method: 'HEAD', url })).statusCode, status, url);
  });

  it('stops reading a bulk file when its client goes part way', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    spy.seen.chunks = 0;
    await new Promise<void>((resolve, reject) => {
      const request = httpRequest({ port, path: '/api/v1/bulk/all.csv' }, (response) => {
        response.once('data', () => {
          request.destroy();
          resolve();
        });
      });
      request.on('error', () => {});
      request.once('error', reject);
      request.end();
    });
    // Wait until nothing more is read, then compare with the whole file.
    let read = -1;
    while (read !== spy.seen.chunks) {
      read = spy.seen.chunks;
      await sleep(200);
    }
    spy.seen.chunks = 0;
    const whole = await app.inject({ url: '/api/v1/bulk/all.csv' });
    assert.equal(whole.statusCode, 200);
    const all = spy.seen.chunks;
    // What was read went into the sockets' buffers (a few MB on loopback); then reading stopped.
    assert.ok(read < all / 2, `${read} of ${all} chunks read for a client that left`);
  });

  it('passes the client to the answer, which stops once the client has gone', async () => {
    spy.seen.signals.length = 0;
    assert.equal(
      (await app.inject(`/api/v1/data?metric=${metric}&area=E06000001`)).statusCode,
      200,
    );
    assert.ok(spy.seen.signals[0] instanceof AbortSignal, 'the request signal reaches the answer');
    const gone = new AbortController();
    gone.abort();
    const query = dataQuery.parse({ metric: '*', areaType: 'district', period: 'latest:3' });
    await assert.rejects(data.query(query, 'json', gone.signal), { name: 'AbortError' });
  });

  it('keeps cheap requests and health checks answering while a client queues expensive ones', async () => {
    const open = spy.hold();
    const client = { remoteAddress: '203.0.113.9' };
    spy.seen.queries = 0;
    const first = app.inject({ url: heavy, ...client });
    while (spy.seen.queries === 0) await sleep(10);
    // The same client's second expensive request is over its budget: refused before any work.
    const second = await app.inject({ url: heavy, ...client });
    assert.equal(second.statusCode, 429);
    assert.ok(Number(second.headers['retry-after']) >= 1);
    assert.match(String(second.headers['content-type']), /^application\/problem\+json/);
    assert.match(second.json<{ detail: string }>().detail, /expensive.*\/api\/v1\/bulk\//s);
    // Cheap requests, from this client too, and health checks go on meanwhile.
    for (const url of [`/api/v1/data?metric=${metric}&area=E06000001`, '/healthz']) {
      const answer = await app.inject({ url, ...client });
      assert.equal(answer.statusCode, 200, url);
    }
    open();
    assert.equal((await first).statusCode, 200);
  });
});
