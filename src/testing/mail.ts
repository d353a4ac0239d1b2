import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';

/** A message as a person would read it: who it is to, its subject and its plain text body. */
export interface ReadMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Reads a raw message the mailer wrote: headers, then a quoted-printable text body (the mailer
 * always encodes so), soft line breaks joined and escapes decoded.
 */
export function readMail(raw: string): ReadMail {
  const [head = '', ...rest] = raw.replace(/\r\n/g, '\n').split('\n\n');
  const header = (name: string) =>
    new RegExp(`^${name}: (.*(?:\\n[ \\t].*)*)`, 'mi').exec(head)?.[1]?.replace(/\n[ \t]/g, ' ') ??
    '';
  return { to: header('To'), subject: header('Subject'), text: quotedPrintable(rest.join('\n\n')) };
}

function quotedPrintable(body: string): string {
  const joined = body.replace(/=\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A real SMTP server on a free local port, keeping every message it is sent. */
export async function startSmtpServer(): Promise<{
  url: string;
  received: { to: string[]; raw: string }[];
  close(): Promise<void>;
}> {
  const received: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        received.push({ to, raw: Buffer.concat(chunks).toString('utf8') });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every message in an outbox folder, oldest first, as read by a person. */
export async function outboxMail(dir: string): Promise<ReadMail[]> {
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (file) => readMail(await readFile(path.join(dir, file), 'utf8'))),
  );
}

/**
 * The outbox's messages once there are `count` of them: mail leaves after the page has answered,
 * so a test waits for it (up to 5 s) rather than reading at once.
 */
export async function waitForOutbox(dir: string, count: number): Promise<ReadMail[]> {
  for (let waited = 0; ; waited += 20) {
    const mail = await outboxMail(dir);
    if (mail.length >= count || waited >= 5000) return mail;
    await sleep(20);
  }
}
