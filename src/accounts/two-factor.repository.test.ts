import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../testing/database.ts';
import { newUser } from '../testing/fixtures.ts';
import * as repo from './two-factor.repository.ts';

describe('two-factor repository', () => {
  let database: Database;
  before(async () => {
    database = await openTestDatabase();
  });
  after(() => database.close());

  it('keeps a secret unconfirmed until a step is accepted, then in force', async () => {
    const { id } = await newUser(database);
    await repo.storePendingSecret(database.db, id, 'FIRSTSECRET');
    await repo.storePendingSecret(database.db, id, 'SECONDSECRET');
    assert.deepEqual(await repo.findTwoFactor(database.db, id), {
      secret: 'SECONDSECRET',
      confirmed: false,
      lastUsedStep: null,
    });
    assert.equal(await repo.hasTwoFactor(database.db, id), false);
    assert.equal(await repo.acceptStep(database.db, id, 100), true);
    assert.equal(await repo.hasTwoFactor(database.db, id), true);
    // A secret in force is not replaced by a new one being set up.
    await repo.storePendingSecret(database.db, id, 'THIRDSECRET');
    assert.equal((await repo.findTwoFactor(database.db, id))?.secret, 'SECONDSECRET');
  });

  it('accepts each step once, and never one before the last: of racing requests, one wins', async () => {
    const { id } = await newUser(database);
    await repo.storePendingSecret(database.db, id, 'SECRET');
    const race = await Promise.all(
      Array.from({ length: 4 }, () => repo.acceptStep(database.db, id, 200)),
    );
    assert.deepEqual(race.filter(Boolean).length, 1);
    assert.equal(await repo.acceptStep(database.db, id, 199), false);
    assert.equal(await repo.acceptStep(database.db, id, 201), true);
    assert.equal((await repo.findTwoFactor(database.db, id))?.lastUsedStep, 201);
  });

  it('uses a recovery code once, however many ask at the same moment', async () => {
    const { id } = await newUser(database);
    await repo.replaceRecoveryCodes(database.db, id, ['hash-a', 'hash-b']);
    const race = await Promise.all(
      Array.from({ length: 4 }, () => repo.useRecoveryCode(database.db, id, 'hash-a')),
    );
    assert.equal(race.filter(Boolean).length, 1);
    assert.equal(await repo.unusedRecoveryCodes(database.db, id), 1);
    // Another user's codes are not theirs to use.
    const other = await newUser(database);
    assert.equal(await repo.useRecoveryCode(database.db, other.id, 'hash-b'), false);
  });

  it('ends a challenge once, forgets it when it expires, and requires the admin set-up', async () => {
    const admin = await newUser(database, { role: 'administrator' });
    const analyst = await newUser(database);
    assert.equal(await repo.mustSetUpTwoFactor(database.db, admin.id), true);
    assert.equal(await repo.mustSetUpTwoFactor(database.db, analyst.id), false);
    await repo.storePendingSecret(database.db, admin.id, 'SECRET');
    assert.equal(await repo.mustSetUpTwoFactor(database.db, admin.id), true);
    await repo.acceptStep(database.db, admin.id, 1);
    assert.equal(await repo.mustSetUpTwoFactor(database.db, admin.id), false);

    const expiresAt = new Date(Date.now() + 60_000);
    await repo.insertChallenge(database.db, { tokenHash: 'c1', userId: admin.id, expiresAt });
    assert.deepEqual(await repo.findChallenge(database.db, 'c1'), {
      userId: admin.id,
      email: admin.email,
    });
    const race = await Promise.all([1, 2, 3].map(() => repo.deleteChallenge(database.db, 'c1')));
    assert.equal(race.filter(Boolean).length, 1);
    await repo.insertChallenge(database.db, { tokenHash: 'c2', userId: admin.id, expiresAt });
    await sql`update two_factor_challenges set expires_at = now() - interval '1 second'`.execute(
      database.db,
    );
    assert.equal(await repo.findChallenge(database.db, 'c2'), null);
    await repo.deleteEndedChallenges(database.db);
    const left = await database.db.selectFrom('two_factor_challenges').selectAll().execute();
    assert.deepEqual(left, []);
  });
});
