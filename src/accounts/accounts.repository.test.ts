import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../testing/database.ts';
import * as repo from './accounts.repository.ts';
import { AccountsService, signInThrottle } from './accounts.service.ts';

const lifetimes = { idleSeconds: 3600, maxSeconds: 12 * 3600 };
const origin = { address: '192.0.2.1' };

describe('accounts repository', () => {
  let database: Database;
  let accounts: AccountsService;
  before(async () => {
    database = await openTestDatabase();
    accounts = new AccountsService(database.db, lifetimes);
    await database.db
      .insertInto('areas')
      .values({
        code: 'E06000001',
        name: 'Hartlepool',
        short_name: 'Hartlepool',
        type: 'unitary',
        nation: 'england',
        valid_from: null,
        valid_to: null,
      })
      .execute();
  });
  after(() => database.close());

  it('knows the national programme team from the start', async () => {
    const lga = await repo.findOrganisation(database.db, 'lga');
    assert.equal(lga?.kind, 'national');
  });

  it('makes a council organisation from the register when someone first joins it', async () => {
    const { invitation } = await accounts.addUser({
      email: 'Steward@Hartlepool.example',
      name: 'Sam Steward',
      organisation: 'E06000001',
      role: 'data-steward',
    });
    assert.ok(invitation);
    const council = await repo.findOrganisation(database.db, 'E06000001');
    assert.deepEqual([council?.kind, council?.name], ['council', 'Hartlepool']);
    await assert.rejects(
      accounts.addUser({
        email: 'x@y.example',
        name: 'X',
        organisation: 'E99999999',
        role: 'analyst',
      }),
      /E99999999/,
    );
    await assert.rejects(
      accounts.addUser({ email: 'x@y.example', name: 'X', organisation: 'lga', role: 'boss' }),
      /--role must be one of administrator/,
    );
  });

  it('keeps email addresses unique without regard to case', async () => {
    await repo.insertUser(database.db, 'Case@Example.org', 'One');
    await assert.rejects(repo.insertUser(database.db, 'case@example.ORG', 'Two'));
    assert.equal((await repo.findUserByEmail(database.db, 'CASE@example.org'))?.name, 'One');
  });

  it('accepts an invitation once, then signs in with the password chosen', async () => {
    const { invitation } = await accounts.addUser({
      email: 'analyst@example.org',
      name: 'Ana Lyst',
      organisation: 'lga',
      role: 'analyst',
    });
    assert.ok(invitation);
    assert.deepEqual(await accounts.invitation(invitation), {
      name: 'Ana Lyst',
      email: 'analyst@example.org',
    });
    assert.ok(await accounts.acceptInvitation(invitation, 'kettle orchard lantern', origin));
    assert.equal(
      await accounts.acceptInvitation(invitation, 'kettle orchard lantern', origin),
      null,
    );
    const result = await accounts.signIn(
      'ANALYST@example.org',
      'kettle orchard lantern',
      origin,
      null,
    );
    assert.equal(result.kind, 'signed-in');
    const stored = await database.db.selectFrom('invitations').select('token_hash').execute();
    assert.ok(
      stored.every((row) => row.token_hash !== invitation),
      'only the hash is stored',
    );
  });

  it('ends a session after its idle time or its absolute end', async () => {
    const userId = await repo.insertUser(database.db, 'idle@example.org', 'Idle');
    const expiresAt = new Date(Date.now() + 3_600_000);
    await repo.insertSession(database.db, { tokenHash: 'a', userId, csrfToken: 'c', expiresAt });
    await repo.insertSession(database.db, {
      tokenHash: 'b',
      userId,
      csrfToken: 'c',
      expiresAt: new Date(Date.now() - 1000),
    });
    assert.ok(await repo.findLiveSession(database.db, 'a', 60));
    assert.equal(await repo.findLiveSession(database.db, 'b', 60), null);
    await sql`update sessions set last_seen_at = now() - interval '61 seconds' where token_hash = 'a'`.execute(
      database.db,
    );
    assert.equal(await repo.findLiveSession(database.db, 'a', 60), null);
    await repo.deleteEndedSessions(database.db, 60);
    const left = await database.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('user_id', '=', userId)
      .execute();
    assert.deepEqual(left, []);
  });

  it('counts failed sign-ins by email and by address within the window', async () => {
    for (let i = 0; i < signInThrottle.perEmail; i++)
      await repo.recordFailedSignIn(database.db, 'victim@example.org', `198.51.100.${i}`);
    const counts = await repo.recentFailures(
      database.db,
      'victim@example.org',
      '198.51.100.1',
      900,
    );
    assert.deepEqual(counts, { forEmail: signInThrottle.perEmail, fromAddress: 1 });
    await sql`update sign_in_attempts set at = now() - interval '16 minutes'`.execute(database.db);
    assert.deepEqual(
      await repo.recentFailures(database.db, 'victim@example.org', '198.51.100.1', 900),
      { forEmail: 0, fromAddress: 0 },
    );
  });

  it('keeps the audit trail append-only', async () => {
    await repo.appendAudit(database.db, {
      userId: null,
      actor: 'test',
      address: null,
      action: 'test-event',
      subject: null,
      after: { ok: true },
    });
    const [event] = await repo.auditEvents(database.db, 1);
    assert.deepEqual([event?.action, event?.after], ['test-event', { ok: true }]);
    await assert.rejects(
      sql`update audit_events set action = 'forged'`.execute(database.db),
      /append-only/,
    );
    await assert.rejects(sql`delete from audit_events`.execute(database.db), /append-only/);
  });

  it('records a role granted with what the person held before', async () => {
    await accounts.addUser({
      email: 'analyst@example.org',
      name: '',
      organisation: 'E06000001',
      role: 'organisation-admin',
    });
    const events = await repo.auditEvents(database.db, 20);
    const granted = events.find(
      (e) =>
        e.action === 'role-granted' &&
        e.subject === 'analyst@example.org' &&
        JSON.stringify(e.after).includes('organisation-admin'),
    );
    assert.deepEqual(granted?.before, [{ organisation: 'lga', role: 'analyst' }]);
  });

  it('disables a user and ends their sessions', async () => {
    const result = await accounts.signIn(
      'analyst@example.org',
      'kettle orchard lantern',
      origin,
      null,
    );
    assert.equal(result.kind, 'signed-in');
    const token = result.kind === 'signed-in' ? result.token : '';
    assert.ok(await accounts.viewer(token));
    assert.equal(await accounts.disableUser('Analyst@example.org'), true);
    assert.equal(await accounts.viewer(token), null);
    assert.equal(
      (await accounts.signIn('analyst@example.org', 'kettle orchard lantern', origin, null)).kind,
      'disabled',
    );
    assert.equal(await accounts.disableUser('nobody@example.org'), false);
  });
});
