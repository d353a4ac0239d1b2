/*
 * openlg beside its closest open peer (issue 16): the questions both answer from the same ONS
 * data, asked of the real server (`openlg serve`, as `npm start` runs it) with the settings the
 * peer was measured with: autocannon, 20 connections × 10 s a question, the questions interleaved
 * over three rounds, medians. Also one request at a time with nothing else running, and the
 * serving process's own memory (not the launcher's) sampled every 250 ms.
 *
 *   npm run bench:peer [-- --connections 20 --seconds 10 --rounds 3 --requests 200]
 *   DATABASE_URL=postgres://… npm run bench:peer
 *   npm run bench:peer -- --rounds 0    # the single requests alone, no load: about 20 s a run
 *
 * It serves the configured store as it is (OPENLG_PGLITE_DIR, ./data/pglite by default, or
 * DATABASE_URL): build it first with `openlg demo`. It rebuilds dist/ first, as npm install
 * does. It targets only the loopback address and stops by itself. Writes
 * bench/results/peer-<engine>-<timestamp>.json. A benchmark, never a test.
 */
import { execFileSync } from 'node:child_process';
import { request, Agent } from 'node:http';
import autocannon from 'autocannon';
import {
  acrossRuns,
  configuredEngine,
  describeMachine,
  format,
  integerFlags,
  machine,
  markdownTable,
  median,
  writeResults,
  type Figure,
} from './report.ts';
import { mainThreadCpuMs, sampleMemory, servingPid, startServer } from './server.ts';
import { measuresImportedAs, measuresNotImportedAs, openBenchDatabase } from './store.ts';

const { connections, seconds, rounds, requests, port } = integerFlags(
  { connections: 20, seconds: 10, rounds: 3, requests: 200, port: 3918 },
  { requests: 10, rounds: 0 },
);
const engine = configuredEngine();
const origin = `http://127.0.0.1:${port}`;

/** Other measures' first answers asked before the timed ones (see below). */
const warmUps = 64;

/** The council asked about alone: Hartlepool, a unitary, so every ONS measure covers it. */
const council = 'E06000001';
/** The measure asked for across councils: an ONS one published for every district-level council. */
const measure = 'gross-median-weekly-pay';
/** "All district-level councils": districts, unitaries, metropolitan districts, London boroughs. */
const districts = 'tier:lower';
/**
 * The groups other measures are asked across to warm the code that works an answer out (see
 * below): the timed question's and others of many councils, read the same way.
 */
const warmGroups = [districts, 'tier:upper', 'type:district', 'type:unitary'];

/**
 * ONS Explore Local Statistics as measured in issue 16 on this machine (its rows and CSV answers,
 * which are right; its default JSON-stat answer is not for one area or one measure).
 */
const peer = {
  json: { label: 'one measure × all district-level councils, latest, JSON', rps: 1418, p50: 12 },
  csv: { label: 'the same as CSV', rps: 1134, p50: 15 },
  series: { label: 'one council × one measure, every period', rps: 2729, p50: 6 },
  profile: { label: `one council × the ONS measures, latest`, rps: 124, p50: 153 },
  singleMs: 2.0,
  rssMb: 291,
} as const;
type Question = keyof Omit<typeof peer, 'singleMs' | 'rssMb'>;

/**
 * The store's ONS measures, found by the import that wrote them (the peer's own data, ONS
 * Explore Local Statistics: 33 measures in the demo), and as many others to warm the code with,
 * read before the server takes the store.
 */
async function storeMeasures(): Promise<{ ons: string[]; others: string[] }> {
  const database = await openBenchDatabase(true);
  try {
    const slugs = await measuresImportedAs(database, 'ons-els');
    if (!slugs.includes(measure))
      throw new Error(`the store holds no ONS measure ${measure}: build it with openlg demo`);
    return { ons: slugs, others: await measuresNotImportedAs(database, 'ons-els', warmUps) };
  } finally {
    await database.close();
  }
}

const data = '/api/v1/data?';
const across = (slug: string, group: string) =>
  `${data}metric=${slug}&group=${group}&period=latest`;
const acrossDistricts = (slug: string) => across(slug, districts);

// latest:100 is every period: the most the API allows, and more than any ONS measure has.
function paths(ons: readonly string[]): Record<Question, string> {
  return {
    json: acrossDistricts(measure),
    csv: `${acrossDistricts(measure)}&format=csv`,
    series: `${data}metric=${measure}&area=${council}&period=latest:100`,
    profile: `${data}metric=${ons.join(',')}&area=${council}&period=latest`,
  };
}

// One connection kept open, as a client asking one question after another would.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One request's time, from sending it to its answer's last byte, in ms; throws unless 200. */
function timeOne(route: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    request(`${origin}${route}`, { agent }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () =>
        response.statusCode === 200
          ? resolve({ ms: performance.now() - started, bytes })
          : reject(new Error(`${route} answered ${response.statusCode}`)),
      );
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** One question driven by autocannon: its requests a second and median latency. */
function drive(route: string): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: origin + route, connections, duration: seconds },
      (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
  });
}

