/*
 * Query benchmark on a loaded store (the demo, or the synthetic 4M / 40M sets: see the README):
 * the questions the API and pages are built around, timed in process (server time), beside the
 * same question asked in raw SQL, so openlg's overhead shows as a ratio.
 *
 *   DATABASE_URL=postgres://… npm run bench:scale [-- --requests 100 --runs 3]
 *   OPENLG_PGLITE_DIR=./data/pglite npm run bench:scale [-- --baseline bench/results/scale-….json]
 *
 * After one warm-up the whole measurement repeats --runs times in the same process; the table
 * gives the median of the runs' p50 and p95 and the range of their p50. --baseline names an
 * earlier scale result (the 4M store, say) to print each question's growth since. Direction of
 * travel for every council takes seconds on a national store, so it is timed only
 * --travel-requests times a run (their p95 is then the slowest). Prints a table and writes JSON
 * to bench/results/. A benchmark, never a test.
 *
 * Issue 18's pages are timed on whatever store this reads: a report of 40 measures the store
 * holds against each council's group of 16 (bench/wide-report.ts, served at its own address
 * beside the ready-made reports, through the page as a reader asks for it), and the dashboard
 * of an analyst made for the run with 20 tiles pinned (removed again at the end). Their first
 * asks, one for each council before any other question warms the process, are figures apart.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { z } from 'zod';
import { buildApp } from '../src/app/app.ts';
import { createServices } from '../src/app/services.ts';
import { directionOfTravel, type Direction } from '../src/comparison/trend.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { metricsPublicNow, publicCoverage, publicObservation } from '../src/db/visibility.ts';
import { principalCouncilTypes, type ValueStatus } from '../src/db/vocabulary.ts';
import { readyMadeReports } from '../src/reports/ready-made/index.ts';
import { ReportsService } from '../src/reports/report.service.ts';
import {
  acrossRuns,
  describeMachine,
  figureTable,
  format,
  integerFlag,
  machine,
  sample,
  samplesOf,
  served,
  time,
  writeResults,
  type Figure,
  type Sample,
} from './report.ts';
import { dashboardReader } from './signed-in.ts';
import { wideReport, wideReportSlug } from './wide-report.ts';

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '100' },
    runs: { type: 'string', default: '1' },
    'travel-requests': { type: 'string', default: '5' },
    'travel-batch': { type: 'string', default: '500' },
    baseline: { type: 'string' },
  },
});
const requests = integerFlag('requests', flags.requests, 10);
const runCount = integerFlag('runs', flags.runs, 1);
const travelRequests = integerFlag('travel-requests', flags['travel-requests'], 1);
const travelBatch = integerFlag('travel-batch', flags['travel-batch'], 1);

const baselineShape = z.object({
  store: z.object({ values: z.number(), metrics: z.number() }).optional(),
  rows: z.array(z.object({ label: z.string(), p50: z.number(), p95: z.number().nullable() })),
});
const baseline = flags.baseline
  ? baselineShape.parse(JSON.parse(await readFile(flags.baseline, 'utf8')))
  : null;

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', OPENLG_RATE_LIMIT: '0' });
// Opening a missing folder would create an empty store there, and the first query would fail.
if (config.database.kind === 'pglite' && !existsSync(config.database.dataDir)) {
  throw new Error(
    `no store at ${config.database.dataDir}: load one first (npm start, or the synthetic sets in ` +
      'the README), or point OPENLG_PGLITE_DIR or DATABASE_URL at one',
  );
}
const database = await openDatabase(config.database);
const { db } = database;
const services = createServices(database);

/**
 * Measures whose latest public period has values for every one of `types`, `limit` of them by
 * slug, synthetic ones first or last.
 */
async function measuresHeldBy(
  types: readonly string[],
  synthetic: 'first' | 'last',
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ slug: string }>`
    with latest as (
      select distinct on (c.metric_id) c.metric_id, c.period_id
      from metric_period_coverage c join periods p on p.id = c.period_id
      where ${publicCoverage}
      order by c.metric_id, p.start_date desc, p.end_date desc)
    select m.slug from metrics m
    join latest l on l.metric_id = m.id
    join metric_period_coverage c on c.metric_id = l.metric_id and c.period_id = l.period_id
    where c.area_type in (${sql.join(types)}) and c.value_count > 0
    group by m.slug, m.synthetic
    having count(distinct c.area_type) = ${types.length}
    order by m.synthetic ${synthetic === 'first' ? sql`desc` : sql`asc`}, m.slug
    limit ${limit}`.execute(db);
  return rows.map((r) => r.slug);
}

