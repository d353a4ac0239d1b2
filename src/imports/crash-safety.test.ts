import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../db/database.ts';
import { dataDir } from '../testing/app.ts';
import { openTestDatabase } from '../testing/database.ts';
import { writeMappingFile } from '../testing/values.ts';

/**
 * An import killed part-way (SIGKILL: no cleanup, no signal handler) must leave the database
 * holding none of it or all of it, and the same import must then run cleanly. The child is the
 * real `openlg import` command, on the engine the test run uses.
 */
const bin = path.resolve('bin/openlg.js');
const metric = 'synthetic-crash-test';
// 300 areas x 600 months: big enough that the write takes a while, small enough for a test.
const months = 600;

async function writeSource(dir: string, areaCodes: readonly string[]) {
  const lines = ['area,month,value'];
  for (let m = 0; m < months; m++) {
    const month = `${1970 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
    for (const [i, code] of areaCodes.entries())
      lines.push(`${code},${month},${(i * 7 + m) % 1000}`);
  }
  await writeFile(path.join(dir, 'synthetic.csv'), `${lines.join('\n')}\n`);
  await writeMappingFile(dir, metric, 'Synthetic crash test values (synthetic)', 'month');
  return areaCodes.length * months;
}

async function state(database: Database) {
  const result = await sql<{ values: number; imports: number; covered: number }>`
    select
      (select count(*)::int from observations o join metrics m on m.id = o.metric_id
        where m.slug = ${metric}) as values,
      (select count(*)::int from imports where source = 'synthetic.csv') as imports,
      (select coalesce(sum(c.observation_count), 0)::int from metric_period_coverage c
        join metrics m on m.id = c.metric_id where m.slug = ${metric}) as covered`.execute(
    database.db,
  );
  const row = result.rows[0];
  assert.ok(row);
  return row;
}

describe('an import killed part-way', () => {
  let dir: string;
  let env: Record<string, string>;
  let open: () => Promise<Database>;
  let cleanup = async () => {};
  let expected = 0;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'openlg-crash-'));
    const inherited = { ...process.env } as Record<string, string>;
    delete inherited.DATABASE_URL;
    if (process.env.DATABASE_URL) {
      const database = await openTestDatabase();
      assert.ok(database.url);
      env = { ...inherited, DATABASE_URL: database.url, OPENLG_DATA_DIR: dataDir };
      open = async () => database;
      cleanup = () => database.close();
    } else {
      const pglite = path.join(dir, 'db');
      env = { ...inherited, OPENLG_PGLITE_DIR: pglite, OPENLG_DATA_DIR: dataDir };
      open = () => openDatabase({ kind: 'pglite', dataDir: pglite });
    }
    // A first run creates the schema and loads the register, so the killed run only imports.
    const migrate = spawnSync(process.execPath, [bin, 'areas', 'import'], {
      env,
      encoding: 'utf8',
    });
    assert.equal(migrate.status, 0, migrate.stderr);
    const database = await open();
    const areas = await database.db
      .selectFrom('areas')
      .select('code')
      .where('type', 'in', ['district', 'unitary'])
      .orderBy('code')
      .limit(300)
      .execute();
    if (!process.env.DATABASE_URL) await database.close();
    expected = await writeSource(
      dir,
      areas.map((a) => a.code),
    );
  });
  after(() => cleanup());

  const importArgs = () => [
    bin,
    'import',
    'tidy-csv',
    path.join(dir, 'synthetic.csv'),
    '--mapping',
    path.join(dir, 'mapping.json'),
  ];

  it('holds none or all of it, and the import then runs cleanly', async (t) => {
    const child = spawn(process.execPath, importArgs(), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const killed = new Promise<{ phase: string }>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`never started writing:\n${output}`)),
        120_000,
      );
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (/Writing \d+ values/.test(output)) {
          clearTimeout(timer);
          // Part-way through the transaction that stages, merges and records the values.
          setTimeout(() => {
            child.kill('SIGKILL');
            resolve({ phase: 'writing' });
          }, 300);
        }
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ phase: `exited ${code}` });
      });
    });
    const { phase } = await killed;
    await new Promise((resolve) =>
      child.exitCode === null ? child.on('exit', resolve) : resolve(null),
    );
    assert.equal(child.signalCode ?? 'none', phase === 'writing' ? 'SIGKILL' : 'none', output);

    let database = await open();
    const after = await state(database);
    t.diagnostic(`killed while ${phase}; then held ${JSON.stringify(after)}`);
    if (!process.env.DATABASE_URL) await database.close();
    const none = { values: 0, imports: 0, covered: 0 };
    const all = { values: expected, imports: 1, covered: expected };
    assert.ok(
      JSON.stringify(after) === JSON.stringify(none) ||
        JSON.stringify(after) === JSON.stringify(all),
      `after a kill while ${phase}: ${JSON.stringify(after)}, expected none or ${JSON.stringify(all)}`,
    );

    const again = spawnSync(process.execPath, importArgs(), {
      env,
      encoding: 'utf8',
      timeout: 300_000,
    });
    assert.equal(again.status, 0, again.stderr);
    database = await open();
    assert.deepEqual(await state(database), all);
    if (!process.env.DATABASE_URL) await database.close();
  });
});
