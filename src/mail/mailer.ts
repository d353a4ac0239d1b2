import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as Nodemailer from 'nodemailer';
import type { Config } from '../config/config.ts';

/** One message to one person, in plain text, worded as GOV.UK Notify's messages are. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Always quoted-printable: long links stay readable in the raw message, and tests can read it. */
const encoding = { textEncoding: 'quoted-printable' } as const;

/** Where a message went: the SMTP server, or the outbox file it was written to. */
export type MailReceipt = { kind: 'smtp' } | { kind: 'outbox'; file: string };

export interface Mailer {
  send(message: MailMessage): Promise<MailReceipt>;
}

/** A line for the operator's log; it names where a message went, never what it says. */
export type MailLog = (line: string) => void;

/**
 * The mailer the configuration asks for: SMTP when `SMTP_URL` is set; otherwise each message is
 * written to the outbox folder as an .eml file (any mail program opens it), so that a demo
 * without a mail server can still follow an invitation or reset link.
 */
export function createMailer(config: Config['mail'], log: MailLog): Mailer {
  return config.smtpUrl === null
    ? new OutboxMailer(config.from, config.outboxDir, log)
    : new SmtpMailer(config.smtpUrl, config.from);
}

/**
 * What `make` makes of nodemailer, made with the first message: nodemailer is 15 MB of a
 * server's memory, and most servers send mail rarely or never.
 */
function onFirstMessage<T>(make: (nodemailer: typeof Nodemailer) => T): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= import('nodemailer').then(make));
}

class SmtpMailer implements Mailer {
  private readonly transport;

  constructor(url: string, from: string) {
    this.transport = onFirstMessage((n) => n.createTransport(url, { from, ...encoding }));
  }

  async send(message: MailMessage): Promise<MailReceipt> {
    await (await this.transport()).sendMail(message);
    return { kind: 'smtp' };
  }
}

class OutboxMailer implements Mailer {
  private readonly transport;

  constructor(
    from: string,
    private readonly dir: string,
    private readonly log: MailLog,
  ) {
    this.transport = onFirstMessage((n) =>
      n.createTransport(
        { streamTransport: true, buffer: true, newline: 'unix' },
        { from, ...encoding },
      ),
    );
  }

  async send(message: MailMessage): Promise<MailReceipt> {
    const info = await (await this.transport()).sendMail(message);
    // Only the operator may read the folder and its files: a message holds a link that lets
    // whoever follows it choose someone's password.
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // Sortable by time, and unique when two messages leave in the same millisecond.
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`;
    const file = path.join(this.dir, name);
    await writeFile(file, info.message as Buffer, { mode: 0o600 });
    this.log(`mail to ${message.to} ("${message.subject}") written to ${file}`);
    return { kind: 'outbox', file };
  }
}
