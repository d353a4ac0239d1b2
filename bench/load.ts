/*
 * Load and soak test: starts the real server (`openlg serve`, as `npm start` does) on 127.0.0.1
 * against the configured database, checks every route answers 200, drives it with autocannon,
 * and reports requests a second, latency percentiles, errors, timeouts, non-2xx answers and the
 * server's memory, sampled every 250 ms. It targets only the loopback address and stops by itself.
 *
 *   DATABASE_URL=postgres://… npm run bench:load [-- --connections 200 --seconds 60 --routes mixed]
 *   npm run bench:load                       PGlite: serves OPENLG_PGLITE_DIR (./data/pglite)
 *
 * --routes api: cheap API reads only; pages: server-rendered pages only; mixed: both (default).
 * Writes bench/results/load-<engine>-<routes>-<timestamp>.json. A benchmark, never a test.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import {
  configuredEngine,
  describeMachine,
  integerFlag,
  machine,
  markdownTable,
  quantile,
  oneRun,
  resultsDir,
} from './report.ts';
import { assertRoutesAnswer, sampleMemory, startServer } from './server.ts';

const routeSets = {
  api: [
    '/api/v1/data?metric=gcses-in-english-and-maths&areaType=unitary,county,metropolitan-district,london-borough&include=rank',
    '/api/v1/data?metric=employment-rate&area=E06000001&period=latest:10',
    '/api/v1/compare?metric=employment-rate&area=E06000001',
    '/api/v1/metrics?q=rate',
    '/api/v1/areas/E06000001/neighbours',
  ],
  pages: [
    '/areas/E06000001',
    '/metrics/gcses-in-english-and-maths?area=E06000001',
    '/areas/E07000223/neighbours',
    '/',
  ],
};
type Routes = keyof typeof routeSets | 'mixed';
const isRoutes = (value: string): value is Routes => ['api', 'pages', 'mixed'].includes(value);

const { values: flags } = parseArgs({
  options: {
    connections: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    port: { type: 'string', default: '3917' },
    routes: { type: 'string', default: 'mixed' },
  },
});
const connections = integerFlag('connections', flags.connections, 1);
const seconds = integerFlag('seconds', flags.seconds, 1);
const port = integerFlag('port', flags.port, 1);
const routes = flags.routes;
if (!isRoutes(routes))
  throw new RangeError(`--routes must be api, pages or mixed (got ${flags.routes})`);
const paths = routes === 'mixed' ? [...routeSets.api, ...routeSets.pages] : routeSets[routes];
const engine = configuredEngine();
const origin = `http://127.0.0.1:${port}`;

const server = await startServer(port, { OPENLG_RATE_LIMIT: '0' });

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

try {
  const pid = server.pid;
  await assertRoutesAnswer(origin, paths);
  const memory = sampleMemory(pid);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const idle = median(memory.since(0));
  const loadStarted = memory.elapsed();
  // Every answer's time, for the p95 autocannon's own percentiles leave out.
  const responseTimes: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: origin,
        connections,
        duration: seconds,
        requests: paths.map((route) => ({ method: 'GET', path: route })),
      },
      (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) =>
      responseTimes.push(responseTime),
    );
  });
  responseTimes.sort((a, b) => a - b);
  await memory.stop();
  server.assertRunning();
  const during = memory.since(loadStarted);
  const rss = { idle, peak: Math.max(idle, ...during), end: during.at(-1) ?? idle };
  const figures = {
    requestsPerSecond: result.requests.total / result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p95: Math.round(quantile(responseTimes, 0.95)),
      p99: result.latency.p99,
      max: result.latency.max,
    },
  };

  const summary = [
    oneRun(
      `${routes} routes, ${connections} connections: requests`,
      'req/s',
      figures.requestsPerSecond,
    ),
    oneRun(`${routes} routes: latency p50`, 'ms', figures.latencyMs.p50),
    oneRun(`${routes} routes: latency p90`, 'ms', figures.latencyMs.p90),
    oneRun(`${routes} routes: latency p95`, 'ms', figures.latencyMs.p95),
    oneRun(`${routes} routes: latency p99`, 'ms', figures.latencyMs.p99),
    oneRun(`${routes} routes: errors (timeouts included)`, 'errors', result.errors),
    oneRun(`${routes} routes: non-2xx answers`, 'answers', result.non2xx),
    oneRun('server RSS idle', 'MB', rss.idle),
    oneRun('server RSS at peak', 'MB', rss.peak),
  ];

  process.stdout.write(
    `Load: ${connections} connections for ${seconds} s over ${paths.length} ${routes} routes; ` +
      `${describeMachine(machine(engine))}\n\n` +
      markdownTable(
        [
          'routes',
          'requests',
          'req/s',
          'p50',
          'p90',
          'p95',
          'p99',
          'errors',
          'timeouts',
          'non-2xx',
          'RSS idle',
          'RSS peak',
          'RSS end',
        ],
        [
          [
            routes,
            String(result.requests.total),
            figures.requestsPerSecond.toFixed(0),
            `${figures.latencyMs.p50} ms`,
            `${figures.latencyMs.p90} ms`,
            `${figures.latencyMs.p95} ms`,
            `${figures.latencyMs.p99} ms`,
            String(result.errors),
            String(result.timeouts),
            String(result.non2xx),
            `${rss.idle} MB`,
            `${rss.peak} MB`,
            `${rss.end} MB`,
          ],
        ],
        ['l', ...Array<'r'>(11).fill('r')],
      ) +
      '\n\nerrors count every failed request, timeouts (no answer within 10 s) included; RSS is ' +
      'the server with the launcher process of bin/openlg.js.\n',
  );

  await mkdir(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(resultsDir, `load-${engine}-${routes}-${stamp}.json`);
  const body = {
    bench: 'load',
    engine,
    machine: machine(engine),
    // What this script needed, as every bench reports it; the server's memory is in `rssMb`.
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    connections,
    seconds,
    routes,
    paths,
    requests: result.requests.total,
    ...figures,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: {
      '2xx': result['2xx'],
      '3xx': result['3xx'],
      '4xx': result['4xx'],
      '5xx': result['5xx'],
    },
    rssMb: { ...rss, everyMs: memory.everyMs, loadStartedAtMs: Math.round(loadStarted) },
    rssSamples: memory.samples,
    summary,
  };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path.relative('.', file)}\n`);
} finally {
  await server.stop();
}
