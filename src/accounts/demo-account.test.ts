import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../testing/database.ts';
import { testPassword } from '../testing/fixtures.ts';
import { AccountsService } from './accounts.service.ts';
import {
  announceDemoAccount,
  demoAccount,
  demoAdviser,
  demoCouncilContact,
  demoManager,
  demoPeer,
} from './demo-account.ts';

/** The register's councils the demo accounts belong to: Hartlepool, and the peer's Sunderland. */
const addHartlepool = (database: Database) =>
  database.db
    .insertInto('areas')
    .values(
      (
        [
          ['E06000001', 'Hartlepool', 'unitary'],
          ['E08000024', 'Sunderland', 'metropolitan-district'],
        ] as const
      ).map(([code, name, type]) => ({
        code,
        name,
        short_name: name,
        type,
        nation: 'england',
        valid_from: null,
        valid_to: null,
      })),
    )
    .execute();

describe('the demo account', () => {
  let database: Database;
  let accounts: AccountsService;
  const config = loadConfig({});
  const announce = async () => {
    let text = '';
    await announceDemoAccount(accounts, config, (t) => (text += t));
    return text;
  };
  before(async () => {
    database = await openTestDatabase();
    accounts = new AccountsService(database.db, config.sessions);
  });
  after(() => database.close());

  it('is not made without the register’s Hartlepool', async () => {
    assert.equal(await announce(), '');
  });

  it('is made in a store without accounts, with a fresh link each start until one is used', async () => {
    await addHartlepool(database);
    const first = await announce();
    assert.match(
      first,
      /^Demo account \(illustrative\): demo\.steward@example\.org, a data steward/,
    );
    const link = /\/invitation\/([\w-]{43}) /.exec(first)?.[1] ?? '';
    const second = await announce();
    assert.notEqual(/\/invitation\/([\w-]{43}) /.exec(second)?.[1], link);
    assert.match(first, /demo\.adviser@example\.org, an improvement adviser/);
    assert.ok(await accounts.acceptInvitation(link, testPassword, { address: '::1' }));
    const third = await announce();
    assert.doesNotMatch(third, /demo\.steward/, 'a used link is not offered again');
    const others = [...third.matchAll(/\/invitation\/([\w-]{43}) /g)].map((m) => m[1] ?? '');
    assert.equal(others.length, 4);
    for (const link of others)
      assert.ok(await accounts.acceptInvitation(link, testPassword, { address: '::1' }));
    assert.equal(await announce(), '');
    const users = (await accounts.listUsers()).map((u) => [
      u.email,
      u.memberships.map((m) => `${m.organisation}:${m.role}`),
    ]);
    assert.deepEqual(users.sort(), [
      [demoAdviser.email, ['lga:improvement-adviser']],
      [demoCouncilContact.email, ['E06000001:organisation-admin']],
      [demoManager.email, ['lga:peer-challenge-manager']],
      [demoPeer.email, ['E08000024:analyst']],
      [demoAccount.email, ['E06000001:data-steward']],
    ]);
  });

  it('is never made beside real accounts', async () => {
    const other = await openTestDatabase();
    try {
      await addHartlepool(other);
      const real = new AccountsService(other.db, config.sessions);
      await real.addUser({
        email: 'real@council.example',
        name: 'Real',
        organisation: 'lga',
        role: 'analyst',
      });
      assert.equal(await real.demoInvitation(demoAccount), null);
    } finally {
      await other.close();
    }
  });
});
