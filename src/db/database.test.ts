import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { openTestDatabase } from '../testing/database.ts';
import { openDatabase, type Database } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import { readHolder } from './store-lock.ts';
import * as vocabulary from './vocabulary.ts';
import { memberStatuses } from '../peer-challenge/peer-pool.tables.ts';
import {
  challengeStates,
  challengeTypes,
  peerKinds,
  teamRoles,
} from '../peer-challenge/vocabulary.ts';
import { respondentRoles } from '../peer-challenge/surveys.ts';
import { simulationStates } from '../simulations/simulations.tables.ts';

describe('database layer', () => {
  let database: Database;
  before(async () => {
    database = await openTestDatabase();
  });
  after(() => database.close());

  it(
    'survives the server ending an idle pooled connection',
    { skip: process.env.DATABASE_URL ? false : 'PostgreSQL only: PGlite has no server' },
    async () => {
      const url = (database as Database & { url?: string }).url;
      assert.ok(url);
      await sql`select 1`.execute(database.db);
      // Another session ends the pool's idle connection, as a server restart would.
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const ended = await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`);
      await admin.end();
      assert.ok((ended.rowCount ?? 0) >= 1, 'an idle pooled connection was ended');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
      assert.equal(again.rows[0]?.one, 1);
    },
  );

  it(
    'starts the embedded engine with a small buffer pool',
    { skip: process.env.DATABASE_URL ? 'PGlite only: PostgreSQL sets its own' : false },
    async () => {
      // Its initdb's 128 MB would be held for the life of the process (docs/performance.md).
      const { rows } = await sql<{ shared_buffers: string }>`show shared_buffers`.execute(
        database.db,
      );
      assert.equal(rows[0]?.shared_buffers, '16MB');
    },
  );

  it('renews as itself when there is no embedded engine on files to start again', async () => {
    // PostgreSQL keeps its memory in its own server; PGlite in memory would lose its data.
    assert.equal((await database.renew()).db, database.db);
    assert.equal(
      (await sql<{ one: number }>`select 1 as one`.execute(database.db)).rows[0]?.one,
      1,
    );
  });

  it('is idempotent to migrate again', async () => {
    assert.deepEqual(await migrateToLatest(database.db), []);
  });

  it('returns dates as strings and bigints as numbers on every engine', async () => {
    const row = await sql<{
      d: string;
      n: number;
      f: number;
    }>`select date '2019-04-01' as d, 12345678901::bigint as n, 1.5::numeric as f`.execute(
      database.db,
    );
    assert.deepEqual(row.rows[0], { d: '2019-04-01', n: 12345678901, f: 1.5 });
  });

  it('rolls back a failed transaction completely', async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('areas')
          .values({
            code: 'E92000001',
            name: 'England',
            short_name: 'England',
            type: 'nation',
            nation: 'england',
            valid_from: null,
            valid_to: null,
          })
          .execute();
        throw new Error('stop');
      }),
      /stop/,
    );
    const count = await database.db
      .selectFrom('areas')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });

  it('serialises queries issued while a transaction is open', async () => {
    const order: string[] = [];
    const inTransaction = database.db.transaction().execute(async (trx) => {
      await sql`select pg_sleep(0.05)`.execute(trx);
      order.push('transaction');
    });
    const outside = sql`select 1`.execute(database.db).then(() => order.push('outside'));
    await Promise.all([inTransaction, outside]);
    if (database.engine === 'pglite') assert.deepEqual(order, ['transaction', 'outside']);
    else assert.equal(order.length, 2);
  });

  it('rejects a value without a status explaining why it is missing', async () => {
    await assert.rejects(
      sql`insert into observations (metric_id, period_id, area_id, value, status, import_id)
          values (1, 1, 1, null, 'ok', 1)`.execute(database.db),
      /violates|constraint/,
    );
  });

  for (const [table, column, values] of [
    ['areas', 'type', vocabulary.areaTypes],
    ['areas', 'nation', vocabulary.nations],
    ['area_parents', 'relation', vocabulary.parentRelations],
    ['area_successions', 'kind', vocabulary.successionKinds],
    ['area_identifiers', 'scheme', vocabulary.identifierSchemes],
    ['area_boundaries', 'layer', vocabulary.boundaryLayers],
    ['area_groups', 'kind', vocabulary.groupKinds],
    ['metric_definitions', 'polarity', vocabulary.polarities],
    ['metric_definitions', 'theme', vocabulary.themes],
    ['metric_definitions', 'publication', vocabulary.publicationStates],
    ['periods', 'type', vocabulary.periodTypes],
    ['observations', 'status', vocabulary.valueStatuses],
    ['observations', 'publication', vocabulary.publicationStates],
    ['imports', 'publication', vocabulary.publicationStates],
    ['peer_challenges', 'type', challengeTypes],
    ['peer_challenges', 'state', challengeStates],
    ['peer_challenge_transitions', 'from_state', challengeStates],
    ['peer_challenge_transitions', 'to_state', challengeStates],
    ['peers', 'kind', peerKinds],
    ['peer_challenge_members', 'role', teamRoles],
    ['peer_challenge_members', 'status', memberStatuses],
    ['peer_challenge_survey_responses', 'respondent_role', respondentRoles],
    ['simulations', 'state', simulationStates],
  ] as const) {
    it(`checks ${table}.${column} against the TypeScript vocabulary`, async () => {
      const result = await sql<{ def: string }>`
        select pg_get_constraintdef(oid) as def from pg_constraint
        where contype = 'c' and conrelid = ${table}::regclass
          and pg_get_constraintdef(oid) like ${`CHECK ((${column} = ANY%`}`.execute(database.db);
      assert.equal(result.rows.length, 1, `expected one CHECK on ${table}.${column}`);
      const allowed = [...result.rows[0]!.def.matchAll(/'([^']+)'::text/g)].map((m) => m[1]);
      assert.deepEqual(new Set(allowed), new Set(values));
    });
  }
});

describe('an embedded store renewed after an import', () => {
  it(
    'is the same store, data and lock in a fresh engine, the old one closed',
    { skip: process.env.DATABASE_URL ? 'PGlite only: PostgreSQL renews as itself' : false },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'openlg-renew-'));
      const first = await openDatabase(
        { kind: 'pglite', dataDir: dir },
        { command: 'openlg serve' },
      );
      await sql`create table kept (n int)`.execute(first.db);
      await sql`insert into kept values (42)`.execute(first.db);
      const renewed = await first.renew();
      try {
        assert.notEqual(renewed, first);
        await assert.rejects(sql`select 1`.execute(first.db));
        const { rows } = await sql<{ n: number }>`select n from kept`.execute(renewed.db);
        assert.deepEqual(rows, [{ n: 42 }]);
        // No other process could take the store between the two engines.
        assert.equal((await readHolder(dir))?.command, 'openlg serve');
      } finally {
        await renewed.close();
      }
      assert.equal(await readHolder(dir), null);
    },
  );
});
