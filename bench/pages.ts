/*
 * Page benchmark: loads the register and every demo dataset into a new database (PGlite, or a
 * throwaway PostgreSQL database with DATABASE_URL), builds the groups, then times each page type
 * in process (app.inject: server time, no network) and reports its weight: the HTML with its
 * inline SVG, plus the stylesheet and scripts every page loads.
 *
 *   npm run bench:pages [-- --requests 100 --runs 3]
 *   OPENLG_PGLITE_DIR=… npm run bench:pages -- --store     a store `openlg demo` built, unloaded
 *
 *   … -- --profiles    first, the background profile builder's pass over every council, timed
 *
 * After one warm-up, the runs repeat in the same process; the table gives the median of the
 * runs' p50 and p95 with the range of their p50. Prints a table and writes JSON to
 * bench/results/. A benchmark, never a test: nothing here passes or fails on speed.
 */
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app/app.ts';
import { createServices } from '../src/app/services.ts';
import { ProfileBuilder } from '../src/comparison/profile.builder.ts';
import { headlineMetrics } from '../src/comparison/headlines.ts';
import { loadConfig } from '../src/config/config.ts';
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
import { dashboardReader } from './signed-in.ts';
import { openBenchDatabase, storedValues, storeFlag } from './store.ts';

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '100' },
    runs: { type: 'string', default: '1' },
    profiles: { type: 'boolean', default: false },
    ...storeFlag,
  },
});
const requests = integerFlag('requests', flags.requests, 10);
const runCount = integerFlag('runs', flags.runs, 1);

