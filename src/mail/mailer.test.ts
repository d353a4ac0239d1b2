import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readMail, startSmtpServer } from '../testing/mail.ts';
import { createMailer } from './mailer.ts';

// A link longer than a mail line (76 characters), and a curly apostrophe: both must arrive whole.
const link = `https://openlg.example/reset-password/${'a'.repeat(43)}`;
const message = {
  to: 'ada@example.org',
  subject: 'Reset your openlg password',
  text: `Use this link to choose a new password:\n${link}\n\nIt’s yours alone.\n`,
};

describe('mailer', () => {
  let outbox: string;
  before(async () => {
    outbox = await mkdtemp(path.join(tmpdir(), 'openlg-outbox-'));
  });
  after(async () => rm(outbox, { recursive: true, force: true }));

  it('sends through the SMTP server SMTP_URL names', async () => {
    const smtp = await startSmtpServer();
    try {
      const mailer = createMailer(
        { smtpUrl: smtp.url, from: 'openlg <openlg@council.example>', outboxDir: outbox },
        () => assert.fail('nothing is logged when SMTP carries the mail'),
      );
      assert.deepEqual(await mailer.send(message), { kind: 'smtp' });
      assert.equal(smtp.received.length, 1);
      const [mail] = smtp.received;
      assert.deepEqual(mail?.to, ['ada@example.org']);
      assert.match(mail?.raw ?? '', /^From: openlg <openlg@council\.example>$/m);
      assert.deepEqual(readMail(mail?.raw ?? ''), {
        to: 'ada@example.org',
        subject: 'Reset your openlg password',
        text: message.text,
      });
      assert.deepEqual(await readdir(outbox), [], 'nothing is written to the outbox');
    } finally {
      await smtp.close();
    }
  });

  it('writes each message to the outbox as an .eml file without SMTP, logging its path', async () => {
    const lines: string[] = [];
    const dir = path.join(outbox, 'nested');
    const mailer = createMailer(
      { smtpUrl: null, from: 'openlg <openlg@localhost>', outboxDir: dir },
      (line) => lines.push(line),
    );
    const first = await mailer.send(message);
    const second = await mailer.send({ ...message, to: 'bob@example.org' });
    assert.equal(first.kind, 'outbox');
    const files = (await readdir(dir)).sort();
    assert.equal(files.length, 2);
    assert.ok(files.every((f) => f.endsWith('.eml')));
    const file = first.kind === 'outbox' ? first.file : '';
    assert.notEqual(file, second.kind === 'outbox' ? second.file : '');
    assert.deepEqual(readMail(await readFile(file, 'utf8')), message);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(dir)).mode & 0o777, 0o700);
    assert.equal(lines.length, 2);
    assert.ok(lines[0]?.includes(file), 'the log names the file');
    assert.ok(!lines.join('\n').includes('a'.repeat(43)), 'the log never holds the link');
  });
});
