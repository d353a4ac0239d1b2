import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../db/database.ts';
import { dataDir } from '../testing/app.ts';
import { openTestDatabase } from '../testing/database.ts';
import { writeMappingFile } from '../testing/values.ts';
import { hiddenFields, openExampleSimulation } from './simulations.fixture.ts';

/*
 * Issue 21's fault test: a real `openlg serve` takes a stream of residents' budgets over HTTP,
 * is killed (SIGKILL: no handler, no cleanup) part-way, and is started again on the same store.
 * Every budget answered with the thank-you is there afterwards exactly once; every one whose
 * answer the kill cut off, sent again with the same form (idempotency key and cookie), is then
 * thanked and recorded once; nothing else is recorded; and the aggregates the results read are
 * the responses' own sums. On the engine the test run uses: PostgreSQL with DATABASE_URL, or an
 * embedded store on disk.
 */
const bin = path.resolve('bin/openlg.js');
const slug = 'fault-test';
const residents = 12;
/** Killed once this many budgets have been thanked, with others on their way. */
const killAfter = 60;

interface Form {
  cookie: string;
  fields: Record<string, string>;
}

/** A resident's visit: the form's page, its cookie and hidden fields, and a balanced budget. */
async function formFrom(address: string, n: number): Promise<Form> {
  const page = await fetch(`${address}/simulations/${slug}`);
  assert.equal(page.status, 200);
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
  const fields = hiddenFields(await page.text());
  // Two budgets that balance, so that the aggregates have more than one step to count.
  const budget: Record<string, string> =
    n % 2 === 0
      ? { 'line-libraries': '-25' }
      : { 'line-libraries': '-5', 'line-parks': '-10', 'line-parking': '20' };
  return { cookie: cookie.join('; '), fields: { ...fields, ...budget, action: 'submit' } };
}

