import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../testing/database.ts';
import { newUser } from '../testing/fixtures.ts';
import * as repo from './password-reset.repository.ts';

const hour = 3600;
const inAnHour = () => new Date(Date.now() + hour * 1000);

describe('password reset repository', () => {
  let database: Database;
  before(async () => {
    database = await openTestDatabase();
  });
  after(() => database.close());

  it('counts recent requests per email and per address, within the window only', async () => {
    for (const [email, address] of [
      ['a@example.org', '192.0.2.1'],
      ['a@example.org', '192.0.2.2'],
      ['b@example.org', '192.0.2.1'],
    ] as const)
      await repo.recordResetRequest(database.db, email, address);
    await sql`insert into password_reset_requests (email_key, address, at)
      values ('a@example.org', '192.0.2.1', now() - interval '2 hours')`.execute(database.db);
    assert.deepEqual(
      await repo.recentResetRequests(database.db, 'a@example.org', '192.0.2.1', hour),
      {
        forEmail: 2,
        fromAddress: 2,
      },
    );
  });

  it('uses a link once, ends the user’s other links, and forgets used and old ones', async () => {
    const user = await newUser(database);
    await repo.insertPasswordReset(database.db, {
      tokenHash: 'one',
      userId: user.id,
      expiresAt: inAnHour(),
    });
    await repo.insertPasswordReset(database.db, {
      tokenHash: 'two',
      userId: user.id,
      expiresAt: inAnHour(),
    });
    assert.equal(await repo.openPasswordReset(database.db, 'one'), user.id);
    const [first, second] = await Promise.all([
      repo.usePasswordReset(database.db, 'one'),
      repo.usePasswordReset(database.db, 'one'),
    ]);
    assert.deepEqual([first, second].sort(), [user.id, null].sort(), 'of two racing, one wins');
    await repo.endPasswordResets(database.db, user.id);
    assert.equal(await repo.openPasswordReset(database.db, 'two'), null);

    await repo.insertPasswordReset(database.db, {
      tokenHash: 'three',
      userId: user.id,
      expiresAt: inAnHour(),
    });
    await repo.forgetPasswordResetsBefore(database.db, hour);
    const kept = await database.db.selectFrom('password_resets').select('token_hash').execute();
    assert.deepEqual(
      kept.map((r) => r.token_hash),
      ['three'],
    );
    const requests = await database.db.selectFrom('password_reset_requests').select('id').execute();
    assert.equal(requests.length, 3, 'the request from 2 hours ago is forgotten');
  });
});
