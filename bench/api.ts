/*
 * Open data API benchmark: loads the area register and every demo dataset into a new database,
 * then times /api/v1/data in process (app.inject, so the figures are server time without the
 * network) for the two questions the API is built around:
 *
 *   - one metric × all councils × latest period, with ranks
 *   - one area × all metrics, latest period
 *
 *   npm run bench:api [-- --requests 300 --concurrency 8 --runs 3]      embedded PGlite
 *   DATABASE_URL=postgres://… npm run bench:api                         PostgreSQL (throwaway)
 *   OPENLG_PGLITE_DIR=… npm run bench:api -- --store      a store `openlg demo` built, unloaded
 *
 * Each run times --requests requests one at a time, then the same number with --concurrency in
 * flight (requests a second); after one warm-up, the runs repeat in the same process and the
 * table gives the median of the runs' figures with the range of their p50. Prints a table and
 * writes JSON to bench/results/. A benchmark, never a test: nothing here passes or fails on speed.
 */
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app/app.ts';
import { createServices } from '../src/app/services.ts';
import { loadConfig } from '../src/config/config.ts';
import { principalCouncilTypes } from '../src/db/vocabulary.ts';
import { dataDir } from '../src/testing/app.ts';
import {
  acrossRuns,
  describeMachine,
  figureTable,
  integerFlag,
  machine,
  sample,
  samplesOf,
  served,
  time,
  writeResults,
  type Sample,
} from './report.ts';
import { openBenchDatabase, storedValues, storeFlag } from './store.ts';

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '8' },
    runs: { type: 'string', default: '1' },
    ...storeFlag,
  },
});
const requests = integerFlag('requests', flags.requests, 10);
const concurrency = integerFlag('concurrency', flags.concurrency, 1);
const runCount = integerFlag('runs', flags.runs, 1);

const database = await openBenchDatabase(flags.store);
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
  const values = flags.store
    ? await storedValues(database)
    : (await imports.loadDemo(dataDir)).reduce((n, s) => n + s.valuesInserted, 0);
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  const catalogue = await app.inject({ method: 'GET', url: '/api/v1/metrics?limit=1000' });
  const metrics = (catalogue.json().metrics as { slug: string; areaTypes: string[] }[])
    .filter((m) => m.areaTypes.includes('district') && m.areaTypes.includes('county'))
    .map((m) => m.slug);
  const councils = ['E06000001', 'E07000223', 'E08000025', 'E09000033', 'E10000016', 'E06000058'];
  const questions = [
    {
      label: 'one metric × all councils × latest, with ranks',
      url: (i: number) =>
        `/api/v1/data?metric=${metrics[i % metrics.length]}` +
        `&areaType=${principalCouncilTypes.join(',')}&include=rank`,
    },
    {
      label: 'one area × all metrics × latest',
      url: (i: number) => `/api/v1/data?metric=*&area=${councils[i % councils.length]}`,
    },
  ].map((q) => ({ ...q, inFlight: `${q.label}, ${concurrency} in flight` }));

  const answers = [];
  for (const question of questions) {
    const first = await app.inject({ method: 'GET', url: question.url(0) });
    if (first.statusCode !== 200) throw new Error(`${question.url(0)}: ${first.body}`);
    let bytes = 0;
    for (let i = 0; i < 20; i++)
      bytes += (await app.inject({ method: 'GET', url: question.url(i) })).rawPayload.length;
    answers.push({
      label: question.label,
      observations: first.json().observations.length as number,
      kib: Math.round(bytes / 20 / 1024),
    });
  }

  const runs: { samples: Sample[]; perSecond: Record<string, number> }[] = [];
  for (let run = 0; run < runCount; run++) {
    const samples: Sample[] = [];
    const perSecond: Record<string, number> = {};
    for (const question of questions) {
      samples.push(
        sample(question.label, await time(requests, (i) => served(app, question.url(i)))),
      );
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < requests) {
            const i = next++;
            await served(app, question.url(i));
          }
        }),
      );
      perSecond[question.inFlight] = requests / ((performance.now() - started) / 1000);
    }
    runs.push({ samples, perSecond });
  }

  const summary = questions.flatMap((q) => [
    acrossRuns(q.label, 'ms', samplesOf(runs, q.label)),
    acrossRuns(
      q.inFlight,
      'req/s',
      runs.map((r) => ({ p50: r.perSecond[q.inFlight] ?? Number.NaN })),
    ),
  ]);
  process.stdout.write(
    `Open data API, server time; ${describeMachine(machine(database.engine))}; ` +
      `${values.toLocaleString('en-GB')} values ` +
      `${flags.store ? 'in the store' : `loaded in ${loadSeconds.toFixed(0)} s`}; ` +
      `${runCount} run(s) of ${requests} requests a question\n\n${figureTable(summary)}\n\n` +
      answers.map((a) => `${a.label}: ${a.observations} observations, ${a.kib} KiB`).join('\n') +
      '\n',
  );
  await writeResults('api', database.engine, {
    values,
    loadSeconds,
    requests,
    concurrency,
    answers,
    runs,
    summary,
  });
} finally {
  await app.close();
  await database.close();
}
