/*
 * The benchmark suite: runs each bench script in its own process, one after another, so that
 * each one's peak memory is its own and no script measures the garbage of the one before, then
 * prints every figure in one table and writes it to bench/results/suite-<engine>-<timestamp>.json.
 *
 *   npm run bench [-- --runs 3 --requests 100]           statistics, neighbours, api, pages, scale,
 *                                                       calculated, peer-team, simulations,
 *                                                       simulation-results
 *   npm run bench -- --ingest                           and the demo ingest (a minute a run)
 *   npm run bench -- --load [--connections 200 --seconds 60]   and the load test (bench/load.ts)
 *   npm run bench -- --store                            neighbours, api and pages read the store too
 *   npm run bench -- --simulation-seconds 5 --simulation-rate 50 --simulation-responses 2000
 *                                                       smaller runs of the budget simulator's two
 *                                                       (PostgreSQL: 500 a second for 60 s, PGlite:
 *                                                       50 for 10 s; 100,000 responses)
 *
 * The database comes from the environment, as for every script: DATABASE_URL for PostgreSQL
 * (api, pages, neighbours and ingest make throwaway databases on that server; scale and load read
 * the database itself), otherwise PGlite, with scale and load reading OPENLG_PGLITE_DIR. A script
 * that fails is reported and the suite goes on; the suite then exits non-zero.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  configuredEngine,
  describeMachine,
  figureCells,
  figureHeaders,
  integerFlag,
  machine,
  markdownTable,
  resultPathIn,
  targetColumn,
  writeResults,
  type Figure,
} from './report.ts';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    requests: { type: 'string' },
    ingest: { type: 'boolean', default: false },
    load: { type: 'boolean', default: false },
    connections: { type: 'string' },
    seconds: { type: 'string' },
    store: { type: 'boolean', default: false },
    'simulation-rate': { type: 'string' },
    'simulation-seconds': { type: 'string' },
    'simulation-responses': { type: 'string', default: '100000' },
  },
});
const runs = String(integerFlag('runs', flags.runs, 1));
const requests = flags.requests
  ? ['--requests', String(integerFlag('requests', flags.requests, 10))]
  : [];
// Without it, each of these loads the demo into a new database of its own (bench/store.ts).
const store = flags.store ? ['--store'] : [];
const loadArgs = [
  ...(flags.connections ? ['--connections', flags.connections] : []),
  ...(flags.seconds ? ['--seconds', flags.seconds] : []),
];

// The submissions' target is PostgreSQL's; an embedded store takes a tenth of it, so a run of
// the suite there is not a quarter of an hour of submissions queueing.
const [rate, seconds] = configuredEngine() === 'postgres' ? ['500', '60'] : ['50', '10'];

const scripts: { name: string; args: string[] }[] = [
  { name: 'statistics', args: ['--runs', runs] },
  { name: 'neighbours', args: ['--runs', runs, ...store] },
  { name: 'api', args: ['--runs', runs, ...requests, ...store] },
  { name: 'pages', args: ['--runs', runs, ...requests, ...store] },
  { name: 'scale', args: ['--runs', runs, ...requests] },
  { name: 'calculated', args: ['--runs', runs] },
  { name: 'peer-team', args: ['--runs', runs] },
  {
    name: 'simulations',
    args: [
      ...['--rate', String(integerFlag('simulation-rate', flags['simulation-rate'] ?? rate, 1))],
      ...[
        '--seconds',
        String(integerFlag('simulation-seconds', flags['simulation-seconds'] ?? seconds, 1)),
      ],
    ],
  },
  {
    name: 'simulation-results',
    args: [
      ...['--runs', runs, ...requests],
      ...[
        '--responses',
        String(integerFlag('simulation-responses', flags['simulation-responses'], 1)),
      ],
    ],
  },
  ...(flags.ingest ? [{ name: 'ingest', args: ['--runs', runs] }] : []),
  ...(flags.load ? [{ name: 'load', args: loadArgs }] : []),
];

const resultShape = z.object({
  maxRssMb: z.number(),
  summary: z.array(
    z.object({
      label: z.string(),
      unit: z.string(),
      p50: z.number(),
      p95: z.number().nullable(),
      min: z.number(),
      max: z.number(),
      runs: z.number(),
      target: z.string().optional(),
    }),
  ),
});

/** Runs one script, its output passed through as it comes and kept to find its result file. */
function runScript(name: string, args: readonly string[]) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  return new Promise<{ exitCode: number; seconds: number; output: string }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        seconds: (performance.now() - started) / 1000,
        output,
      }),
    );
  });
}

const engine = configuredEngine();
process.stdout.write(`Benchmark suite; ${describeMachine(machine(engine))}; ${runs} run(s)\n`);
const results = [];
for (const { name, args } of scripts) {
  process.stdout.write(`\n## ${name} ${args.join(' ')}\n\n`);
  const { exitCode, seconds, output } = await runScript(name, args);
  const resultFile = resultPathIn(output) ?? null;
  const result = resultFile
    ? resultShape.parse(JSON.parse(await readFile(resultFile, 'utf8')))
    : null;
  results.push({
    name,
    args,
    exitCode,
    seconds,
    resultFile,
    maxRssMb: result?.maxRssMb ?? null,
    summary: result?.summary ?? [],
    // A script that wrote no result file (it failed) keeps its output here instead.
    output: resultFile ? null : output,
  });
}

const figures: (Figure & { bench: string })[] = results.flatMap((r) =>
  r.summary.map((f) => ({ ...f, bench: r.name })),
);
const targets = targetColumn(figures);
process.stdout.write(
  `\n## Summary\n\n${markdownTable(
    ['bench', 'question', ...figureHeaders, ...targets.headers],
    figures.map((f) => [f.bench, f.label, ...figureCells(f), ...targets.cells(f)]),
    ['l', 'l', 'r', 'r', 'r', 'l'],
  )}\n\n${markdownTable(
    ['bench', 'exit', 'wall time', 'peak RSS', 'results'],
    results.map((r) => [
      r.name,
      String(r.exitCode),
      `${r.seconds.toFixed(0)} s`,
      r.maxRssMb === null ? '–' : `${r.maxRssMb} MB`,
      r.resultFile ?? '–',
    ]),
    ['l', 'r', 'r', 'r', 'l'],
  )}\n`,
);
await writeResults('suite', engine, {
  runsPerScript: Number(runs),
  scripts: results,
  summary: figures,
});
const failed = results.filter((r) => r.exitCode !== 0).map((r) => r.name);
if (failed.length > 0) {
  process.stderr.write(`failed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
