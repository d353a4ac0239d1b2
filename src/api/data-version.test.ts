import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { bumpDataVersion } from '../db/data-version.ts';
import { openRegisterDatabase } from '../testing/app.ts';
import { importValues } from '../testing/values.ts';
import { DataVersionService } from './api.service.ts';

/*
 * Issue 16: where this process is the store's only writer (PGlite), the version of what the public
 * can see is known without asking, until a commit moves it or an embargo lifts; on PostgreSQL,
 * where other processes write too, it is read for every request.
 */
describe('the data version', () => {
  let database: Database;
  let versions: DataVersionService;
  const kept = () => database.engine === 'pglite';

  before(async () => {
    database = await openRegisterDatabase();
    versions = await DataVersionService.open(database);
  });
  after(() => database.close());

  it('is kept between requests only where writes are told of', async () => {
    const first = await versions.current();
    const second = await versions.current();
    // The same object is the same read: a read gives a new one each time.
    assert.equal(second === first, kept());
    assert.equal(second.token, first.token);
  });

  it('moves when a transaction that moved it commits, not when one rolls back', async () => {
    const before = await versions.current();
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await bumpDataVersion(trx);
        throw new Error('changed its mind');
      }),
    );
    assert.equal((await versions.current()).token, before.token);
    await database.db.transaction().execute((trx) => bumpDataVersion(trx));
    const after = await versions.current();
    assert.equal(after.number, before.number + 1);
    assert.notEqual(after.token, before.token);
  });

  it('moves the moment an embargo lifts, with no write', async () => {
    // Long enough for the import on a busy machine: at 3 s, a loaded 2-core machine once took
    // so long to import that the embargo had lifted before the second reading.
    const until = new Date(Date.now() + 10_000);
    await importValues(
      database,
      'lifting-metric',
      '2024',
      { E06000001: 1 },
      {
        publication: { state: 'embargoed', until },
      },
    );
    const during = await versions.current();
    assert.ok(during.secondsToNextLift !== null && during.secondsToNextLift <= 10);
    assert.ok(during.nextLiftAt !== null && during.nextLiftAt <= until.getTime());
    // A version kept a while still counts the seconds to the lift from now: the catalogue and
    // the answers' max-age must not outlive the embargo by how long the version was kept.
    await sleep(500);
    const asked = Date.now();
    const later = await versions.current();
    assert.equal(later.token, during.token);
    assert.ok(later.nextLiftAt !== null && later.nextLiftAt <= until.getTime());
    assert.ok(
      later.secondsToNextLift !== null && asked + later.secondsToNextLift * 1000 <= until.getTime(),
      `${later.secondsToNextLift} s to a lift due in ${(until.getTime() - asked) / 1000} s`,
    );
    // A timer may fire a millisecond early, and then the database rightly says the embargo holds.
    await sleep(until.getTime() - Date.now() + 50);
    const lifted = await versions.current();
    assert.notEqual(lifted.token, during.token);
    assert.equal(lifted.number, during.number, 'no write moved it');
    assert.equal(lifted.secondsToNextLift, null);
  });
});
