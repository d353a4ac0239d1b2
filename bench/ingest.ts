/*
 * Ingest benchmark: loads the area register and every demo dataset into a new database, as
 * `npm start` does on first run, then copies the very same value rows with a bare COPY into a
 * table of the same shape, the physical limit of the engine on this machine.
 *
 *   npm run bench:ingest [-- --runs 3]            embedded PGlite (in a temporary folder)
 *   DATABASE_URL=postgres://… npm run bench:ingest    PostgreSQL (a throwaway database)
 *   npm run bench:ingest -- --datasets tidy-csv        only the demo datasets of these kinds
 *
 * Prints a table and writes JSON to bench/results/. A benchmark, never a test: nothing here
 * passes or fails on the machine's speed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { AreasService } from '../src/areas/areas.service.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { ImportService } from '../src/imports/imports.service.ts';
import { demoTargets } from '../src/imports/sources.ts';
import { dataDir } from '../src/testing/app.ts';
import { openTestDatabase } from '../src/testing/database.ts';
import {
  acrossRuns,
  configuredEngine,
  describeMachine,
  figureTable,
  integerFlag,
  machine,
  markdownTable,
  median,
  writeResults,
} from './report.ts';

const { values: flags } = parseArgs({
  options: { runs: { type: 'string', default: '1' }, datasets: { type: 'string' } },
});
const runs = integerFlag('runs', flags.runs, 1);
// A few thousand values (tidy-csv) walk every step in seconds: the CI smoke's choice.
const kinds = flags.datasets?.split(',');
const demoKinds = new Set((await demoTargets(dataDir)).map((t) => t.kind.kind));
const unknownKinds = kinds?.filter((k) => !demoKinds.has(k)) ?? [];
if (unknownKinds.length > 0)
  throw new RangeError(
    `--datasets: no demo dataset of kind ${unknownKinds.join(', ')} (${[...demoKinds].join(', ')})`,
  );

interface Run {
  registerSeconds: number;
  datasets: {
    kind: string;
    source: string;
    rows: number;
    values: number;
    readSeconds: number;
    writeSeconds: number;
    seconds: number;
  }[];
  totalSeconds: number;
  values: number;
  rawCopySeconds: number;
  /** psql's \copy of the same rows from a file (PostgreSQL with psql installed only). */
  psqlCopySeconds: number | null;
}

