/*
 * Ingest benchmark: loads the area register and every demo dataset into a new database, as
 * `npm start` does on first run, then copies the very same value rows with a bare COPY into a
 * table of the same shape, the physical limit of the engine on this machine.
 *
 *   npm run bench:ingest [-- --runs 3]            embedded PGlite (in a temporary folder)
 *   DATABASE_URL=postgres://… npm run bench:ingest    PostgreSQL (a throwaway database)
 *
 * Prints a table and writes JSON to bench/results/. A benchmark, never a test: nothing here
 * passes or fails on the machine's speed.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
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

const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '1' } } });
const runs = Math.max(1, Number(flags.runs));

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

/** COPY of the stored rows into an empty table with the same columns, checks and keys. */
async function rawCopy(database: Database): Promise<number> {
  const rows = await database.db.selectFrom('observations').select(columns).execute();
  const csv = rows
    .map((r) => columns.map((c) => (r[c] === null ? '' : String(r[c]))).join(','))
    .join('\n');
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
    return {
      registerSeconds,
      datasets,
      totalSeconds,
      values,
      rawCopySeconds: await rawCopy(database),
    };
  } finally {
    await cleanup();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const spread = (xs: number[]) =>
  `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;

const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';
const results: Run[] = [];
for (let i = 0; i < runs; i++) {
  results.push(await once());
  process.stderr.write(`run ${i + 1}/${runs}: ${results.at(-1)?.totalSeconds.toFixed(1)} s\n`);
}
const first = results[0];
if (!first) throw new Error('no run');
const writeSeconds = results.map((r) => r.datasets.reduce((s, d) => s + d.writeSeconds, 0));
const endToEnd = results.map((r) => r.values / r.totalSeconds);
const bulk = results.map((r, i) => r.values / (writeSeconds[i] ?? 1));
const raw = results.map((r) => r.values / r.rawCopySeconds);
const lines = [
  `Ingest on ${engine}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${runs} run(s): median (min–max)`,
  '',
  `| dataset | rows read | values stored | read s | write s | total s |`,
  `| --- | ---: | ---: | ---: | ---: | ---: |`,
  ...first.datasets.map((d, i) => {
    const pick = (f: (x: Run['datasets'][number]) => number) =>
      spread(results.map((r) => f(r.datasets[i] ?? d)));
    return `| ${d.kind} ${d.source} | ${d.rows} | ${d.values} | ${pick((x) => x.readSeconds)} | ${pick((x) => x.writeSeconds)} | ${pick((x) => x.seconds)} |`;
  }),
  '',
  `area register: ${spread(results.map((r) => r.registerSeconds))} s`,
  `whole demo load (register + every dataset): ${spread(results.map((r) => r.totalSeconds))} s, ${first.values} values`,
  `end to end (read, check, write): ${spread(endToEnd.map((v) => v / 1000))} thousand values/s`,
  `bulk path (COPY to staging, revisions, merge, coverage): ${spread(bulk.map((v) => v / 1000))} thousand values/s`,
  `raw COPY of the same rows into a table of the same shape: ${spread(raw.map((v) => v / 1000))} thousand values/s`,
  `bulk path / raw COPY: ${spread(bulk.map((b, i) => (100 * b) / (raw[i] ?? 1)))} %`,
];
process.stdout.write(`${lines.join('\n')}\n`);
await mkdir('bench/results', { recursive: true });
const out = path.join(
  'bench/results',
  `ingest-${engine}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
);
await writeFile(out, JSON.stringify({ engine, cores: cpus().length, runs: results }, null, 2));
process.stdout.write(`\nwrote ${out}\n`);
