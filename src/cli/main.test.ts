import assert from 'node:assert/strict';
import { readyMadeCalculated } from '../calculated/calculated.catalogue.ts';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { dataDir } from '../testing/app.ts';

const bin = path.resolve('bin/openlg.js');

/** Runs the real command as a user would, on an embedded database in a temporary folder. */
function openlg(args: string[], env: Record<string, string>) {
  // The command must use its embedded database even during the PostgreSQL test pass.
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: { ...inherited, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('openlg command', () => {
  it('lists every bad setting and exits 2', () => {
    const result = openlg(['db', 'migrate'], { PORT: 'x', LOG_LEVEL: 'loud' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /PORT: /);
    assert.match(result.stderr, /LOG_LEVEL: /);
  });

  it('migrates, imports the register, and reports a missing data folder precisely', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'openlg-cli-'));
    const env = { OPENLG_PGLITE_DIR: path.join(dir, 'pglite'), LOG_LEVEL: 'silent' };

    const migrate = openlg(['db', 'migrate'], env);
    assert.equal(migrate.status, 0, migrate.stderr);
    assert.match(migrate.stdout, /Applied: 0001-initial/);
    assert.match(openlg(['db', 'migrate'], env).stdout, /Schema is up to date/);

    const load = openlg(['areas', 'import', '--data-dir', dataDir], env);
    assert.equal(load.status, 0, load.stderr);
    assert.match(load.stderr, /Register: 505 areas \(505 new/);

    const missing = openlg(['areas', 'import', '--data-dir', path.join(dir, 'nowhere')], env);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /areas\/mysociety-uk-local-authorities\.csv: file not found/);
    assert.match(missing.stderr, /Nothing was changed/);

    const again = openlg(['areas', 'import', '--data-dir', dataDir], env);
    assert.match(again.stderr, /0 new, 0 changed, 505 unchanged, 0 removed/);
  });

  it('refuses an unknown or incomplete flag in one line, exit 2, with where to look', () => {
    const unknown = openlg(['import', 'tidy-csv', 'x.csv', '--area-colum', 'LA'], {});
    assert.deepEqual(
      [unknown.status, unknown.stdout, unknown.stderr],
      [2, '', 'openlg: unknown option --area-colum (see openlg import tidy-csv --help)\n'],
    );
    const empty = openlg(['db', 'migrate', '--data-dir'], {});
    assert.deepEqual(
      [empty.status, empty.stderr],
      [2, 'openlg: --data-dir needs a value (see openlg help)\n'],
    );
  });

  it("prints a kind's flags with examples", () => {
    const tidy = openlg(['import', 'tidy-csv', '--help'], {});
    assert.equal(tidy.status, 0);
    assert.match(tidy.stdout, /^Usage: openlg import tidy-csv <path> \[options\]\n/);
    for (const flag of [
      '--ignore <name>',
      '--code <text=slug>',
      '--unmapped error|skip',
      '--caveats',
    ])
      assert.ok(tidy.stdout.includes(flag), flag);
    assert.match(tidy.stdout, /Examples:\n {2}openlg import tidy-csv /);
    const wide = openlg(['import', 'wide-csv', '--help'], {});
    assert.ok(!wide.stdout.includes('--value-column'));
    assert.match(openlg(['import', 'ons-els', '-h'], {}).stdout, /reads its own columns/);
  });

  it('loads a file of many measures with one mapping; a dry run says exactly what it does', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'openlg-cli-asc-'));
    const env = { OPENLG_PGLITE_DIR: path.join(dir, 'pglite'), OPENLG_DATA_DIR: dataDir };
    await writeFile(
      path.join(dir, 'asc.csv'),
      'LA,Name,Year,Measure,Value\n' +
        ['E06000001', 'E06000002', 'E06000003']
          .flatMap((la, i) =>
            ['ASC1', 'ASC2', 'ASC9'].map((m, j) => `${la},x,2023-24,${m},${i + j}`),
          )
          .join('\n'),
    );
    await writeFile(
      path.join(dir, 'asc.json'),
      JSON.stringify({
        area: { column: 'LA' },
        period: { column: 'Year' },
        measures: [
          {
            metric: { column: 'Measure', codes: { ASC1: 'asc-one', ASC2: 'asc-two' } },
            value: 'Value',
          },
        ],
        metrics: [
          { slug: 'asc-one', title: 'One', polarity: 'higher-is-better' },
          { slug: 'asc-two', title: 'Two', polarity: 'lower-is-better' },
        ],
      }),
    );
    const run = (...extra: string[]) =>
      openlg(
        [
          'import',
          'tidy-csv',
          path.join(dir, 'asc.csv'),
          '--mapping',
          path.join(dir, 'asc.json'),
          '--ignore',
          'Name',
          ...extra,
        ],
        env,
      );
    const refused = run();
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /^asc\.csv, rows 4, 7, 10 \(3 rows\), column "Measure": "ASC9" is not one of the mapping's metric codes \("ASC1", "ASC2"\); map it, or set "unmapped": "skip" to leave such rows out$/m,
    );
    const dry = run('--unmapped', 'skip', '--dry-run');
    const real = run('--unmapped', 'skip');
    assert.equal(real.status, 0, real.stderr);
    const counts = (text: string) =>
      /: (6 rows read, .*metrics created, \d+ redefined)/.exec(text)?.[1] ?? text;
    assert.equal(
      counts(real.stderr + real.stdout),
      '6 rows read, 6 changed (6 inserted, 0 updated), 0 unchanged, 0 rejected, 0 duplicates, 2 metrics created, 0 redefined',
    );
    assert.equal(counts(dry.stderr + dry.stdout), counts(real.stderr + real.stdout));
    assert.match(
      real.stdout,
      /note: asc\.csv: 3 rows skipped whose Measure is not in the mapping's metric codes: "ASC9" \(3\)/,
    );
  });

  it('lists the calculated metrics and recalculates them, refusing an unknown one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'openlg-cli-'));
    const env = { OPENLG_PGLITE_DIR: path.join(dir, 'pglite'), LOG_LEVEL: 'silent' };
    const list = openlg(['calculated', 'list'], env);
    assert.equal(list.status, 0, list.stderr);
    assert.match(
      list.stdout,
      /^council-tax-requirement-per-head\tcouncil-tax-requirement \/ resident-population\tready-made\tCouncil tax requirement per head$/m,
    );
    assert.equal(list.stdout.trim().split('\n').length, readyMadeCalculated.length);
    const unknown = openlg(['calculated', 'recompute', 'nope'], env);
    assert.deepEqual(
      [unknown.status, unknown.stderr],
      [2, 'no calculated metric is called "nope"\n'],
    );
    // No inputs are loaded: nothing to calculate, and nothing written.
    const recompute = openlg(['calculated', 'recompute', 'council-tax-requirement-change'], env);
    assert.equal(recompute.status, 0, recompute.stderr);
    assert.match(
      recompute.stdout,
      /calculated council-tax-requirement-change: 0 rows read, 0 changed/,
    );
  });

  it('rejects an unknown command with the usage', () => {
    const result = openlg(['frobnicate'], {});
    assert.equal(result.status, 2);
    assert.match(result.stderr, /Unknown command "frobnicate"/);
    assert.match(result.stderr, /Usage: openlg/);
  });
});