async function open(): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const database = await openTestDatabase();
    return { database, cleanup: () => database.close() };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'openlg-bench-'));
  const database = await openDatabase({ kind: 'pglite', dataDir: dir });
  await migrateToLatest(database.db);
  return {
    database,
    cleanup: async () => {
      await database.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const columns = [
  'metric_id',
  'period_id',
  'area_id',
  'value',
  'lci',
  'uci',
  'numerator',
  'denominator',
  'status',
  'import_id',
] as const;

/** The stored value rows as CSV, for the raw COPYs. */
async function storedRows(database: Database): Promise<string> {
  const rows = await database.db.selectFrom('observations').select(columns).execute();
  return rows
    .map((r) => columns.map((c) => (r[c] === null ? '' : String(r[c]))).join(','))
    .join('\n');
}

/**
 * PostgreSQL only, when psql is installed: psql's \copy of the same rows from a file into a table
 * of the same shape, the machine's physical limit as the issue defines it. Null otherwise.
 */
async function psqlCopy(database: Database, csv: string): Promise<number | null> {
  const url = process.env.DATABASE_URL;
  if (!url || spawnSync('psql', ['--version']).status !== 0) return null;
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(
    database.db,
  );
  const target = new URL(url);
  target.pathname = `/${rows[0]?.name ?? ''}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'openlg-bench-copy-'));
  const file = path.join(dir, 'values.csv');
  await writeFile(file, `${csv}\n`);
  await sql`create table raw_psql (like observations including defaults
    including constraints including indexes)`.execute(database.db);
  try {
    const started = performance.now();
    const copied = spawnSync('psql', [
      target.toString(),
      '-v',
      'ON_ERROR_STOP=1',
      '-c',
      `\\copy raw_psql (${columns.join(', ')}) from '${file}' with (format csv)`,
    ]);
    const seconds = (performance.now() - started) / 1000;
    if (copied.status !== 0) throw new Error(`psql \\copy failed: ${copied.stderr.toString()}`);
    return seconds;
  } finally {
    await sql`drop table raw_psql`.execute(database.db);
    await rm(dir, { recursive: true, force: true });
  }
}

/** COPY of the stored rows into an empty table with the same columns, checks and keys. */
async function rawCopy(database: Database, csv: string): Promise<number> {
  // A real table, as observations is: a temporary one skips the write-ahead log and flatters COPY.
  const seconds = await database.withCopySession(async (session) => {
    await sql`create table raw_copy (like observations including defaults
      including constraints including indexes)`.execute(session.trx);
    const started = performance.now();
    await session.copyCsv('raw_copy', columns, `${csv}\n`);
    return (performance.now() - started) / 1000;
  });
  await sql`drop table raw_copy`.execute(database.db);
  return seconds;
}

async function once(): Promise<Run> {
  const { database, cleanup } = await open();
  try {
    const started = performance.now();
    await new AreasService(database.db).importRegister(dataDir);
    const registerSeconds = (performance.now() - started) / 1000;
    const imports = new ImportService(database);
    const datasets: Run['datasets'] = [];
    for (const { kind, target, mapping } of await demoTargets(dataDir)) {
      if (kinds && !kinds.includes(kind.kind)) continue;
      const readStarted = performance.now();
      const parsed = await kind.read(target, dataDir, mapping);
      const readSeconds = (performance.now() - readStarted) / 1000;
      const summary = await imports.run(parsed);
      datasets.push({
        kind: kind.kind,
        source: parsed.source,
        rows: summary.rowsRead,
        values: summary.valuesInserted,
        readSeconds,
        writeSeconds: summary.writeSeconds,
        seconds: readSeconds + summary.seconds,
      });
    }
    const totalSeconds = (performance.now() - started) / 1000;
    const values = datasets.reduce((n, d) => n + d.values, 0);
    const csv = await storedRows(database);
    return {
      registerSeconds,
      datasets,
      totalSeconds,
      values,
      rawCopySeconds: await rawCopy(database, csv),
      psqlCopySeconds: await psqlCopy(database, csv),
    };
  } finally {
    await cleanup();
  }
}

const spread = (xs: number[]) =>
  `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;

const engine = configuredEngine();
const results: Run[] = [];
for (let i = 0; i < runs; i++) {
  results.push(await once());
  process.stderr.write(`run ${i + 1}/${runs}: ${results.at(-1)?.totalSeconds.toFixed(1)} s\n`);
}
const first = results[0];
if (!first) throw new Error('no run');
const perRun = (f: (r: Run) => number) => results.map((r) => ({ p50: f(r) }));
const writeSeconds = (r: Run) => r.datasets.reduce((s, d) => s + d.writeSeconds, 0);
const summary = [
  acrossRuns(
    'area register',
    's',
    perRun((r) => r.registerSeconds),
  ),
  acrossRuns(
    'whole demo load (register + every dataset)',
    's',
    perRun((r) => r.totalSeconds),
  ),
  acrossRuns(
    'end to end (read, check, write)',
    'values/s',
    perRun((r) => r.values / r.totalSeconds),
  ),
  acrossRuns(
    'bulk path (COPY to staging, revisions, merge, coverage)',
    'values/s',
    perRun((r) => r.values / writeSeconds(r)),
  ),
  acrossRuns(
    'raw COPY of the same rows into a table of the same shape',
    'values/s',
    perRun((r) => r.values / r.rawCopySeconds),
  ),
  acrossRuns(
    'bulk path / raw COPY',
    '%',
    perRun((r) => (100 * r.rawCopySeconds) / writeSeconds(r)),
  ),
  ...(results.every((r) => r.psqlCopySeconds !== null)
    ? [
        acrossRuns(
          'psql \\copy of the same rows from a file',
          'values/s',
          perRun((r) => r.values / (r.psqlCopySeconds ?? 0)),
        ),
        acrossRuns(
          'bulk path / psql \\copy',
          '%',
          perRun((r) => (100 * (r.psqlCopySeconds ?? 0)) / writeSeconds(r)),
        ),
      ]
    : []),
];
const lines = [
  `Ingest; ${describeMachine(machine(engine))}; ${runs} run(s), seconds as median (min–max)`,
  '',
  markdownTable(
    ['dataset', 'rows read', 'values stored', 'read s', 'write s', 'total s'],
    first.datasets.map((d, i) => {
      const pick = (f: (x: Run['datasets'][number]) => number) =>
        spread(results.map((r) => f(r.datasets[i] ?? d)));
      return [
        `${d.kind} ${d.source}`,
        d.rows.toLocaleString('en-GB'),
        d.values.toLocaleString('en-GB'),
        pick((x) => x.readSeconds),
        pick((x) => x.writeSeconds),
        pick((x) => x.seconds),
      ];
    }),
    ['l', 'r', 'r', 'r', 'r', 'r'],
  ),
  '',
  `${first.values.toLocaleString('en-GB')} values`,
  '',
  figureTable(summary, { heading: 'measure' }),
];
process.stdout.write(`${lines.join('\n')}\n`);
await writeResults('ingest', engine, { cores: cpus().length, runs: results, summary });
