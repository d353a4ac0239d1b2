/*
 * Query benchmark on a loaded store (the demo, or the synthetic 4M / 40M sets: see the README):
 * the questions the API and pages are built around, timed in process (server time), beside the
 * same question asked in raw SQL, so openlg's overhead shows as a ratio.
 *
 *   DATABASE_URL=postgres://… npm run bench:scale [-- --requests 100]
 *   OPENLG_PGLITE_DIR=./data/pglite npm run bench:scale
 *
 * Prints a table and writes JSON to bench/results/. A benchmark, never a test.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { buildApp } from '../src/app/app.ts';
import { createServices } from '../src/app/services.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { principalCouncilTypes } from '../src/db/vocabulary.ts';

const { values: flags } = parseArgs({ options: { requests: { type: 'string', default: '100' } } });
const requests = Math.max(10, Number(flags.requests));
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', OPENLG_RATE_LIMIT: '0' });
const database = await openDatabase(config.database);
const services = createServices(database);
const app = await buildApp(config, services);

const quantile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

async function time(label: string, run: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await run(i);
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    await run(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { label, p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

try {
  const counts = await sql<{ values: number; metrics: number }>`
    select (select count(*)::int from observations) as values,
      (select count(*)::int from metrics) as metrics`.execute(database.db);
  const store = counts.rows[0];
  const slugs = (
    await sql<{ slug: string }>`
    select slug from metrics m where exists (select 1 from metric_period_coverage c
      where c.metric_id = m.id and c.area_type = 'unitary')
      order by m.synthetic desc, slug limit 50`.execute(database.db)
  ).rows.map((r) => r.slug);
  const councils = ['E06000001', 'E07000223', 'E08000025', 'E09000033', 'E10000016'];
  const inject = async (url: string) => {
    const response = await app.inject({ method: 'GET', url });
    if (response.statusCode !== 200)
      throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  };
  const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
  const rows = [
    await time('API: one metric × all councils × latest, with ranks', (i) =>
      inject(
        `/api/v1/data?metric=${pick(slugs, i)}&areaType=${principalCouncilTypes.join(',')}&include=rank`,
      ),
    ),
    await time('raw SQL: one metric × all councils × latest period', (i) =>
      sql`select o.area_id, o.value from observations o
        where o.metric_id = (select id from metrics where slug = ${pick(slugs, i)})
          and o.period_id = (select c.period_id from metric_period_coverage c join periods p
            on p.id = c.period_id where c.metric_id = (select id from metrics where slug = ${pick(slugs, i)})
            order by p.start_date desc limit 1)`.execute(database.db),
    ),
    await time('API: one area × all metrics × latest', (i) =>
      inject(`/api/v1/data?metric=*&area=${pick(councils, i)}`),
    ),
    await time('API: one area × one metric, every period', (i) =>
      inject(`/api/v1/data?metric=${pick(slugs, i)}&area=${pick(councils, i)}&period=latest:100`),
    ),
    await time('API: compare with nearest neighbours', (i) =>
      inject(`/api/v1/compare?metric=${pick(slugs, i)}&area=${pick(councils, i)}`),
    ),
    await time('page: area profile', (i) => inject(`/areas/${pick(councils, i)}`)),
    await time('page: metric page', (i) =>
      inject(`/metrics/${pick(slugs, i)}?area=${pick(councils, i)}`),
    ),
  ];
  const lines = [
    `${store?.values.toLocaleString('en-GB')} values, ${store?.metrics} metrics, ${database.engine}, ` +
      `${cpus().length} cores, ${requests} requests each`,
    '',
    '| question | p50 ms | p95 ms |',
    '| --- | ---: | ---: |',
    ...rows.map((r) => `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} |`),
    '',
    `server RSS after the run: ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await mkdir('bench/results', { recursive: true });
  const out = path.join(
    'bench/results',
    `scale-${database.engine}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  await writeFile(out, JSON.stringify({ store, engine: database.engine, requests, rows }, null, 2));
} finally {
  await app.close();
  await database.close();
}