/** Sends a form: true when thanked, false when refused, an error when no answer came. */
async function send(address: string, form: Form): Promise<boolean> {
  const response = await fetch(`${address}/simulations/${slug}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form.fields).toString(),
  });
  await response.arrayBuffer();
  return (
    response.status === 303 &&
    (response.headers.get('location') ?? '').startsWith(`/simulations/${slug}/thank-you`)
  );
}

describe('the budget simulator killed during a stream of submissions', () => {
  let dir: string;
  let env: Record<string, string>;
  let open: () => Promise<Database>;
  let server: ChildProcess | null = null;

  /** `openlg serve`, run by node itself (not restarted by bin/openlg.js) so a kill reaches it. */
  async function serve(): Promise<{ child: ChildProcess; address: string }> {
    const child = spawn(process.execPath, ['--max-old-space-size=1024', bin, 'serve'], {
      env,
      cwd: dir,
    });
    let output = '';
    const address = await new Promise<string>((resolve, reject) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const serving = /serving on (http:\/\/\S+)/.exec(output);
        if (serving?.[1]) resolve(serving[1]);
      });
      child.on('exit', () => reject(new Error(`serve stopped:\n${output}`)));
    });
    server = child;
    return { child, address };
  }

  const openlg = (...args: string[]) => {
    const run = spawnSync(process.execPath, [bin, ...args], { env, cwd: dir, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  };

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'openlg-fault-'));
    const inherited = { ...process.env } as Record<string, string>;
    delete inherited.DATABASE_URL;
    env = {
      ...inherited,
      OPENLG_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PORT: '0',
      // Every resident here comes from one address: only the limit a browser applies.
      OPENLG_RATE_LIMIT: '0',
      OPENLG_BUDGETS_PER_ADDRESS: '0',
    };
    if (process.env.DATABASE_URL) {
      const database = await openTestDatabase();
      assert.ok(database.url);
      env['DATABASE_URL'] = database.url;
      open = async () => database;
    } else {
      const store = path.join(dir, 'db');
      env['OPENLG_PGLITE_DIR'] = store;
      open = () => openDatabase({ kind: 'pglite', dataDir: store });
    }
    // The register and one value, so that serve has no demo to load, then the simulation.
    openlg('areas', 'import');
    await writeMappingFile(dir, 'fault-test-value', 'Fault test value');
    await writeFile(path.join(dir, 'value.csv'), 'area,year,value\nE06000001,2020,1\n');
    openlg('import', 'tidy-csv', 'value.csv', '--mapping', 'mapping.json');
    const database = await open();
    await openExampleSimulation(database, slug);
    if (!process.env.DATABASE_URL) await database.close();
  });

  after(async () => {
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await once(server, 'exit');
    }
  });

  it('keeps every budget it thanked, once, and the aggregates equal the responses', async (t) => {
    const first = await serve();
    const thanked = new Set<string>();
    const unanswered: Form[] = [];
    let made = 0;
    let killed = false;
    const resident = async () => {
      while (!killed) {
        const n = made++;
        let form: Form;
        try {
          form = await formFrom(first.address, n);
        } catch (error) {
          if (!killed) throw error;
          return; // The server was gone before this visit's budget was sent.
        }
        try {
          assert.equal(await send(first.address, form), true);
          thanked.add(form.fields['key'] ?? '');
        } catch (error) {
          if (!killed) throw error;
          unanswered.push(form);
        }
        if (thanked.size >= killAfter && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: residents }, resident));
    if (first.child.exitCode === null && first.child.signalCode === null)
      await once(first.child, 'exit');
    assert.equal(first.child.signalCode, 'SIGKILL');
    const thankedBeforeKill = thanked.size;

    const second = await serve();
    for (const form of unanswered) {
      assert.equal(await send(second.address, form), true, 'a retry after the restart is thanked');
      thanked.add(form.fields['key'] ?? '');
    }
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');
    t.diagnostic(
      `${thankedBeforeKill} thanked before the kill, ${unanswered.length} cut off and sent again`,
    );

    const database = await open();
    try {
      const keys = await database.db
        .selectFrom('simulation_responses')
        .select(['idempotency_key'])
        .execute();
      assert.equal(keys.length, new Set(keys.map((k) => k.idempotency_key)).size);
      assert.deepEqual(new Set(keys.map((k) => k.idempotency_key)), thanked);
      assert.ok(unanswered.length > 0 || thankedBeforeKill >= killAfter);
      assert.deepEqual(await aggregatesOff(database), []);
    } finally {
      // On PostgreSQL, the test's own database: closing drops it.
      await database.close();
    }
  });
});

/**
 * Where the kept aggregates differ from the responses' own counts: per line and step, per
 * council-tax level and per day (each summed over shards, included and excluded).
 */
async function aggregatesOff(database: Database): Promise<string[]> {
  const result = await sql<{ what: string; kept: number; counted: number }>`
    with counted as (
      select 'step ' || key || ' ' || value as what, count(*)::int as n
      from simulation_responses, jsonb_each_text(choices) group by 1
      union all
      select 'line ' || key, sum(value::int)::int
      from simulation_responses, jsonb_each_text(choices) group by 1
      union all
      select 'tax ' || council_tax_basis_points, count(*)::int from simulation_responses group by 1
      union all
      select 'days', count(*)::int from simulation_responses
    ), kept as (
      select 'step ' || line_id || ' ' || percent as what, sum(responses)::int as n
      from simulation_step_counts group by 1
      union all
      select 'line ' || line_id, sum(percent_sum)::int from simulation_line_totals group by 1
      union all
      select 'tax ' || basis_points, sum(responses)::int from simulation_council_tax_counts
      group by 1
      union all
      select 'days', sum(responses)::int from simulation_day_counts
    )
    select coalesce(k.what, c.what) as what, coalesce(k.n, 0) as kept, coalesce(c.n, 0) as counted
    from kept k full join counted c on c.what = k.what
    where coalesce(k.n, 0) <> coalesce(c.n, 0)`.execute(database.db);
  return result.rows.map((r) => `${r.what}: kept ${r.kept}, counted ${r.counted}`);
}