// Issue 18's report and dashboards are read for a council of each type that has both the
// education and the district measures (a district has too few for 40 on the demo store), with
// real measures before synthetic ones, as a report a person writes would hold.
const wideCouncils = ['E06000001', 'E08000025', 'E09000033', 'E10000016'];
const wideTypes = ['unitary', 'metropolitan-district', 'london-borough', 'county'];
const reportSlugs = await measuresHeldBy(wideTypes, 'last', 40);
const app = await buildApp(config, {
  ...services,
  reports: new ReportsService(services.comparison, [...readyMadeReports, wideReport(reportSlugs)]),
});
const readers: Awaited<ReturnType<typeof dashboardReader>>[] = [];

interface PairRow {
  metric_id: number;
  area_id: number;
  from_value: number | null;
  from_lci: number | null;
  from_uci: number | null;
  from_status: ValueStatus | null;
  to_value: number | null;
  to_lci: number | null;
  to_uci: number | null;
  to_status: ValueStatus;
}

const travel = {
  total: 'raw SQL + directionOfTravel: every council × every metric, latest two periods',
  read: '… of which reading the pairs (raw SQL)',
  judge: '… of which directionOfTravel on every pair',
};

/**
 * Direction of travel for every area of a principal council type (current or former, as the
 * API's areaType means) in every metric, between each metric's latest two public periods. No
 * repository answers this (the service judges one council at a time), so the pairs are read in
 * raw SQL, a self-join of the public observations, and judged by openlg's own directionOfTravel;
 * the total also holds reading the metrics' polarities. The metrics go in batches so that a
 * national store's 1.8M pairs are never all held at once. A council missing from the earlier
 * period counts as not available there, as the profile page treats it.
 */
async function directionForAll() {
  const started = performance.now();
  let readMs = 0;
  let judgeMs = 0;
  let pairs = 0;
  const directions = new Map<Direction, number>();
  const metrics = await db
    .selectFrom(metricsPublicNow.as('m'))
    .select(['m.id', 'm.polarity'])
    .orderBy('m.id')
    .execute();
  const polarity = new Map(metrics.map((m) => [m.id, m.polarity]));
  const councilTypes = sql.join([...principalCouncilTypes]);
  for (let at = 0; at < metrics.length; at += travelBatch) {
    const batch = metrics.slice(at, at + travelBatch);
    const asked = performance.now();
    const { rows } = await sql<PairRow>`
      with ranked as (
        select c.metric_id, c.period_id, row_number() over (partition by c.metric_id
          order by p.start_date desc, p.end_date desc) as n
        from (select distinct c.metric_id, c.period_id from metric_period_coverage c
          where c.metric_id between ${batch[0]!.id} and ${batch.at(-1)!.id}
            and c.area_type in (${councilTypes}) and ${publicCoverage}) c
        join periods p on p.id = c.period_id),
      visible as not materialized (
        select o.metric_id, o.period_id, o.area_id, o.value, o.lci, o.uci, o.status
        from observations o join areas a on a.id = o.area_id
        where a.type in (${councilTypes}) and ${publicObservation})
      select t.metric_id, t.area_id,
        f.value as from_value, f.lci as from_lci, f.uci as from_uci, f.status as from_status,
        t.value as to_value, t.lci as to_lci, t.uci as to_uci, t.status as to_status
      from ranked latest
      join ranked previous on previous.metric_id = latest.metric_id and previous.n = 2
      join visible t on t.metric_id = latest.metric_id and t.period_id = latest.period_id
      left join visible f on f.metric_id = latest.metric_id
        and f.period_id = previous.period_id and f.area_id = t.area_id
      where latest.n = 1`.execute(db);
    const read = performance.now();
    for (const r of rows) {
      const { direction } = directionOfTravel(
        {
          value: r.from_value,
          lci: r.from_lci,
          uci: r.from_uci,
          status: r.from_status ?? 'not-available',
        },
        { value: r.to_value, lci: r.to_lci, uci: r.to_uci, status: r.to_status },
        polarity.get(r.metric_id) ?? 'no-judgement',
      );
      directions.set(direction, (directions.get(direction) ?? 0) + 1);
    }
    readMs += read - asked;
    judgeMs += performance.now() - read;
    pairs += rows.length;
  }
  return {
    totalMs: performance.now() - started,
    readMs,
    judgeMs,
    pairs,
    queries: Math.ceil(metrics.length / travelBatch),
    directions: Object.fromEntries(directions),
  };
}

