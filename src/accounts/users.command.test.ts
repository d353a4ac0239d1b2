import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../testing/database.ts';
import { testPassword } from '../testing/fixtures.ts';
import { AccountsService } from './accounts.service.ts';
import { usersCommand, type UsersFlags } from './users.command.ts';

describe('openlg users', () => {
  let database: Database;
  let accounts: AccountsService;
  const config = loadConfig({ OPENLG_PUBLIC_URL: 'https://openlg.example' });
  const run = async (args: string[], flags: UsersFlags = {}) => {
    let text = '';
    const code = await usersCommand(accounts, config, args, flags, (t) => (text += t));
    return { code, text };
  };
  before(async () => {
    database = await openTestDatabase();
    accounts = new AccountsService(database.db, config.sessions);
  });
  after(() => database.close());

  it('adds a user and prints a one-time invitation link on the public address', async () => {
    const { code, text } = await run(['add', 'new@example.org'], {
      name: 'New Person',
      org: 'lga',
      role: 'administrator',
    });
    assert.equal(code, 0);
    const link = /https:\/\/openlg\.example\/invitation\/([\w-]{43})\n/.exec(text)?.[1];
    assert.ok(link, text);
    assert.ok(await accounts.acceptInvitation(link, testPassword, { address: '::1' }));
    assert.equal(await accounts.acceptInvitation(link, testPassword, { address: '::1' }), null);
  });

  it('gives someone with a password a further role without a new link', async () => {
    const { text } = await run(['add', 'NEW@example.org'], { org: 'lga', role: 'analyst' });
    assert.doesNotMatch(text, /invitation/);
  });

  it('lists users with their state and roles', async () => {
    await run(['add', 'invited@example.org'], { name: 'Not Yet', org: 'lga', role: 'analyst' });
    const { text } = await run(['list']);
    assert.equal(
      text,
      'invited@example.org\tNot Yet\tinvited\tAnalyst (lga)\n' +
        'new@example.org\tNew Person\tactive\tAdministrator (lga), Analyst (lga)\n',
    );
  });

  it('disables a user, who can no longer sign in', async () => {
    assert.match((await run(['disable', 'new@example.org'])).text, /is disabled and signed out/);
    assert.match((await run(['list'])).text, /new@example\.org\tNew Person\tdisabled/);
    const attempt = await accounts.signIn(
      'new@example.org',
      testPassword,
      { address: '::1' },
      null,
    );
    assert.equal(attempt.kind, 'disabled');
    await assert.rejects(run(['disable', 'nobody@example.org']), /No one has the email address/);
  });

  it('names what is missing or wrong', async () => {
    await assert.rejects(
      run(['add', 'x@example.org'], { name: 'X' }),
      /needs --org <code> and --role/,
    );
    await assert.rejects(
      run(['add', 'x@example.org'], { name: 'X', org: 'nowhere', role: 'analyst' }),
      /No organisation or current council has the code nowhere/,
    );
    await assert.rejects(run(['remove']), /Usage:/);
  });
});
