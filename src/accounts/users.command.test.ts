import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { createMailer, type Mailer } from '../mail/mailer.ts';
import { openTestDatabase } from '../testing/database.ts';
import { newUser, testPassword } from '../testing/fixtures.ts';
import { readMail, startSmtpServer } from '../testing/mail.ts';
import { AccountsService } from './accounts.service.ts';
import { usersCommand, type UsersFlags } from './users.command.ts';

const origin = { address: '127.0.0.1' };

describe('openlg users', () => {
  let database: Database;
  let accounts: AccountsService;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let outbox: string;
  const config = loadConfig({ OPENLG_PUBLIC_URL: 'https://openlg.example' });
  let smtpMailer: Mailer;
  let outboxMailer: Mailer;
  const run = async (args: string[], flags: UsersFlags = {}, mailer?: Mailer) => {
    let text = '';
    const write = (t: string) => (text += t);
    const code = await usersCommand(accounts, config, args, flags, write, mailer ?? smtpMailer);
    return { code, text };
  };
  before(async () => {
    database = await openTestDatabase();
    accounts = new AccountsService(database.db, config.sessions);
    smtp = await startSmtpServer();
    outbox = await mkdtemp(path.join(tmpdir(), 'openlg-users-'));
    const from = 'openlg <openlg@example.org>';
    smtpMailer = createMailer({ smtpUrl: smtp.url, from, outboxDir: outbox }, () => undefined);
    outboxMailer = createMailer({ smtpUrl: null, from, outboxDir: outbox }, () => undefined);
  });
  after(async () => {
    await database.close();
    await smtp.close();
    await rm(outbox, { recursive: true, force: true });
  });

  it('adds a user and prints a one-time invitation link on the public address', async () => {
    const { code, text } = await run(['add', 'new@example.org'], {
      name: 'New Person',
      org: 'lga',
      role: 'administrator',
    });
    assert.equal(code, 0);
    const link = /https:\/\/openlg\.example\/invitation\/([\w-]{43})\n/.exec(text)?.[1];
    assert.ok(link, text);
    assert.match(text, /It has been emailed to new@example\.org\.\n$/);
    const [sent] = smtp.received;
    assert.deepEqual(sent?.to, ['new@example.org']);
    const mail = readMail(sent?.raw ?? '');
    assert.equal(mail.subject, 'You have been invited to openlg');
    assert.match(
      mail.text,
      /^Dear New Person\n\nYou have been invited to openlg with the role Administrator for National programme team\./,
    );
    assert.ok(mail.text.includes(`https://openlg.example/invitation/${link}\n`), mail.text);
    assert.match(mail.text, /The link works once and expires in 7 days\./);
    assert.ok(await accounts.acceptInvitation(link, testPassword, { address: '::1' }));
    assert.equal(await accounts.acceptInvitation(link, testPassword, { address: '::1' }), null);
  });

  it('gives someone with a password a further role without a new link', async () => {
    const { text } = await run(['add', 'NEW@example.org'], { org: 'lga', role: 'analyst' });
    assert.doesNotMatch(text, /invitation/);
    assert.equal(smtp.received.length, 1, 'no further mail');
  });

  it('writes the invitation to the outbox without SMTP, saying where', async () => {
    const flags = { name: 'Outbox Person', org: 'lga', role: 'analyst' };
    const { code, text } = await run(['add', 'outbox@example.org'], flags, outboxMailer);
    assert.equal(code, 0);
    const file = /^No SMTP_URL is set: the email is in the outbox, (.+\.eml)$/m.exec(text)?.[1];
    assert.ok(file, text);
    const mail = readMail(await readFile(file, 'utf8'));
    assert.equal(mail.to, 'outbox@example.org');
    const link = /^(https:\/\/openlg\.example\/invitation\/[\w-]{43})$/m.exec(text)?.[1] ?? '';
    assert.ok(mail.text.includes(`${link}\n`), mail.text);
  });

  it('still adds the person and prints the link when the mail cannot leave', async () => {
    const unreachable = createMailer(
      { smtpUrl: 'smtp://127.0.0.1:1', from: 'openlg@example.org', outboxDir: outbox },
      () => undefined,
    );
    const flags = { name: 'Offline Person', org: 'lga', role: 'analyst' };
    const { code, text } = await run(['add', 'offline@example.org'], flags, unreachable);
    assert.equal(code, 0);
    assert.match(text, /invitation\/[\w-]{43}\n/);
    assert.match(
      text,
      /The invitation could not be emailed \(.+\): send them the link yourself\.\n$/,
    );
  });

  it('lists users with their state and roles', async () => {
    await run(['add', 'invited@example.org'], { name: 'Not Yet', org: 'lga', role: 'analyst' });
    const { text } = await run(['list']);
    assert.equal(
      text,
      'invited@example.org\tNot Yet\tinvited\tAnalyst (lga)\n' +
        'new@example.org\tNew Person\tactive\tAdministrator (lga), Analyst (lga)\n' +
        'offline@example.org\tOffline Person\tinvited\tAnalyst (lga)\n' +
        'outbox@example.org\tOutbox Person\tinvited\tAnalyst (lga)\n',
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

  it('turns two-factor sign-in off for someone who lost their app', async () => {
    const { id } = await newUser(database, { email: 'lost.phone@example.org' });
    await database.db
      .insertInto('user_two_factor')
      .values({ user_id: id, secret: 'JBSWY3DPEHPK3PXP', confirmed_at: new Date() })
      .execute();
    assert.equal(
      (await accounts.signIn('lost.phone@example.org', testPassword, origin, null)).kind,
      'two-factor',
    );
    const { text } = await run(['two-factor-off', 'lost.phone@example.org']);
    assert.match(text, /signs in with their password alone/);
    assert.equal(
      (await accounts.signIn('lost.phone@example.org', testPassword, origin, null)).kind,
      'signed-in',
    );
    await assert.rejects(run(['two-factor-off', 'nobody@example.org']), /No one has the email/);
  });
});
