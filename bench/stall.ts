/*
 * Stall test: can expensive requests stall everyone else? Starts the real server (`openlg serve`)
 * on 127.0.0.1 against the configured database, sends the heavy mix (by default 16 clients, each
 * asking again as soon as it is answered for every metric of every area type over 100 periods,
 * 50,000 values with ranks and benchmarks; a refused one waits the Retry-After it was given),
 * and meanwhile times a light API request and `/healthz`, each asked every 100 ms, one at a time. It targets only the loopback address and
 * stops by itself.
 *
 *   npm run bench:stall [-- --heavy 16 --clients 16 --seconds 60]
 *   DATABASE_URL=postgres://… npm run bench:stall
 *
 * --clients: how many client addresses the heavy requests come from (the server trusts one proxy
 * hop, and each heavy worker names its address in X-Forwarded-For); 1 is one greedy client.
 * Writes bench/results/stall-<engine>-<timestamp>.json. A benchmark, never a test.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  configuredEngine,
  describeMachine,
  integerFlags,
  machine,
  markdownTable,
  quantile,
  resultsDir,
} from './report.ts';
import { startServer } from './server.ts';
import { areaTypes } from '../src/db/vocabulary.ts';

const allAreaTypes = areaTypes.join(',');
const heavyPath = `/api/v1/data?metric=*&areaType=${allAreaTypes}&period=latest:100&limit=50000&include=rank,benchmark`;
const lightPaths = {
  area: '/api/v1/areas/E06000001',
  data: '/api/v1/data?metric=employment-rate&area=E06000001',
  health: '/healthz',
};

const flags = integerFlags({ heavy: 16, clients: 16, seconds: 60, port: 3918 });
const { heavy: heavyWorkers, clients, seconds, port } = flags;
const engine = configuredEngine();
const origin = `http://127.0.0.1:${port}`;

const server = await startServer(port, {
  // The rate limit is not what is measured: each client stays under it here anyway.
  OPENLG_RATE_LIMIT: '0',
  OPENLG_TRUST_PROXY: '1',
});

interface Answer {
  status: number;
  ms: number;
  retryAfterMs: number;
}

/** One request, its body read whole; a request with no answer in 180 s counts as status 0. */
async function ask(url: string, client: string): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(origin + url, {
      headers: { 'x-forwarded-for': client, 'accept-encoding': 'gzip' },
      signal: AbortSignal.timeout(180_000),
    });
    await response.arrayBuffer();
    const retryAfter = Number(response.headers.get('retry-after') ?? 0);
    return {
      status: response.status,
      ms: performance.now() - started,
      retryAfterMs: retryAfter * 1000,
    };
  } catch {
    return { status: 0, ms: performance.now() - started, retryAfterMs: 0 };
  }
}

/**
 * Asks `url` again as soon as it is answered (every `everyMs` at most) until `until`; after a
 * refusal (429, 503), once the Retry-After it was given has passed, as a client should.
 */
async function repeat(url: string, client: string, until: number, everyMs = 0) {
  const answers: Answer[] = [];
  while (performance.now() < until) {
    const started = performance.now();
    const answer = await ask(url, client);
    answers.push(answer);
    const rest = Math.max(everyMs, answer.retryAfterMs) - (performance.now() - started);
    if (rest > 0) await sleep(rest);
  }
  return answers;
}

function summarise(answers: readonly Answer[]) {
  const times = answers.map((a) => a.ms).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  return {
    count: answers.length,
    p50: Math.round(quantile(times, 0.5)),
    p95: Math.round(quantile(times, 0.95)),
    max: Math.round(times.at(-1) ?? 0),
    statuses,
  };
}

try {
  for (const url of [...Object.values(lightPaths), heavyPath]) {
    const answer = await ask(url, '198.51.100.1');
    if (answer.status !== 200) throw new Error(`${url} answered ${answer.status}`);
  }
  const quiet = {
    area: summarise(await repeat(lightPaths.area, '198.51.100.2', performance.now() + 3_000, 100)),
    data: summarise(await repeat(lightPaths.data, '198.51.100.2', performance.now() + 3_000, 100)),
  };

  const until = performance.now() + seconds * 1000;
  const heavy = Array.from({ length: heavyWorkers }, (_, i) =>
    repeat(heavyPath, `203.0.113.${(i % clients) + 1}`, until),
  );
  // The light requests start once the heavy ones are under way.
  await sleep(1_000);
  const [area, data, health, ...heavyAnswers] = await Promise.all([
    repeat(lightPaths.area, '198.51.100.3', until, 100),
    repeat(lightPaths.data, '198.51.100.4', until, 100),
    repeat(lightPaths.health, '198.51.100.5', until, 100),
    ...heavy,
  ]);
  server.assertRunning();
  const results = {
    area: summarise(area),
    data: summarise(data),
    health: summarise(health),
    heavy: summarise(heavyAnswers.flat()),
  };

  const row = (label: string, s: ReturnType<typeof summarise>) => [
    label,
    String(s.count),
    `${s.p50} ms`,
    `${s.p95} ms`,
    `${s.max} ms`,
    Object.entries(s.statuses)
      .map(([status, n]) => `${n}×${status}`)
      .join(' '),
  ];
  process.stdout.write(
    `Stall: ${heavyWorkers} heavy workers from ${clients} client addresses for ${seconds} s; ` +
      `${describeMachine(machine(engine))}\n\n` +
      markdownTable(
        ['request', 'answers', 'p50', 'p95', 'max', 'statuses'],
        [
          row('light: area (quiet server)', quiet.area),
          row('light: one-area data (quiet server)', quiet.data),
          row(`light: ${lightPaths.area}`, results.area),
          row(`light: ${lightPaths.data}`, results.data),
          row('/healthz', results.health),
          row('heavy', results.heavy),
        ],
        ['l', 'r', 'r', 'r', 'r', 'l'],
      ) +
      '\n',
  );

  await mkdir(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(resultsDir, `stall-${engine}-${stamp}.json`);
  const body = {
    bench: 'stall',
    engine,
    machine: machine(engine),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    heavyWorkers,
    clients,
    seconds,
    heavyPath,
    lightPaths,
    quiet,
    ...results,
  };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path.relative('.', file)}\n`);
} finally {
  await server.stop();
}