const database = await openBenchDatabase(flags.store);
const services = createServices(database);
const { groups, imports } = services;
const app = await buildApp(
  loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir, OPENLG_RATE_LIMIT: '0' }),
  services,
);
try {
  const started = performance.now();
  const summaries = flags.store ? [] : await imports.loadDemo(dataDir);
  if (!flags.store) await groups.ensureGroups(dataDir);
  const values = flags.store
    ? await storedValues(database)
    : summaries.reduce((n, s) => n + s.valuesInserted, 0);
  const loadSeconds = (performance.now() - started) / 1000;
  // --profiles: what the server's background builder does after a change, timed: every
  // council's profile built and kept (none, if the store's are current). Without it, the
  // warm-up builds and keeps the profiles asked for below, as the builder would have.
  const building = performance.now();
  const rebuilt = flags.profiles ? await new ProfileBuilder(services.comparison).buildAll() : 0;
  const buildSeconds = (performance.now() - building) / 1000;
  const assets = ['/assets/openlg.css', '/assets/openlg.js', '/assets/govuk/govuk-frontend.min.js'];
  let assetBytes = 0;
  for (const url of assets)
    assetBytes += (await app.inject({ method: 'GET', url })).rawPayload.length;

  // Issue 18: a signed-in analyst of Hartlepool with 20 of the profile's headline measures
  // pinned to their own dashboard. The page also shows their council's dashboard: empty here,
  // 8 tiles in a store `openlg demo` built (--store).
  const reader = await dashboardReader(database, services, {
    organisation: 'E06000001',
    areaCode: 'E06000001',
    slugs: headlineMetrics.slice(0, 20),
  });
  const headers = { cookie: reader.cookie };
  const pages: {
    label: string;
    urls: string[];
    afresh?: string[];
    headers?: Record<string, string>;
  }[] = [
    { label: 'home', urls: ['/'] },
    { label: 'area profile', urls: ['/areas/E06000001', '/areas/E07000223', '/areas/E10000016'] },
    // The heaviest profiles (478 measures), each built afresh, as a page does after an import
    // when the background builder has not reached its council yet: the kept profile is deleted
    // before each request (a one-row delete, counted in the time).
    {
      label: 'profile, built afresh',
      urls: ['/areas/E06000002', '/areas/E08000016'],
      afresh: ['E06000002', 'E08000016'],
    },
    // Journey 3: a metropolitan district's profile sorted worst first, and its downloads.
    { label: 'profile, sorted', urls: ['/areas/E08000016?sort=worst'] },
    // Apart: the workbook costs several times the CSV (ExcelJS writing 10,000 cells).
    { label: 'profile download, CSV', urls: ['/areas/E08000016.csv'] },
    { label: 'profile download, XLSX', urls: ['/areas/E08000016.xlsx'] },
    {
      label: 'metric page',
      urls: [
        '/metrics/gcses-in-english-and-maths?area=E06000001',
        '/metrics/employment-rate?area=E07000223',
        '/metrics/dfe-lac?area=E10000016',
      ],
    },
    {
      label: 'league table',
      urls: [
        '/metrics/band-d-council-tax-including-parish-precepts',
        '/metrics/employment-rate',
        '/metrics/gcses-in-english-and-maths?type=upper-tier&sort=name',
      ],
    },
    {
      label: 'search',
      urls: ['/search?q=kingston', '/search?q=gcse+english+maths', '/search?q=hartlepol'],
    },
    { label: 'similar councils', urls: ['/areas/E06000001/neighbours'] },
    {
      label: 'compare',
      urls: ['/compare?areas=E06000001,E06000002,E06000003&metrics=employment-rate,claimant-count'],
    },
    {
      // Journey 2: five councils typed by name, five measures, ranks and trends.
      label: 'compare by name',
      urls: [
        '/compare?areas=Hartlepool%0AMiddlesbrough%0ARedcar+and+Cleveland%0ADarlington%0ANewcastle+upon+Tyne' +
          '&metrics=employment-rate,claimant-count,gcses-in-english-and-maths,gross-median-weekly-pay,public-electric-vehicle-chargers',
      ],
    },
    {
      // Ready-made reports: a profile of 22 or 24 measures, two measure pages (charts, map), a grid.
      label: 'report',
      urls: [
        '/reports/council-overview?area=E06000001',
        '/reports/council-overview?area=E07000223',
        '/reports/childrens-services?area=E10000016',
      ],
    },
    { label: 'methodology', urls: ['/methodology'] },
    // Issue 18: a signed-in analyst's dashboards, 20 measures of their own (and their council's).
    { label: 'dashboard, 20 tiles', urls: ['/dashboard'], headers },
  ];
  const page = (urls: readonly string[], i: number) => urls[i % urls.length] ?? '/';

  // The warm-up also weighs each page: its first URL, with the inline SVG counted apart.
  const weights: { label: string; htmlBytes: number; svgBytes: number; withAssetsBytes: number }[] =
    [];
  for (const { label, urls, headers: sent = {} } of pages) {
    for (const url of urls) {
      const response = await app.inject({ method: 'GET', url, headers: sent });
      if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
    }
    for (let i = 0; i < 5; i++) await served(app, page(urls, i), sent);
    const body = (await app.inject({ method: 'GET', url: page(urls, 0), headers: sent })).body;
    const svg = (body.match(/<svg[\s\S]*?<\/svg>/g) ?? []).reduce((n, s) => n + s.length, 0);
    weights.push({
      label,
      htmlBytes: body.length,
      svgBytes: svg,
      withAssetsBytes: body.length + assetBytes,
    });
  }

  const runs: { samples: Sample[] }[] = [];
  for (let run = 0; run < runCount; run++) {
    const samples: Sample[] = [];
    for (const { label, urls, afresh, headers: sent } of pages)
      samples.push(
        sample(
          label,
          await time(requests, async (i) => {
            if (afresh)
              await database.db
                .deleteFrom('council_profiles')
                .where('area_code', 'in', afresh)
                .execute();
            return served(app, page(urls, i), sent);
          }),
        ),
      );
    runs.push({ samples });
  }

  const summary = pages.map(({ label }) => acrossRuns(label, 'ms', samplesOf(runs, label)));
  const kb = (n: number | undefined) => `${((n ?? 0) / 1024).toFixed(0)} KB`;
  process.stdout.write(
    `Pages, server time and weight; ${describeMachine(machine(database.engine))}; ` +
      `${values.toLocaleString('en-GB')} values and the groups ` +
      `${flags.store ? 'in the store' : `loaded in ${loadSeconds.toFixed(0)} s`}; ` +
      `${runCount} run(s) of ${requests} requests a page` +
      (flags.profiles
        ? `; ${rebuilt} council profiles built first in ${buildSeconds.toFixed(1)} s`
        : '') +
      '\n\n' +
      figureTable(summary, {
        heading: 'page',
        headers: ['HTML (incl. SVG)', 'SVG', '+ CSS and JS'],
        cells: (_, i) => [
          kb(weights[i]?.htmlBytes),
          kb(weights[i]?.svgBytes),
          kb(weights[i]?.withAssetsBytes),
        ],
      }) +
      `\n\nCSS and JS every page loads: ${kb(assetBytes)} (uncompressed)\n`,
  );
  await writeResults('pages', database.engine, {
    values,
    loadSeconds,
    rebuilt,
    buildSeconds,
    requests,
    assetBytes,
    weights,
    runs,
    summary,
  });
} finally {
  await app.close();
  await database.close();
}
