import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { openTestDatabase } from '../testing/database.ts';
import { HealthCheck } from './health.service.ts';

describe('HealthCheck', () => {
  it('answers from a recent ping, and shows a lost database at the next ping', async () => {
    const database = await openTestDatabase();
    const health = new HealthCheck(database);
    assert.equal((await health.check()).status, 'ok');
    await database.close();
    // A second old: the last good answer stands while the next ping is under way...
    await sleep(1_100);
    assert.equal((await health.check()).status, 'ok');
    // ...and that ping's failure is what the next check reports.
    await sleep(100);
    const lost = await health.check();
    assert.equal(lost.status, 'unavailable');
    assert.equal(lost.database.reachable, false);
  });
});
