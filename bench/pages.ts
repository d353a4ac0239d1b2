/*
 * Page benchmark: loads the register and every demo dataset into a new database (PGlite, or a
 * throwaway PostgreSQL database with DATABASE_URL), builds the groups, then times each page type
 * in process (app.inject: server time, no network) and reports its weight: the HTML with its
 * inline SVG, plus the stylesheet and scripts every page loads.
 *
 *   npm run bench:pages [-- --requests 100]
 *
 * A benchmark, never a test: nothing here passes or fails on speed.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app/app.ts';
import { createServices } from '../src/app/services.ts';
import { loadConfig } from '../src/config/config.ts';
import { dataDir, openRegisterDatabase } from '../src/testing/app.ts';

const { values: flags } = parseArgs({ options: { requests: { type: 'string', default: '100' } } });
const requests = Math.max(10, Number(flags.requests));

const database = await openRegisterDatabase();
const services = createServices(database);
const { groups, imports } = services;
const app = await buildApp(
  loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir, OPENLG_RATE_LIMIT: '0' }),
  services,
);
try {
  const started = performance.now();
  const summaries = await imports.loadDemo(dataDir);
  await groups.ensureGroups(dataDir);
  const values = summaries.reduce((n, s) => n + s.valuesInserted, 0);
  process.stdout.write(
    `Loaded ${values.toLocaleString('en-GB')} values and the groups (${database.engine}) in ` +
      `${((performance.now() - started) / 1000).toFixed(0)} s; ${cpus().length} CPUs\n\n`,
  );
  const assets = ['/assets/openlg.css', '/assets/openlg.js', '/assets/govuk/govuk-frontend.min.js'];
  let assetBytes = 0;
  for (const url of assets)
    assetBytes += (await app.inject({ method: 'GET', url })).rawPayload.length;

  const pages = [
    { name: 'home', urls: ['/'] },
    { name: 'area profile', urls: ['/areas/E06000001', '/areas/E07000223', '/areas/E10000016'] },
    {
      name: 'metric page',
      urls: [
        '/metrics/gcses-in-english-and-maths?area=E06000001',
        '/metrics/employment-rate?area=E07000223',
        '/metrics/dfe-lac?area=E10000016',
      ],
    },
    { name: 'similar councils', urls: ['/areas/E06000001/neighbours'] },
    {
      name: 'compare',
      urls: ['/compare?areas=E06000001,E06000002,E06000003&metrics=employment-rate,claimant-count'],
    },
    { name: 'methodology', urls: ['/methodology'] },
  ];
  const lines = [
    '| page | p50 ms | p95 ms | HTML (incl. SVG) KB | SVG KB | + CSS and JS KB |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const page of pages) {
    for (const url of page.urls) {
      const first = await app.inject({ method: 'GET', url });
      if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode}`);
    }
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const url = page.urls[i % page.urls.length] ?? '/';
      const t = performance.now();
      await app.inject({ method: 'GET', url });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const body = (await app.inject({ method: 'GET', url: page.urls[0] ?? '/' })).body;
    const svg = (body.match(/<svg[\s\S]*?<\/svg>/g) ?? []).reduce((n, s) => n + s.length, 0);
    const kb = (n: number) => (n / 1024).toFixed(0);
    lines.push(
      `| ${page.name} | ${times[Math.floor(times.length / 2)]?.toFixed(1)} | ` +
        `${times[Math.floor(times.length * 0.95)]?.toFixed(1)} | ${kb(body.length)} | ${kb(svg)} | ` +
        `${kb(body.length + assetBytes)} |`,
    );
  }
  process.stdout.write(
    `${lines.join('\n')}\n\nCSS and JS every page loads: ${(assetBytes / 1024).toFixed(0)} KB (uncompressed)\n`,
  );
} finally {
  await app.close();
  await database.close();
}
