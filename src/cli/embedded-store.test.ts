import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../db/database.ts';
import { readHolder } from '../db/store-lock.ts';
import { dataDir } from '../testing/app.ts';
import { writeMappingFile } from '../testing/values.ts';

/**
 * One embedded store, several real `openlg` processes: a second opener is refused with the
 * holder named, an import given to a running server is run by it and shows at once, a killed
 * holder's lock is taken over, and the store stays whole and openable throughout.
 */
const bin = path.resolve('bin/openlg.js');
const metric = 'embedded-store-test';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe('one embedded store, two processes', { skip: !!process.env.DATABASE_URL }, () => {
  let dir: string;
  let store: string;
  let env: Record<string, string>;

  /** Runs the real command to its end, as an operator would. */
  const openlg = async (args: string[], cwd = dir): Promise<Run> => {
    const child = spawn(process.execPath, [bin, ...args], { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [status] = (await once(child, 'exit')) as [number | null];
    return { status, stdout, stderr };
  };

  /** A small CSV of this test's metric: three councils, the given years. */
  const source = async (name: string, years: number[], value = (y: number, i: number) => y + i) => {
    const lines = ['area,year,value'];
    for (const y of years)
      for (const [i, area] of ['E06000001', 'E06000002', 'E06000003'].entries())
        lines.push(`${area},${y},${value(y, i)}`);
    await writeFile(path.join(dir, name), `${lines.join('\n')}\n`);
    return name;
  };
  const importArgs = (file: string, ...more: string[]) => [
    'import',
    'tidy-csv',
    file,
    '--mapping',
    'mapping.json',
    ...more,
  ];

  /** The store's tables, read by this process once nobody else holds it. */
  const stateOfStore = async () => {
    const database = await openDatabase({ kind: 'pglite', dataDir: store });
    try {
      const years = await sql<{ code: string }>`
        select distinct p.code from observations o join periods p on p.id = o.period_id
        join metrics m on m.id = o.metric_id where m.slug = ${metric} order by p.code`.execute(
        database.db,
      );
      return { years: years.rows.map((r) => r.code.slice(0, 4)) };
    } finally {
      await database.close();
    }
  };

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'openlg-store-'));
    store = path.join(dir, 'db');
    const inherited = { ...process.env } as Record<string, string>;
    delete inherited.DATABASE_URL;
    env = {
      ...inherited,
      OPENLG_PGLITE_DIR: store,
      OPENLG_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PORT: '0',
    };
    await writeMappingFile(dir, metric, 'Embedded store test');
    // The register and its groups, and a first value, so that serve has no demo to load.
    const register = await openlg(['areas', 'import']);
    assert.equal(register.status, 0, register.stderr);
    const first = await openlg(importArgs(await source('2018.csv', [2018])));
    assert.equal(first.status, 0, first.stderr);
  });

  describe('while openlg serve holds it', () => {
    let server: ChildProcess;
    let address: string;
    let serverPid: number;

    before(async () => {
      server = spawn(process.execPath, [bin, 'serve'], { env, cwd: dir });
      let output = '';
      address = await new Promise<string>((resolve, reject) => {
        server.stderr?.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const serving = /serving on (http:\/\/\S+)/.exec(output);
          if (serving?.[1]) resolve(serving[1]);
        });
        server.on('exit', () => reject(new Error(`serve stopped:\n${output}`)));
      });
      const holder = await readHolder(store);
      assert.equal(holder?.command, 'openlg serve');
      serverPid = holder.pid;
    });
    after(async () => {
      // SIGTERM: bin/openlg.js passes it on to the server it started, which closes and exits.
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGTERM');
        await once(server, 'exit');
      }
    });

    const values = async () => {
      const response = await fetch(
        `${address}/api/v1/data?metric=${metric}&area=E06000001&period=latest:10`,
      );
      assert.equal(response.status, 200);
      const body = (await response.json()) as { observations: { period: string }[] };
      return body.observations.map((o) => o.period.slice(0, 4));
    };

    it('runs an import handed to it, prints what a local import prints, and shows it at once', async () => {
      assert.deepEqual(await values(), ['2018']);
      await source('2019.csv', [2019]);
      // From another folder: the file and the mapping are found from where the command ran.
      const run = await openlg(
        importArgs(path.join(dir, '2019.csv')).map((a) =>
          a === 'mapping.json' ? path.join('..', 'mapping.json') : a,
        ),
        path.join(dir, 'db'),
      );
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /Checking 3 rows/);
      assert.match(run.stderr, /3 rows read, 3 changed \(3 inserted, 0 updated\)/);
      assert.match(run.stdout, /note: 2019\.csv: 3 rows/);
      assert.deepEqual(await values(), ['2018', '2019']);
    });

    it('hands over a dry run and a rejected file with their own output and exit codes', async () => {
      await source('2020.csv', [2020]);
      const dry = await openlg(importArgs('2020.csv', '--dry-run'));
      assert.equal(dry.status, 0, dry.stderr);
      assert.match(dry.stderr, /Dry run of tidy-csv 2020\.csv: 3 rows read, 3 changed/);
      await writeFile(path.join(dir, 'bad.csv'), 'area,year,value\nE06000001,2020,lots\n');
      const bad = await openlg(importArgs('bad.csv'));
      assert.equal(bad.status, 1);
      assert.match(bad.stderr, /bad\.csv/);
      assert.match(bad.stderr, /Nothing was changed/);
      assert.deepEqual(await values(), ['2018', '2019']);
    });

    it('refuses every other command, naming the server', async () => {
      for (const args of [['db', 'migrate'], ['demo']]) {
        const run = await openlg(args);
        assert.equal(run.status, 1, `${args.join(' ')}: ${run.stderr}`);
        assert.match(run.stderr, new RegExp(`in use by "openlg serve" \\(pid ${serverPid}, since`));
        assert.match(run.stderr, /Nothing was changed/);
      }
    });

    it('leaves a lock that is taken over once the server is killed, and the store whole', async () => {
      process.kill(serverPid, 'SIGKILL');
      await once(server, 'exit');
      assert.equal((await readHolder(store))?.pid, serverPid);
      const migrate = await openlg(['db', 'migrate']);
      assert.equal(migrate.status, 0, migrate.stderr);
      assert.match(migrate.stdout, /Schema is up to date/);
      assert.deepEqual((await stateOfStore()).years, ['2018', '2019']);
    });
  });

  it('refuses a second import while another holds the store, and changes nothing', async (t) => {
    // The first import holds the store while it waits for its file, written only at the end.
    const fifo = path.join(dir, '2021.csv');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const first = spawn(process.execPath, [bin, ...importArgs('2021.csv')], { env, cwd: dir });
    let firstErr = '';
    first.stderr.on('data', (chunk: Buffer) => (firstErr += chunk.toString()));
    // Should the test fail before it writes the file, the import must not wait for it forever.
    t.after(() => first.kill('SIGKILL'));
    for (let tries = 0; (await readHolder(store))?.pid !== first.pid; tries++) {
      assert.ok(tries < 600, `the first import never held the store:\n${firstErr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const second = await openlg(importArgs(await source('2022.csv', [2022])));
    assert.equal(second.status, 1, second.stderr);
    assert.match(
      second.stderr,
      new RegExp(
        `in use by "openlg import tidy-csv 2021\\.csv --mapping mapping\\.json" \\(pid ${first.pid}, since`,
      ),
    );
    assert.match(second.stderr, /Nothing was changed/);

    await writeFile(fifo, 'area,year,value\nE06000001,2021,1\n');
    const [status] = (await once(first, 'exit')) as [number | null];
    assert.equal(status, 0, firstErr);
    // Only the first import's value is there: the refused one wrote nothing.
    assert.deepEqual((await stateOfStore()).years, ['2018', '2019', '2021']);

    // Once the store is free, the refused import runs as it would have.
    const again = await openlg(importArgs('2022.csv'));
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual((await stateOfStore()).years, ['2018', '2019', '2021', '2022']);
    assert.equal(
      await readFile(path.join(store, 'openlg.lock'), 'utf8').catch(() => 'none'),
      'none',
    );
  });
});
