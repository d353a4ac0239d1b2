/*
 * The data API with an API key and without, at the same load: starts the real server (as
 * `npm start` does) on 127.0.0.1, then drives the same cheap API reads with autocannon twice,
 * anonymously and with `Authorization: Bearer <key>`, for the same time and connections. A keyed
 * request is looked up in the database and never answered from the public answer cache; a third
 * run, anonymous but kept from that cache (by a cookie), tells the key's own cost from the cache's.
 *
 *   npm run bench:api-keys [-- --connections 10 --seconds 10]       PGlite: OPENLG_PGLITE_DIR
 *   DATABASE_URL=postgres://… npm run bench:api-keys                 PostgreSQL
 *
 * The store must hold the demo data (`openlg demo`). A user bench-api-key@example.org is added
 * (once) with a key made for the run and revoked after it. Writes
 * bench/results/api-keys-<engine>-<timestamp>.json. A benchmark, never a test.
 */
import autocannon from 'autocannon';
import { AccountsService } from '../src/accounts/accounts.service.ts';
import { ApiKeysService } from '../src/accounts/api-keys.service.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import {
  configuredEngine,
  describeMachine,
  integerFlags,
  machine,
  markdownTable,
  oneRun,
  writeResults,
} from './report.ts';
import { assertRoutesAnswer, startServer } from './server.ts';

const paths = [
  '/api/v1/data?metric=gcses-in-english-and-maths&areaType=unitary,county,metropolitan-district,london-borough&include=rank',
  '/api/v1/data?metric=employment-rate&area=E06000001&period=latest:10',
  '/api/v1/compare?metric=employment-rate&area=E06000001',
  '/api/v1/metrics?q=rate',
];

const { connections, seconds, port } = integerFlags({ connections: 10, seconds: 10, port: 3918 });
const engine = configuredEngine();
const origin = `http://127.0.0.1:${port}`;
const operator = { userId: null, actor: 'bench/api-keys.ts', origin: null };
const email = 'bench-api-key@example.org';

/** Opens the store just long enough to act on it: an embedded one is the server's once it runs. */
async function withStore<T>(act: (database: Awaited<ReturnType<typeof openDatabase>>) => T) {
  const config = loadConfig(process.env);
  const database = await openDatabase(config.database);
  try {
    await migrateToLatest(database.db);
    return await act(database);
  } finally {
    await database.close();
  }
}

const made = await withStore(async (database) => {
  const config = loadConfig(process.env);
  await new AccountsService(database.db, config.sessions).addUser({
    email,
    name: 'Benchmark',
    organisation: 'lga',
    role: 'analyst',
  });
  return new ApiKeysService(database.db).create(
    email,
    `bench ${new Date().toISOString()}`,
    operator,
  );
});

/** Drives every path for the run's time; latencies in ms, as autocannon measures them. */
async function drive(headers: Record<string, string>) {
  await assertRoutesAnswer(origin, paths, headers);
  return new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: origin,
        connections,
        duration: seconds,
        headers,
        requests: paths.map((route) => ({ method: 'GET', path: route })),
      },
      (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
    );
  });
}

const server = await startServer(port, { OPENLG_RATE_LIMIT: '0', OPENLG_API_KEY_RATE_LIMIT: '0' });
const results: Record<string, autocannon.Result> = {};
try {
  results['without a key'] = await drive({});
  // Any cookie keeps a request from the answer cache too: the work a key adds, apart from it.
  results['without a key, uncached'] = await drive({ cookie: 'bench=1' });
  results['with a key'] = await drive({ authorization: `Bearer ${made.key}` });
  server.assertRunning();
} finally {
  await server.stop();
  await withStore((database) => new ApiKeysService(database.db).revoke(made.prefix, operator));
}

const rows = Object.entries(results).map(([label, r]) => ({
  label,
  requestsPerSecond: r.requests.total / r.duration,
  latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
  errors: r.errors,
  non2xx: r.non2xx,
}));
process.stdout.write(
  `API with and without a key: ${connections} connections for ${seconds} s each over ` +
    `${paths.length} API routes; ${describeMachine(machine(engine))}\n\n` +
    markdownTable(
      ['API reads', 'req/s', 'p50', 'p90', 'p99', 'errors', 'non-2xx'],
      rows.map((r) => [
        r.label,
        r.requestsPerSecond.toFixed(0),
        `${r.latencyMs.p50} ms`,
        `${r.latencyMs.p90} ms`,
        `${r.latencyMs.p99} ms`,
        String(r.errors),
        String(r.non2xx),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ) +
    '\n',
);
await writeResults('api-keys', engine, {
  connections,
  seconds,
  paths,
  runs: rows,
  summary: rows.flatMap((r) => [
    oneRun(`API ${r.label}, ${connections} connections: requests`, 'req/s', r.requestsPerSecond),
    oneRun(`API ${r.label}: latency p50`, 'ms', r.latencyMs.p50),
    oneRun(`API ${r.label}: latency p99`, 'ms', r.latencyMs.p99),
  ]),
});
