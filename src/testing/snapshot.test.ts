import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openTestDatabase } from './database.ts';

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
});
