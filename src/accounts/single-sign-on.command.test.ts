import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../testing/database.ts';
import { newOrganisation } from '../testing/fixtures.ts';
import { startIdentityProvider, type TestIdentityProvider } from '../testing/identity-provider.ts';
import { auditEvents } from './accounts.repository.ts';
import { AccountsService } from './accounts.service.ts';
import { secretBox } from './secret-box.ts';
import { ssoCommand, type SsoFlags } from './single-sign-on.command.ts';
import { SingleSignOnService } from './single-sign-on.service.ts';

const secretKey = 'single sign-on command tests: a key of 32 characters';

describe('openlg sso', () => {
  let database: Database;
  let provider: TestIdentityProvider;
  let folder: string;
  let sso: SingleSignOnService;
  let accounts: AccountsService;

  const run = async (args: string[], flags: SsoFlags = {}, service = sso) => {
    let text = '';
    const code = await ssoCommand(service, args, flags, (t) => (text += t), folder);
    return { code, text };
  };
  const setFlags = (org: string, domains: string): SsoFlags => ({
    org,
    issuer: provider.issuer,
    'client-id': provider.clientId,
    'client-secret-file': 'secret.txt',
    domains,
  });

  before(async () => {
    provider = await startIdentityProvider();
    database = await openTestDatabase();
    folder = await mkdtemp(path.join(tmpdir(), 'openlg-sso-'));
    await writeFile(path.join(folder, 'secret.txt'), `${provider.clientSecret}\n`);
    accounts = new AccountsService(database.db, { idleSeconds: 3600, maxSeconds: 43_200 });
    sso = new SingleSignOnService(database.db, accounts, secretBox(secretKey), true);
    await newOrganisation(database, { kind: 'council', code: 'E09000033', name: 'Westminster' });
    await newOrganisation(database, { kind: 'council', code: 'E09000001', name: 'City' });
  });
  after(async () => {
    await database.close();
    await provider.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('sets, lists and removes an organisation’s provider, sealing the secret, audited', async () => {
    const set = await run(['set'], setFlags('E09000033', 'westminster.gov.uk'));
    assert.equal(set.code, 0);
    assert.match(
      set.text,
      /Westminster \(E09000033\) signs in with http:\/\/127\.0\.0\.1:\d+ for westminster\.gov\.uk/,
    );
    assert.match(set.text, /discovery document was read/);
    const stored = await database.db.selectFrom('single_sign_on').selectAll().execute();
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored).includes(provider.clientSecret), 'the secret is sealed');
    assert.match(stored[0]?.client_secret ?? '', /^aes256gcm:/);

    const listed = await run(['list']);
    assert.match(
      listed.text,
      /E09000033\tWestminster\thttp:\/\/127\.0\.0\.1:\d+\topenlg-test\twestminster\.gov\.uk\t/,
    );
    assert.ok(!listed.text.includes(provider.clientSecret));

    const again = await run(['set'], setFlags('E09000033', 'westminster.gov.uk,wcc.example.org'));
    assert.equal(again.code, 0);
    assert.match((await run(['list'])).text, /\twcc\.example\.org,westminster\.gov\.uk\t/);

    assert.equal((await run(['remove'], { org: 'E09000033' })).code, 0);
    assert.equal((await run(['list'])).text.split('\n').length, 2, 'only the heading is left');
    const actions = (await auditEvents(database.db))
      .filter((e) => e.subject === 'E09000033')
      .map((e) => e.action);
    assert.deepEqual(actions, ['sso-removed', 'sso-configured', 'sso-configured']);
    assert.ok(!JSON.stringify(await auditEvents(database.db)).includes(provider.clientSecret));
  });

  it('gives no domain to two organisations', async () => {
    await run(['set'], setFlags('E09000033', 'westminster.gov.uk'));
    await assert.rejects(
      run(['set'], setFlags('E09000001', 'cityoflondon.gov.uk,westminster.gov.uk')),
      /westminster\.gov\.uk already signs in to E09000033/,
    );
    await run(['remove'], { org: 'E09000033' });
  });

  it('refuses without OPENLG_SECRET_KEY, an unknown organisation, and bad settings', async () => {
    const unsealed = new SingleSignOnService(database.db, accounts, secretBox(null), false);
    await assert.rejects(
      run(['set'], setFlags('E09000033', 'westminster.gov.uk'), unsealed),
      /Set OPENLG_SECRET_KEY first/,
    );
    await assert.rejects(
      run(['set'], setFlags('no-such-org', 'x.gov.uk')),
      /No organisation or current council has the code no-such-org/,
    );
    await assert.rejects(
      run(['set'], { ...setFlags('E09000033', 'gov'), issuer: 'http://login.example.gov.uk' }),
      /--issuer .* must be an https URL[\s\S]*"gov" is not an email domain/,
    );
    await assert.rejects(
      run(['set'], { ...setFlags('E09000033', 'x.gov.uk'), 'client-secret-file': 'missing.txt' }),
      /--client-secret-file could not be read/,
    );
    await assert.rejects(run(['remove'], { org: 'E09000033' }), /E09000033 has no single sign-on/);
    await assert.rejects(run(['frobnicate']), /Usage:[\s\S]*sso set/);
  });

  it('warns when the provider cannot be reached from here', async () => {
    const set = await run(['set'], {
      ...setFlags('E09000001', 'cityoflondon.gov.uk'),
      issuer: 'http://127.0.0.1:9/',
    });
    assert.equal(set.code, 0);
    assert.match(set.text, /Warning: its discovery document could not be read from here/);
  });
});
