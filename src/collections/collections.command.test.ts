import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig, type Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { dataDir, openRegisterDatabase } from '../testing/app.ts';
import { outboxMail } from '../testing/mail.ts';
import { collectionsCommand } from './collections.command.ts';
import * as fixture from './collections.fixture.ts';

describe('openlg collections', () => {
  let database: Database;
  let config: Config;
  let outbox: string;
  let stewards: string[];
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
    await fixture.importAskedMetrics(database);
    const people = await fixture.newPeople(database);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await fixture.testCollections(database).create(people.admin.actor, {
      title: 'Homes built',
      period: '2024/25',
      deadline: tomorrow,
      metrics: ['homes-built'],
      councils: [fixture.hartlepool, fixture.middlesbrough],
    });
    stewards = [people.steward.email, people.other.email].sort();
  });
  after(() => database.close());

  it('lists collections with their returns counted by state', async () => {
    const { code, text } = await run('list');
    assert.equal(code, 0);
    assert.match(text, /\tHomes built\tdue .*\t2 not-started, 0 draft, 0 submitted, 0 published\n/);
  });

  it('sends the reminders due, to the outbox without SMTP, once', async () => {
    const first = await run('remind');
    assert.match(first.text, /Reminders sent: 2, in 2 emails/);
    const mail = await outboxMail(outbox);
    assert.deepEqual(mail.map((m) => m.to).sort(), stewards);
    const second = await run('remind');
    assert.match(second.text, /Reminders sent: 0,/);
    assert.equal((await outboxMail(outbox)).length, 2);
  });

  it('says how it is used when asked for anything else', async () => {
    await assert.rejects(run('delete'), /collections list/);
  });
});
