/*
 * Open data API benchmark: loads the area register and every demo dataset into a new database,
 * then times /api/v1/data in process (app.inject, so the figures are server time without the
 * network) for the two questions the API is built around:
 *
 *   - one metric × all councils × latest period, with ranks
 *   - one area × all metrics, latest period
 *
 *   node --import tsx bench/api.ts [--requests 300]                    embedded PGlite
 *   DATABASE_URL=postgres://… node --import tsx bench/api.ts           PostgreSQL (throwaway)
 *
 * Prints p50, p95 and p99 per question, one request at a time and then with several in flight
 * (requests a second). A benchmark, never a test: nothing here passes or fails on speed.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app/app.ts';
import { createServices } from '../src/app/services.ts';
import { loadConfig } from '../src/config/config.ts';
import { principalCouncilTypes } from '../src/db/vocabulary.ts';
import { dataDir, openRegisterDatabase } from '../src/testing/app.ts';

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '8' },
  },
});
const requests = Math.max(10, Number(flags.requests));
const concurrency = Math.max(1, Number(flags.concurrency));

const quantile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

const database = await openRegisterDatabase();
const services = createServices(database);
const { imports } = services;
// One client makes every request here: the per-address rate limit would only measure itself.
const config = loadConfig({
  LOG_LEVEL: 'silent',
  OPENLG_DATA_DIR: dataDir,
  OPENLG_RATE_LIMIT: '0',
});
const app = await buildApp(config, services);
try {
  const loadStarted = performance.now();
  const summaries = await imports.loadDemo(dataDir);
  const values = summaries.reduce((n, s) => n + s.valuesInserted, 0);
  process.stdout.write(
    `Loaded ${values.toLocaleString('en-GB')} values (${database.engine}) in ` +
      `${((performance.now() - loadStarted) / 1000).toFixed(0)} s; ${cpus().length} CPUs\n\n`,
  );

  const catalogue = await app.inject({ method: 'GET', url: '/api/v1/metrics?limit=1000' });
  const metrics = (catalogue.json().metrics as { slug: string; areaTypes: string[] }[])
    .filter((m) => m.areaTypes.includes('district') && m.areaTypes.includes('county'))
    .map((m) => m.slug);
  const councils = ['E06000001', 'E07000223', 'E08000025', 'E09000033', 'E10000016', 'E06000058'];
  const questions = [
    {
      name: 'one metric × all councils × latest, with ranks',
      url: (i: number) =>
        `/api/v1/data?metric=${metrics[i % metrics.length]}` +
        `&areaType=${principalCouncilTypes.join(',')}&include=rank`,
    },
    {
      name: 'one area × all metrics × latest',
      url: (i: number) => `/api/v1/data?metric=*&area=${councils[i % councils.length]}`,
    },
  ];

  for (const question of questions) {
    const first = await app.inject({ method: 'GET', url: question.url(0) });
    if (first.statusCode !== 200) throw new Error(`${question.url(0)}: ${first.body}`);
    const observations = first.json().observations.length as number;
    for (let i = 0; i < 20; i++) await app.inject({ method: 'GET', url: question.url(i) });

    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      const response = await app.inject({ method: 'GET', url: question.url(i) });
      times.push(performance.now() - started);
      bytes += response.rawPayload.length;
    }
    times.sort((a, b) => a - b);

    let next = 0;
    const loadStarted = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < requests) {
          const i = next++;
          await app.inject({ method: 'GET', url: question.url(i) });
        }
      }),
    );
    const perSecond = requests / ((performance.now() - loadStarted) / 1000);

    process.stdout.write(
      `${question.name} (${observations} observations, ${Math.round(bytes / requests / 1024)} KiB):\n` +
        `  p50 ${quantile(times, 0.5).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms, ` +
        `p99 ${quantile(times, 0.99).toFixed(1)} ms over ${requests} requests; ` +
        `${perSecond.toFixed(0)} req/s with ${concurrency} in flight\n`,
    );
  }
} finally {
  await app.close();
  await database.close();
}
