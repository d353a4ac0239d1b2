import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { GroupsService } from '../groups/groups.service.ts';
import { openContextApp, type TestApp } from '../testing/app.ts';
import { dataQuery } from './data.schema.ts';
import { DataService } from './data.service.ts';

describe('the data catalogue', () => {
  let t: TestApp;
  const metric = 'gcses-in-english-and-maths';
  before(async () => {
    t = await openContextApp();
  });
  after(() => t.close());

  it('is refreshed after a minute behind the answers, and at once when the data changes', async () => {
    mock.timers.enable({ apis: ['Date'], now: Date.now() });
    try {
      const data = new DataService(t.database.db, new GroupsService(t.database.db));
      const title = async () =>
        (await data.query(dataQuery.parse({ metric, area: 'E06000001' }), 'json')).metrics[0]
          ?.title;
      const rename = (to: string) =>
        sql`update metric_definitions set title = ${to}
          where metric_id = (select id from metrics where slug = ${metric})`.execute(t.database.db);
      assert.equal(await title(), 'GCSEs in English and Maths');
      // A change no writer announced (writers bump the data version): only the refresh sees it.
      await rename('Renamed');
      mock.timers.tick(59_000);
      assert.equal(await title(), 'GCSEs in English and Maths', 'still the cached catalogue');
      mock.timers.tick(2_000);
      assert.equal(await title(), 'GCSEs in English and Maths', 'answered before the refresh');
      let seen = await title();
      for (let i = 0; i < 100 && seen !== 'Renamed'; i++) {
        await sleep(20);
        seen = await title();
      }
      assert.equal(seen, 'Renamed', 'the refreshed catalogue replaces the old one');

      await rename('Renamed again');
      await sql`update data_version set version = version + 1`.execute(t.database.db);
      assert.equal(await title(), 'Renamed again', 'a new data version is read before answering');
    } finally {
      mock.timers.reset();
    }
  });
});
