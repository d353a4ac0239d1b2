import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { createServices } from '../app/services.ts';
import { buildApp } from '../app/app.ts';
import { loadConfig } from '../config/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { dataDir, openRegisterDatabase } from '../testing/app.ts';
import { ImportService } from './imports.service.ts';
import { findSourceKind, readMappingFile } from './sources.ts';
import { writeMappingFile } from '../testing/values.ts';

/**
 * Several openlg processes may share one PostgreSQL database: imports into it take turns, and a
 * running server answers from what the last one committed. (An embedded store has one owner:
 * src/cli/embedded-store.test.ts.)
 */
const metric = 'import-lock-test';
const bin = path.resolve('bin/openlg.js');

describe('imports into one PostgreSQL database', { skip: !process.env.DATABASE_URL }, () => {
  let dir: string;
  let database: Database & { url?: string };
  let other: Database;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'openlg-import-lock-'));
    await writeMappingFile(dir, metric, 'Import lock test');
    database = await openRegisterDatabase();
    assert.ok(database.url);
    // A second pool, as a second openlg process would have.
    other = await openDatabase({ kind: 'postgres', url: database.url });
  });
  after(async () => {
    await other.close();
    await database.close();
  });

  const source = async (name: string, years: number[]) => {
    const lines = ['area,year,value'];
    for (const y of years)
      for (const [i, area] of ['E06000001', 'E06000002', 'E06000003'].entries())
        lines.push(`${area},${y},${y + i}`);
    const file = path.join(dir, name);
    await writeFile(file, `${lines.join('\n')}\n`);
    const kind = findSourceKind('tidy-csv');
    assert.ok(kind);
    const mapping = await readMappingFile(path.join(dir, 'mapping.json'));
    return kind.read(file, dir, { name: 'mapping.json', value: mapping });
  };

  const stored = async () => {
    const result = await sql<{ code: string; n: number }>`
      select p.code, count(*)::int as n from observations o
      join periods p on p.id = o.period_id join metrics m on m.id = o.metric_id
      where m.slug = ${metric} group by p.code order by p.code`.execute(database.db);
    return result.rows.map((r) => `${r.code.slice(0, 4)}:${r.n}`);
  };

  it('take turns when two start at once with overlapping new periods and metric', async () => {
    const [first, second] = await Promise.all([
      source('a.csv', [2020, 2021]),
      source('b.csv', [2021, 2022]),
    ]);
    // Both imports are held at the same point of their transactions, then let go together.
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('lock table imports in share row exclusive mode');
    const runs = Promise.allSettled([
      new ImportService(database).run(first),
      new ImportService(other).run(second),
    ]);
    let waiting: { locktype: string }[] = [];
    for (let tries = 0; waiting.length < 2; tries++) {
      assert.ok(tries < 600, `the imports never both waited: ${JSON.stringify(waiting)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Waits for a row another transaction wrote name no database: find them by backend.
      const result = await blocker.query<{ locktype: string }>(
        `select l.locktype from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where not l.granted and a.datname = current_database()`,
      );
      waiting = result.rows;
    }
    // One holds the import lock and waits for the table; the other waits for the import lock.
    assert.deepEqual(waiting.map((w) => w.locktype).sort(), ['advisory', 'relation']);
    await blocker.query('rollback');
    await blocker.end();
    const results = await runs;
    for (const r of results)
      assert.equal(r.status, 'fulfilled', String((r as PromiseRejectedResult).reason));
    assert.deepEqual(await stored(), ['2020:3', '2021:3', '2022:3']);
    const latest = await sql<{ n: number }>`
      select count(*)::int as n from latest_values l join metrics m on m.id = l.metric_id
      join periods p on p.id = l.period_id where m.slug = ${metric} and p.code like '2022%'`.execute(
      database.db,
    );
    assert.equal(latest.rows[0]?.n, 3);
  });

  it('shows an import by another process in a running server at once', async () => {
    const app = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir }),
      createServices(database),
    );
    try {
      const years = async () => {
        const response = await app.inject(
          `/api/v1/data?metric=${metric}&area=E06000001&period=latest:10`,
        );
        assert.equal(response.statusCode, 200, response.body);
        return (response.json() as { observations: { period: string }[] }).observations.map((o) =>
          o.period.slice(0, 4),
        );
      };
      assert.deepEqual(await years(), ['2020', '2021', '2022']);
      await source('c.csv', [2023]);
      const inherited = { ...process.env } as Record<string, string>;
      const child = spawn(
        process.execPath,
        [bin, 'import', 'tidy-csv', 'c.csv', '--mapping', 'mapping.json'],
        {
          cwd: dir,
          env: { ...inherited, DATABASE_URL: database.url ?? '', OPENLG_DATA_DIR: dataDir },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [status] = (await once(child, 'exit')) as [number | null];
      assert.equal(status, 0, stderr);
      assert.deepEqual(await years(), ['2020', '2021', '2022', '2023']);
    } finally {
      await app.close();
    }
  });
});
