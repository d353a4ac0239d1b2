import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { openTestDatabase } from './database.ts';
import { withAdmin } from './snapshot.ts';

/**
 * Test files share fixtures built once: each must still get a database of its own, holding what
 * the build wrote and nothing another file wrote since.
 */
describe('a fixture built once, copied for each test file', () => {
  const name = 'snapshot_test';
  let builds = 0;
  const snapshot = {
    name,
    build: async (database: Awaited<ReturnType<typeof openTestDatabase>>) => {
      builds++;
      await database.db
        .insertInto('rate_limits')
        .values({ client: 'built', window_start: 0, hits: 1 })
        .execute();
    },
  };
  const clients = async (database: Awaited<ReturnType<typeof openTestDatabase>>) =>
    (await database.db.selectFrom('rate_limits').select('client').orderBy('client').execute()).map(
      (r) => r.client,
    );

  it('builds once and gives each opener its own copy of what the build wrote', async () => {
    const first = await openTestDatabase(snapshot);
    // None if an earlier run of this same code left the snapshot.
    const buildsByFirst = builds;
    const second = await openTestDatabase(snapshot);
    try {
      assert.ok(buildsByFirst <= 1);
      assert.equal(builds, buildsByFirst, 'the second opener built it again');
      await first.db
        .insertInto('rate_limits')
        .values({ client: 'first only', window_start: 0, hits: 1 })
        .execute();
      assert.deepEqual(await clients(first), ['built', 'first only']);
      assert.deepEqual(await clients(second), ['built']);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('opens an empty, migrated database by default', async () => {
    const database = await openTestDatabase();
    try {
      assert.deepEqual(await clients(database), []);
    } finally {
      await database.close();
    }
  });

  const serverUrl = process.env.DATABASE_URL;
  it(
    'drops an older template of the fixture, never one another process is still building',
    { skip: serverUrl ? undefined : 'PostgreSQL only: PGlite keeps its fixtures in files' },
    async () => {
      if (!serverUrl) return;
      // A fixture name of this run's own, so that this run builds it and cleans up after.
      const fixture = `snapshot_drop_${randomBytes(3).toString('hex')}`;
      const older = `openlg_snapshot_${fixture}_${'0'.repeat(16)}`;
      const building = `openlg_snapshot_${fixture}_${'1'.repeat(16)}_0a1b2c3d`;
      const names = () =>
        withAdmin(serverUrl, async (client) =>
          (
            await client.query<{ datname: string }>(
              'select datname from pg_database where datname like $1 order by datname',
              [`openlg\\_snapshot\\_${fixture}\\_%`],
            )
          ).rows.map((r) => r.datname),
        );
      await withAdmin(serverUrl, async (client) => {
        for (const name of [older, building]) await client.query(`create database ${name}`);
      });
      try {
        const database = await openTestDatabase({ name: fixture, build: async () => undefined });
        await database.close();
        const left = await names();
        assert.ok(!left.includes(older), 'the older template is dropped');
        assert.ok(left.includes(building), 'the one being built is kept');
        assert.equal(left.length, 2, left.join(', '));
      } finally {
        await withAdmin(serverUrl, async (client) => {
          for (const name of await names()) await client.query(`drop database ${name}`);
        });
      }
    },
  );
});
