import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditEvents } from '../accounts/accounts.repository.ts';
import { AreasService } from '../areas/areas.service.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { dataDir, openRegisterDatabase } from '../testing/app.ts';
import { newUser } from '../testing/fixtures.ts';
import { readMail, startSmtpServer } from '../testing/mail.ts';
import { collectionReminders } from './collections.jobs.ts';
import {
  hartlepool,
  importAskedMetrics,
  middlesbrough,
  newPeople,
  testCollections,
} from './collections.fixture.ts';
import { reminderDue } from './reminders.service.ts';

const redcar = 'E06000003';
const day = 86_400_000;

describe('data collection reminders', () => {
  let database: Database;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let collectionId: number;
  let stewards: string[];
  const deadline = new Date('2027-01-31T23:59:59Z');
  const reminders = () => {
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      OPENLG_DATA_DIR: dataDir,
      SMTP_URL: smtp.url,
      OPENLG_PUBLIC_URL: 'https://openlg.example',
      OPENLG_REMINDER_DAYS: '7, 1',
    });
    return collectionReminders(
      config,
      { database, areas: new AreasService(database.db) },
      () => {},
    );
  };

  before(async () => {
    smtp = await startSmtpServer();
    database = await openRegisterDatabase();
    await importAskedMetrics(database);
    const service = testCollections(database);
    const people = await newPeople(database);
    collectionId = await service.create(people.admin.actor, {
      title: 'Housing returns',
      period: '2024/25',
      deadline: '2027-01-31',
      metrics: ['homes-built'],
      councils: [hartlepool, middlesbrough, redcar],
    });
    await newUser(database, {
      email: 'steward.two@hartlepool.example',
      organisation: hartlepool,
      role: 'data-steward',
    });
    stewards = [people.steward.email, 'steward.two@hartlepool.example'].sort();
    // Middlesbrough has submitted: it is not reminded. Redcar has no steward to remind.
    await service.save(people.other.actor, collectionId, middlesbrough, {
      intent: 'submitted',
      values: [{ metricSlug: 'homes-built', value: 5, status: 'ok', note: null }],
    });
  });
  after(async () => {
    await database.close();
    await smtp.close();
  });

  it('chooses the nearest configured day not yet passed', () => {
    assert.equal(reminderDue([7, 1], 10), null);
    assert.equal(reminderDue([7, 1], 6.5), 7);
    assert.equal(reminderDue([7, 1], 3), 7);
    assert.equal(reminderDue([7, 1], 0.5), 1);
  });

  it('sends nothing before the first reminder is due', async () => {
    const run = await reminders().run(new Date(deadline.getTime() - 10 * day));
    assert.deepEqual(run, { sent: 0, emails: 0, noSteward: [] });
    assert.equal(smtp.received.length, 0);
  });

  it('emails each steward once, even when two processes run at the same moment', async () => {
    const now = new Date(deadline.getTime() - 6 * day);
    const [first, second] = await Promise.all([reminders().run(now), reminders().run(now)]);
    assert.equal(first.sent + second.sent, 1);
    assert.deepEqual(first.noSteward, [`${collectionId}/${redcar}`]);
    const mail = smtp.received.map((m) => readMail(m.raw));
    assert.deepEqual(mail.map((m) => m.to).sort(), stewards);
    assert.match(
      mail[0]?.subject ?? '',
      /^Reminder: Housing returns from Hartlepool is due in 6 days$/,
    );
    assert.ok(
      mail[0]?.text.includes(
        `https://openlg.example/organisations/${hartlepool}/collections/${collectionId}`,
      ),
      mail[0]?.text,
    );
    const again = await reminders().run(new Date(now.getTime() + 3_600_000));
    assert.equal(again.sent, 0);
    assert.equal(smtp.received.length, 2);
    const [event] = await auditEvents(database.db, 1);
    assert.deepEqual(
      [event?.action, event?.subject],
      ['collection-reminder-sent', `collection:${collectionId}/${hartlepool}`],
    );
  });

  it('sends the last reminder the day before, and none after the deadline', async () => {
    const run = await reminders().run(new Date(deadline.getTime() - 0.5 * day));
    assert.equal(run.sent, 1);
    assert.equal(smtp.received.length, 4);
    assert.match(readMail(smtp.received[3]?.raw ?? '').subject, /due in 1 day$/);
    const late = await reminders().run(new Date(deadline.getTime() + day));
    assert.equal(late.sent, 0);
  });
});
