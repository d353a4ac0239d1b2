import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AccountsService } from '../accounts/accounts.service.ts';
import { AreasService } from '../areas/areas.service.ts';
import { loadConfig, type Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { ImportService } from '../imports/imports.service.ts';
import { dataDir, openRegisterDatabase } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { outboxMail } from '../testing/mail.ts';
import { importValues } from '../testing/values.ts';
import { collectionsCommand } from './collections.command.ts';
import { collectionsService } from './collections.pages.ts';

describe('openlg collections', () => {
  let database: Database;
  let config: Config;
  let outbox: string;
  const run = async (...args: string[]) => {
    let text = '';
    const code = await collectionsCommand(config, database, args, (t) => (text += t));
    return { code, text };
  };

  before(async () => {
    outbox = await mkdtemp(path.join(tmpdir(), 'openlg-collections-'));
    config = loadConfig({
      LOG_LEVEL: 'silent',
      OPENLG_DATA_DIR: dataDir,
      OPENLG_OUTBOX_DIR: outbox,
    });
    database = await openRegisterDatabase();
    await importValues(database, 'homes-built', '2023-24', { E06000001: 120 });
    const admin = await newUser(database, { organisation: 'lga', role: 'administrator' });
    await newUser(database, {
      email: 'steward@hartlepool.example',
      organisation: 'E06000001',
      role: 'data-steward',
    });
    const service = collectionsService(
      { database, areas: new AreasService(database.db), imports: new ImportService(database) },
      new AccountsService(database.db, config.sessions),
    );
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await service.create(
      {
        viewer: { userId: admin.id, memberships: [{ organisation: 'lga', role: 'administrator' }] },
        email: admin.email,
        address: null,
      },
      {
        title: 'Homes built',
        period: '2024/25',
        deadline: tomorrow,
        metrics: ['homes-built'],
        councils: ['E06000001', 'E06000002'],
      },
    );
  });
  after(() => database.close());

  it('lists collections with their returns counted by state', async () => {
    const { code, text } = await run('list');
    assert.equal(code, 0);
    assert.match(text, /\tHomes built\tdue .*\t2 not-started, 0 draft, 0 submitted, 0 published\n/);
  });

  it('sends the reminders due, to the outbox without SMTP, once', async () => {
    const first = await run('remind');
    assert.match(first.text, /Reminders sent: 1, in 1 emails/);
    assert.match(first.text, /E06000002 is due, but its council has no data steward/);
    const mail = await outboxMail(outbox);
    assert.deepEqual(
      mail.map((m) => m.to),
      ['steward@hartlepool.example'],
    );
    const second = await run('remind');
    assert.match(second.text, /Reminders sent: 0,/);
    assert.equal((await outboxMail(outbox)).length, 1);
  });

  it('says how it is used when asked for anything else', async () => {
    await assert.rejects(run('delete'), /collections list/);
  });
});