try {
  const counts = await sql<{ values: number; metrics: number }>`
    select (select count(*)::int from observations) as values,
      (select count(*)::int from metrics) as metrics`.execute(db);
  const store = counts.rows[0];
  const councils = ['E06000001', 'E07000223', 'E08000025', 'E09000033', 'E10000016'];
  // Metrics whose latest period has values for each sampled council's type, synthetic ones
  // first: on the demo data many have gaps, and a 404 timed would flatter every question.
  const sampledTypes = ['unitary', 'district', 'metropolitan-district', 'london-borough', 'county'];
  const slugs = await measuresHeldBy(sampledTypes, 'first', 50);
  const inject = (url: string) => served(app, url);
  const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

  const groupSizes = await Promise.all(
    wideCouncils.map(
      async (code) => new Set([code, ...(await services.comparison.groupOf(code)).members]).size,
    ),
  );
  const report = {
    label: `page: report, ${reportSlugs.length} measures × ${[...new Set(groupSizes)].join('/')} councils`,
    run: (i: number) => inject(`/reports/${wideReportSlug}?area=${pick(wideCouncils, i)}`),
  };
  const dashboard = {
    label: 'page: dashboard, 20 tiles',
    run: (i: number) => served(app, '/dashboard', { cookie: pick(readers, i).cookie }),
  };
  // First asks, before the dashboards' pins or any question has read these councils' figures.
  const firstAsks = new Map<string, Sample>();
  firstAsks.set(
    report.label,
    sample(
      `${report.label}, first ask of each council`,
      await time(wideCouncils.length, report.run),
    ),
  );
  for (const areaCode of wideCouncils)
    readers.push(
      await dashboardReader(database, services, {
        organisation: 'lga',
        areaCode,
        slugs: reportSlugs.slice(0, 20),
      }),
    );
  firstAsks.set(
    dashboard.label,
    sample(
      `${dashboard.label}, first view of each analyst`,
      await time(readers.length, dashboard.run),
    ),
  );
  // The labels are what --baseline matches on: keep them unchanged from one store to the next.
  const questions: { label: string; target?: string; run: (i: number) => Promise<unknown> }[] = [
    {
      label: 'API: one metric × all councils × latest, with ranks',
      target: 'p50 ≤ 5 ms at national scale (5)',
      run: (i) =>
        inject(
          `/api/v1/data?metric=${pick(slugs, i)}&areaType=${principalCouncilTypes.join(',')}&include=rank`,
        ),
    },
    {
      label: 'raw SQL: one metric × all councils × latest period',
      run: (i) =>
        sql`select o.area_id, o.value from observations o
          where o.metric_id = (select id from metrics where slug = ${pick(slugs, i)})
            and o.period_id = (select c.period_id from metric_period_coverage c join periods p
              on p.id = c.period_id where c.metric_id = (select id from metrics where slug = ${pick(slugs, i)})
              order by p.start_date desc limit 1)`.execute(db),
    },
    {
      label: 'API: one area × all metrics × latest',
      target: 'p50 ≤ 20 ms at national scale (5)',
      run: (i) => inject(`/api/v1/data?metric=*&area=${pick(councils, i)}`),
    },
    {
      // What the kept latest values spare: each metric's latest period for the area's type, and
      // one probe of the values per metric.
      label: 'raw SQL: one area × all metrics × latest, from the values',
      run: (i) =>
        sql`select o.metric_id, o.value from observations o
          join (select distinct on (c.metric_id) c.metric_id, c.period_id
              from metric_period_coverage c join periods p on p.id = c.period_id
              where c.area_type = (select type from areas where code = ${pick(councils, i)})
                and ${publicCoverage}
              order by c.metric_id, p.start_date desc, p.end_date desc) l
            on l.metric_id = o.metric_id and l.period_id = o.period_id
          where o.area_id = (select id from areas where code = ${pick(councils, i)})`.execute(db),
    },
    {
      label: 'API: one area × one metric, every period',
      run: (i) =>
        inject(`/api/v1/data?metric=${pick(slugs, i)}&area=${pick(councils, i)}&period=latest:100`),
    },
    {
      label: 'API: compare with nearest neighbours',
      run: (i) => inject(`/api/v1/compare?metric=${pick(slugs, i)}&area=${pick(councils, i)}`),
    },
    {
      label: 'page: area profile',
      target: 'p95 ≤ 100 ms at national scale (6)',
      run: (i) => inject(`/areas/${pick(councils, i)}`),
    },
    {
      label: 'page: metric page',
      target: 'p95 ≤ 150 ms at national scale (6)',
      run: (i) => inject(`/metrics/${pick(slugs, i)}?area=${pick(councils, i)}`),
    },
    { ...report, target: 'p95 ≤ 300 ms at national scale, PostgreSQL (18)' },
    { ...dashboard, target: 'p95 ≤ 100 ms at national scale (18)' },
  ];

  for (const question of questions) await time(5, question.run);
  const warmTravel = await directionForAll();

  const runs: { samples: Sample[]; travel: Awaited<ReturnType<typeof directionForAll>>[] }[] = [];
  for (let run = 0; run < runCount; run++) {
    const samples: Sample[] = [];
    for (const question of questions)
      samples.push(sample(question.label, await time(requests, question.run)));
    const repetitions = [];
    for (let i = 0; i < travelRequests; i++) repetitions.push(await directionForAll());
    samples.push(
      sample(
        travel.total,
        repetitions.map((r) => r.totalMs),
      ),
      sample(
        travel.read,
        repetitions.map((r) => r.readMs),
      ),
      sample(
        travel.judge,
        repetitions.map((r) => r.judgeMs),
      ),
    );
    runs.push({ samples, travel: repetitions });
  }

  const asked = (label: string, target?: string): Figure => ({
    ...acrossRuns(label, 'ms', samplesOf(runs, label)),
    ...(target ? { target } : {}),
  });
  const summary = [
    ...questions.flatMap(({ label, target }) => {
      const first = firstAsks.get(label);
      return [asked(label, target), ...(first ? [acrossRuns(first.label, 'ms', [first])] : [])];
    }),
    ...[travel.total, travel.read, travel.judge].map((label) => asked(label)),
  ];
  // The slowest single answer of each row, over every run.
  const every = [...runs.flatMap((r) => r.samples), ...firstAsks.values()];
  const slowest = (f: Figure) =>
    Math.max(...every.filter((s) => s.label === f.label).map((s) => s.max));
  const growth = (f: Figure) => {
    const before = baseline?.rows.find((r) => r.label === f.label);
    return before
      ? { p50: f.p50 / before.p50, p95: f.p95 === null || !before.p95 ? null : f.p95 / before.p95 }
      : null;
  };
  const rows = summary.map((f) => ({ ...f, slowest: slowest(f), growth: growth(f) }));
  const times = (x: number | null | undefined) =>
    typeof x === 'number' ? `${x.toFixed(1)} ×` : '–';
  const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
  const lines = [
    `${store?.values.toLocaleString('en-GB')} values, ${store?.metrics} metrics; ` +
      `${describeMachine(machine(database.engine))}; ${runCount} run(s) of ${requests} requests ` +
      `a question, ${travelRequests} for direction of travel`,
    '',
    figureTable(summary, {
      headers: [
        'slowest',
        ...(baseline
          ? [
              `growth p50 since ${baseline.store ? `${baseline.store.values.toLocaleString('en-GB')} values` : 'baseline'}`,
              'growth p95',
            ]
          : []),
      ],
      cells: (f, i) => [
        format(rows[i]?.slowest ?? null, f.unit),
        ...(baseline ? [times(rows[i]?.growth?.p50), times(rows[i]?.growth?.p95)] : []),
      ],
    }),
    '',
    `${report.label}: /reports/${wideReportSlug} for ${wideCouncils.join(', ')} in turn, ` +
      `their groups of ${groupSizes.join(', ')} councils; dashboard: an analyst for each of ` +
      `them, with ${readers.map((r) => r.pinned).join(', ')} tiles of that council pinned`,
    `direction of travel: ${warmTravel.pairs.toLocaleString('en-GB')} council × metric pairs in ` +
      `${warmTravel.queries} ${warmTravel.queries === 1 ? 'query' : 'queries'} of up to ${travelBatch} metrics; ` +
      Object.entries(warmTravel.directions)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([direction, n]) => `${direction} ${n.toLocaleString('en-GB')}`)
        .join(', '),
    `server RSS after the run: ${rssMb} MB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  await writeResults('scale', database.engine, {
    store,
    requests,
    travelRequests,
    travelBatch,
    baseline: flags.baseline ?? null,
    rows,
    travel: {
      pairs: warmTravel.pairs,
      queries: warmTravel.queries,
      directions: warmTravel.directions,
    },
    wide: {
      councils: wideCouncils,
      groupSizes,
      reportMeasures: reportSlugs,
      tilesPinned: readers.map((r) => r.pinned),
    },
    rssMb,
    runs,
    summary,
  });
} finally {
  // The readers made for the run go, with their sessions and tiles; the audit trail keeps
  // their pins, as it keeps every change.
  if (readers.length > 0)
    await db
      .deleteFrom('users')
      .where(
        'id',
        'in',
        readers.map((r) => r.userId),
      )
      .execute();
  await app.close();
  await database.close();
}
