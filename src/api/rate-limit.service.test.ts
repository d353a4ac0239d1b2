import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app/app.ts';
import { createServices } from '../app/services.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { dataDir } from '../testing/app.ts';
import { openTestDatabase } from '../testing/database.ts';
import { SharedRateLimit, windowMs } from './rate-limit.service.ts';

describe('the shared sliding-window rate limit', () => {
  let database: Database;
  before(async () => {
    database = await openTestDatabase();
  });
  after(async () => {
    await database.close();
  });

  it('still counts a burst at the end of one minute at the start of the next', () => {
    let now = 10 * windowMs + windowMs - 100;
    const limit = new SharedRateLimit(database.db, 10, () => now);
    for (let i = 1; i <= 10; i++) assert.equal(limit.hit('a').current, i);
    // 200 ms later the fixed window has reset; the sliding minute still holds nearly all ten.
    now += 200;
    const next = limit.hit('a');
    assert.equal(next.current, 11);
    // Refused until the last minute's ten, fading, and this minute's one leave room for one
    // more: 10 × (1 - f) + 1 ≤ 9 when a fifth of the minute has gone.
    assert.equal(next.ttl, windowMs / 5 - 100);
    assert.equal(limit.hit('b').current, 1, 'each client apart');
  });

  it('adds up the counts of two processes on one database', async () => {
    const at = 20 * windowMs + 1_000;
    const one = new SharedRateLimit(database.db, 10, () => at);
    const two = new SharedRateLimit(database.db, 10, () => at);
    for (let i = 0; i < 4; i++) one.hit('c');
    for (let i = 0; i < 3; i++) two.hit('c');
    await one.sync();
    await two.sync();
    assert.equal(two.hit('c').current, 8, "the other's 4 and its own 3, and this one");
    await two.sync();
    await one.sync();
    assert.equal(one.hit('c').current, 9);
  });
});

describe('the rate limit across two servers on one database', () => {
  let database: Database;
  let apps: FastifyInstance[];
  before(async () => {
    database = await openTestDatabase();
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      OPENLG_DATA_DIR: dataDir,
      OPENLG_RATE_LIMIT: '6',
    });
    apps = [
      await buildApp(config, createServices(database)),
      await buildApp(config, createServices(database)),
    ];
  });
  after(async () => {
    for (const app of apps) await app.close();
    await database.close();
  });

  it('lets a client make its limit across both, not its limit on each', async () => {
    const [one, two] = apps as [FastifyInstance, FastifyInstance];
    const get = (app: FastifyInstance) =>
      app.inject({ url: '/api/v1/metrics', remoteAddress: '198.51.100.7' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(one)).statusCode);
    statuses.push((await get(two)).statusCode);
    // Each shares its counts about once a second; here, at once.
    await one.rateLimits.sync();
    await two.rateLimits.sync();
    statuses.push((await get(two)).statusCode, (await get(two)).statusCode);
    await two.rateLimits.sync();
    await one.rateLimits.sync();
    statuses.push((await get(one)).statusCode);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429, 429]);
  });
});
