/*
 * Load and soak test: starts the real server (`openlg serve`) on 127.0.0.1 against the configured
 * database, drives it with autocannon over a mix of API and page routes, and reports requests a
 * second, latency percentiles, errors, non-2xx answers and the server's memory. It targets only
 * the loopback address and stops by itself.
 *
 *   DATABASE_URL=postgres://… npm run bench:load [-- --connections 200 --seconds 60]
 *
 * A benchmark, never a test.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values: flags } = parseArgs({
  options: {
    connections: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    port: { type: 'string', default: '3917' },
  },
});
const port = Number(flags.port);
const server = spawn(process.execPath, ['bin/openlg.js', 'serve'], {
  env: {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    OPENLG_RATE_LIMIT: '0',
  },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let serverOutput = '';
await new Promise<void>((resolve, reject) => {
  const timer = setTimeout(
    () => reject(new Error(`server did not start:\n${serverOutput}`)),
    300_000,
  );
  server.stderr.on('data', (chunk: Buffer) => {
    serverOutput += chunk.toString();
    if (/openlg is serving/.test(serverOutput)) {
      clearTimeout(timer);
      resolve();
    }
  });
  server.on('exit', (code) => reject(new Error(`server exited ${code}:\n${serverOutput}`)));
});

async function rssMb(): Promise<number> {
  const status = await readFile(`/proc/${server.pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

const paths = [
  '/api/v1/data?metric=gcses-in-english-and-maths&areaType=unitary,county,metropolitan-district,london-borough&include=rank',
  '/api/v1/data?metric=employment-rate&area=E06000001&period=latest:10',
  '/api/v1/compare?metric=employment-rate&area=E06000001',
  '/api/v1/metrics?q=rate',
  '/api/v1/areas/E06000001/neighbours',
  '/areas/E06000001',
  '/metrics/gcses-in-english-and-maths?area=E06000001',
  '/areas/E07000223/neighbours',
  '/',
];
try {
  const before = await rssMb();
  let peak = before;
  const sampler = setInterval(() => {
    void rssMb().then((mb) => {
      peak = Math.max(peak, mb);
    });
  }, 1000);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: Number(flags.connections),
    duration: Number(flags.seconds),
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  clearInterval(sampler);
  const lines = [
    `${flags.connections} connections for ${flags.seconds} s over ${paths.length} routes (API and pages)`,
    `requests: ${result.requests.total} (${result.requests.average.toFixed(0)}/s), errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
    `latency ms: p50 ${result.latency.p50}, p90 ${result.latency.p90}, p99 ${result.latency.p99}, max ${result.latency.max}`,
    `server RSS: ${before} MB before, ${peak} MB at peak`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  server.kill('SIGTERM');
}
