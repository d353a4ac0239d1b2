/*
 * Command-line benchmark: how long `openlg help` takes to start and finish, and `openlg import` of
 * a 10,000-row tidy CSV into an embedded store that already holds the register, each run as a user
 * runs it (a new node process through bin/openlg.js), from the bundle that `npm install` builds
 * (dist/) and from the TypeScript sources through tsx, as every call ran before the bundle.
 *
 *   npm run bench:cli [-- --runs 5]
 *
 * Prints a table and writes JSON to bench/results/. A benchmark, never a test.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dataDir } from '../src/testing/app.ts';
import {
  acrossRuns,
  describeMachine,
  figureTable,
  integerFlag,
  machine,
  writeResults,
} from './report.ts';

const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = integerFlag('runs', flags.runs, 1);
const bin = path.resolve('bin/openlg.js');
const rows = 10_000;

/** Seconds one openlg command took, as a new process; throws unless it exits 0. */
function openlg(args: string[], env: Record<string, string>): number {
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { ...inherited, LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`openlg ${args.join(' ')}: ${result.stderr}`);
  return seconds;
}

/** 10,000 rows: 40 councils x 250 monthly periods of one synthetic metric. */
async function tenThousandRows(dir: string): Promise<{ csv: string; mapping: string }> {
  const councils = Array.from({ length: 40 }, (_, i) => `E060000${String(i + 1).padStart(2, '0')}`);
  const lines = ['area,month,value'];
  for (let m = 0; m < rows / councils.length; m++) {
    const month = `${2000 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    for (const [i, code] of councils.entries())
      lines.push(`${code},${month},${(i * 7 + m) % 100}.5`);
  }
  const csv = path.join(dir, 'bench.csv');
  await writeFile(csv, `${lines.join('\n')}\n`);
  const mapping = path.join(dir, 'bench.json');
  await writeFile(
    mapping,
    JSON.stringify({
      area: { column: 'area' },
      period: { column: 'month' },
      measures: [{ metric: 'bench-cli-rate', value: 'value' }],
      metrics: [
        { slug: 'bench-cli-rate', title: 'CLI bench (synthetic)', polarity: 'no-judgement' },
      ],
    }),
  );
  return { csv, mapping };
}

/** What `npm install` does after installing: bundle the command line into dist/. */
function buildBundle() {
  const built = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the bundle did not build');
}

const dir = await mkdtemp(path.join(tmpdir(), 'openlg-bench-cli-'));
try {
  const store = path.join(dir, 'store');
  openlg(['areas', 'import'], { OPENLG_PGLITE_DIR: store });
  const { csv, mapping } = await tenThousandRows(dir);
  const modes: { label: string; env: Record<string, string>; bundle: boolean }[] = [
    { label: 'bundle (dist/)', env: {}, bundle: true },
    { label: 'sources through tsx', env: { OPENLG_NO_BUNDLE: '1' }, bundle: false },
  ];
  const figures = [];
  for (const mode of modes) {
    const help: number[] = [];
    const load: number[] = [];
    for (let run = 0; run < runs; run++) {
      // Built before each run, untimed: a source edited since (in a tree being worked on) would
      // make bin/openlg.js fall back to the sources, and the run measure tsx instead.
      if (mode.bundle) buildBundle();
      help.push(openlg(['help'], mode.env));
      const copy = path.join(dir, `run-${run}`);
      await cp(store, copy, { recursive: true });
      load.push(
        openlg(['import', 'tidy-csv', csv, '--mapping', mapping, '--synthetic'], {
          ...mode.env,
          OPENLG_PGLITE_DIR: copy,
        }),
      );
      await rm(copy, { recursive: true });
    }
    figures.push(
      acrossRuns(
        `openlg help, ${mode.label}`,
        's',
        help.map((p50) => ({ p50 })),
      ),
      acrossRuns(
        `import of ${rows.toLocaleString('en-GB')} rows, ${mode.label}`,
        's',
        load.map((p50) => ({ p50 })),
      ),
    );
  }
  process.stdout.write(
    `\nCommand line: ${runs} runs each, new process each (${describeMachine(machine('pglite'))})\n\n` +
      `${figureTable(figures)}\n`,
  );
  await writeResults('cli', 'pglite', { summary: figures, rows });
} finally {
  await rm(dir, { recursive: true, force: true });
}
