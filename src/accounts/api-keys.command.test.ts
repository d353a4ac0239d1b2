import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../testing/database.ts';
import { newUser } from '../testing/fixtures.ts';
import { auditEvents } from './accounts.repository.ts';
import { AccountsService } from './accounts.service.ts';
import { apiKeysCommand, type ApiKeysFlags } from './api-keys.command.ts';
import { ApiKeysService } from './api-keys.service.ts';

/** Keys the tests make directly, not through the command, as no one in particular. */
const byTest = { userId: null, actor: 'test', origin: null };

describe('openlg api-keys', () => {
  let database: Database;
  let keys: ApiKeysService;
  const run = async (args: string[], flags: ApiKeysFlags = {}) => {
    let text = '';
    const code = await apiKeysCommand(keys, args, flags, (t) => (text += t));
    return { code, text };
  };
  before(async () => {
    database = await openTestDatabase();
    keys = new ApiKeysService(database.db);
  });
  after(() => database.close());

  it('prints a new key once, keeps only its hash, and knows its holder by it', async () => {
    const user = await newUser(database, { role: 'analyst' });
    const { code, text } = await run(['create'], { user: user.email, name: 'Dashboard' });
    assert.equal(code, 0);
    const key = /^(olg_[\w-]{43})$/m.exec(text)?.[1];
    assert.ok(key, text);
    const stored = await database.db.selectFrom('api_keys').selectAll().execute();
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored).includes(key.slice(12)), 'the key itself is not stored');
    const holder = await keys.holder(key);
    assert.equal(holder?.email, user.email);
    assert.deepEqual(holder?.memberships, [{ organisation: 'lga', role: 'analyst' }]);
    assert.equal(await keys.holder(`${key.slice(0, -1)}x`), null);
    const listed = await run(['list'], { user: user.email });
    assert.match(listed.text, new RegExp(`\\t${key.slice(0, 12)}\\t${user.email}\\tDashboard\\t`));
  });

  it('writes the last use at most once a minute', async () => {
    const user = await newUser(database);
    const made = await keys.create(user.email, 'Touch', byTest);
    const lastUsed = async () =>
      (
        await database.db
          .selectFrom('api_keys')
          .select('last_used_at')
          .where('id', '=', made.id)
          .executeTakeFirstOrThrow()
      ).last_used_at;
    assert.equal(await lastUsed(), null);
    await keys.holder(made.key);
    const first = await lastUsed();
    assert.ok(first);
    await keys.holder(made.key);
    assert.equal((await lastUsed())?.getTime(), first.getTime());
  });

  it('revokes by prefix or id, at once, and audits creation and revocation', async () => {
    const user = await newUser(database);
    const made = await keys.create(user.email, 'Nightly', byTest);
    const { text } = await run(['revoke', made.prefix]);
    assert.match(text, /is revoked/);
    assert.equal(await keys.holder(made.key), null);
    const other = await keys.create(user.email, 'Other', byTest);
    await run(['revoke', String(other.id)]);
    assert.equal(await keys.holder(other.key), null);
    const actions = (await auditEvents(database.db))
      .filter((e) => e.subject === user.email)
      .map((e) => e.action);
    assert.deepEqual(actions.slice(0, 4), [
      'api-key-revoked',
      'api-key-created',
      'api-key-revoked',
      'api-key-created',
    ]);
    await assert.rejects(run(['revoke', 'olg_nothing1']), /API key not found/);
  });

  it('refuses a key of a disabled user', async () => {
    const user = await newUser(database);
    const made = await keys.create(user.email, 'Gone', byTest);
    await new AccountsService(database.db, { idleSeconds: 60, maxSeconds: 60 }).disableUser(
      user.email,
    );
    assert.equal(await keys.holder(made.key), null);
  });

  it('explains what it needs', async () => {
    await assert.rejects(run(['create'], { name: 'x' }), /--user <email> and --name/);
    await assert.rejects(run(['create'], { user: 'nobody@example.org', name: 'x' }), /No one/);
    await assert.rejects(run(['frobnicate']), /Usage/);
  });
});