// The server as installed runs the bundle npm install builds; bin/openlg.js falls back to the
// sources through tsx when any is newer, which holds about 45 MB more (docs/performance.md).
execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
const { ons, others } = await storeMeasures();
const server = await startServer(port, { OPENLG_RATE_LIMIT: '0' });
try {
  const serving = await servingPid(server.pid);
  const memory = sampleMemory(serving);
  const routes = paths(ons);
  const bytes: Partial<Record<Question, number>> = {};
  for (const [question, route] of Object.entries(routes) as [Question, string][])
    bytes[question] = (await timeOne(route)).bytes;
  const repeated = [];
  for (let i = 0; i < requests; i++) repeated.push((await timeOne(routes.json)).ms);
  // Once the code is warm, the first answer to a question the server has not been asked yet:
  // each other ONS measure's district-level answer, once. A kept answer never runs the code that
  // works one out, so other measures' first answers warm it, across several groups. Until 5
  // December the first ten or so timed answers warmed it; then 14 answers did, too few for V8 to
  // optimise it: in process, first answers took about 3 ms after 14, 2 ms after 20 (with pauses
  // of 6-12 ms to compile), 1.6 ms once it had run hundreds of times, as in a server that has
  // been serving. The timed measures' own values are still read for the first time.
  for (const group of warmGroups) for (const slug of others) await timeOne(across(slug, group));
  const firsts = [];
  const cpuBefore = await mainThreadCpuMs(serving);
  for (const slug of ons.filter((s) => s !== measure))
    firsts.push((await timeOne(acrossDistricts(slug))).ms);
  const firstCpuMs = ((await mainThreadCpuMs(serving)) - cpuBefore) / firsts.length;
  const idle = Math.round(median(memory.since(0)));

  const loadStarted = memory.elapsed();
  const runs: Record<Question, { rps: number; p50: number; errors: number; non2xx: number }[]> = {
    json: [],
    csv: [],
    series: [],
    profile: [],
  };
  for (let round = 0; round < rounds; round++)
    for (const [question, route] of Object.entries(routes) as [Question, string][]) {
      const result = await drive(route);
      server.assertRunning();
      runs[question].push({
        rps: result.requests.total / result.duration,
        p50: result.latency.p50,
        errors: result.errors,
        non2xx: result.non2xx,
      });
    }
  await memory.stop();
  const peak = Math.max(idle, ...memory.since(loadStarted));

  // With no rounds there is no load: the single requests and the idle memory alone.
  const questions = rounds === 0 ? [] : (Object.keys(runs) as Question[]);
  const figures = questions.map((q) => ({
    question: q,
    route: routes[q],
    bytes: bytes[q],
    rps: acrossRuns(
      `${peer[q].label}: requests`,
      'req/s',
      runs[q].map((r) => ({ p50: r.rps })),
    ),
    p50: acrossRuns(
      `${peer[q].label}: latency p50`,
      'ms',
      runs[q].map((r) => ({ p50: r.p50 })),
    ),
    errors: runs[q].reduce((n, r) => n + r.errors + r.non2xx, 0),
    runs: runs[q],
  }));
  const single = acrossRuns('single request, unloaded, repeated', 'ms', [
    { p50: median(repeated) },
  ]);
  const first = acrossRuns('single request, unloaded, first of its measure', 'ms', [
    { p50: median(firsts) },
  ]);
  const firstCpu = acrossRuns('server CPU, first of its measure (mean)', 'ms', [
    { p50: firstCpuMs },
  ]);
  const rssLabel = rounds === 0 ? 'server RSS, peak, no load' : 'server RSS, peak under load';
  const rss = acrossRuns(rssLabel, 'MB', [{ p50: peak }]);
  const ratio = (ours: number, theirs: number) => `${(ours / theirs).toFixed(2)}×`;

  process.stdout.write(
    `Peer questions: ${connections} connections × ${seconds} s, ${rounds} interleaved rounds, ` +
      `medians; ${ons.length} ONS measures; ${describeMachine(machine(engine))}\n\n` +
      markdownTable(
        ['question', 'answer', 'peer', 'openlg', 'req/s ratio', 'p50 peer', 'p50 openlg', 'errors'],
        [
          ...figures.map((f) => [
            peer[f.question].label,
            `${((f.bytes ?? 0) / 1024).toFixed(0)} KB`,
            format(peer[f.question].rps, 'req/s'),
            format(f.rps.p50, 'req/s'),
            ratio(f.rps.p50, peer[f.question].rps),
            format(peer[f.question].p50, 'ms'),
            format(f.p50.p50, 'ms'),
            String(f.errors),
          ]),
          ...(
            [
              ['repeated', single],
              ['first', first],
            ] as const
          ).map(([which, figure]) => [
            `single request, unloaded (${which})`,
            '',
            '',
            '',
            '',
            format(peer.singleMs, 'ms'),
            format(figure.p50, 'ms'),
            '',
          ]),
          [rssLabel, '', format(peer.rssMb, 'MB'), format(peak, 'MB'), '', '', '', ''],
        ],
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ) +
      `\n\nThe single request is the first question's, one at a time on one kept-alive connection: ` +
      `"repeated" is the median of ${requests}, "first" the median over the other ` +
      `${firsts.length} ONS measures of each one's first answer, after ${others.length} other ` +
      `measures' first answers across ${warmGroups.length} groups each, which took the server's main thread ` +
      `${firstCpuMs.toFixed(2)} ms of CPU each (mean). RSS is the serving process ` +
      `alone (idle ${idle} MB).\n`,
  );

  const summary: Figure[] = [
    ...figures.flatMap((f) => [f.rps, f.p50]),
    single,
    first,
    firstCpu,
    rss,
  ];
  await writeResults('peer', engine, {
    connections,
    seconds,
    rounds,
    requests,
    onsMeasures: ons,
    warmUpMeasures: others,
    peer,
    questions: figures,
    singleMs: { repeated, firsts, firstCpuMs },
    rssMb: { idle, peak, everyMs: memory.everyMs, loadStartedAtMs: Math.round(loadStarted) },
    rssSamples: memory.samples,
    summary,
  });
} finally {
  agent.destroy();
  await server.stop();
}
