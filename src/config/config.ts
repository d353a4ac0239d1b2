import { accessSync, constants } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce
  .number({ message: 'must be a whole number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

/** A limit of so many `what` (0 turns it off). */
const limit = (what: string, fallback: number) =>
  z.coerce
    .number({ message: `must be a whole number of ${what} (0 turns the limit off)` })
    .int(`must be a whole number of ${what} (0 turns the limit off)`)
    .min(0, 'must be 0 or more (0 turns the limit off)')
    .default(fallback);

const configSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  OPENLG_PGLITE_DIR: z.string().min(1, 'must not be empty').default('./data/pglite'),
  OPENLG_DATA_DIR: z.string().min(1, 'must not be empty').default('../shared/data'),
  LOG_LEVEL: z
    .enum(logLevels, { message: `must be one of ${logLevels.join(', ')}` })
    .default('info'),
  OPENLG_RATE_LIMIT: limit('requests a minute', 600),
  OPENLG_API_KEY_RATE_LIMIT: limit('requests a minute', 1200),
  OPENLG_BUDGETS_PER_ADDRESS: limit('budgets an hour', 20),
  OPENLG_BUDGETS_PER_SESSION: limit('budgets', 1),
  OPENLG_TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, context) => {
      const trust = parseTrustProxy(value);
      if (typeof trust === 'string') context.addIssue({ code: 'custom', message: trust });
      return trust;
    }),
  OPENLG_PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      message:
        'must be the http:// or https:// address the public uses, such as https://openlg.example',
    })
    .optional(),
  OPENLG_ANSWER_CACHE_MB: z.coerce
    .number({ message: 'must be a number of megabytes (0 keeps no answers)' })
    .min(0, 'must be 0 or more (0 keeps no answers)')
    .max(65_536, 'must be at most 65536 (64 GB)')
    .default(32),
  OPENLG_UPLOAD_MB: z.coerce
    .number({ message: 'must be a number of megabytes' })
    .gt(0, 'must be more than 0')
    .max(1024, 'must be at most 1024 (1 GB)')
    .default(10),
  OPENLG_DOCUMENT_MB: z.coerce
    .number({ message: 'must be a number of megabytes' })
    .gt(0, 'must be more than 0')
    .max(1024, 'must be at most 1024 (1 GB)')
    .default(20),
  OPENLG_SESSION_IDLE_MINUTES: z.coerce
    .number({ message: 'must be a whole number of minutes' })
    .int('must be a whole number of minutes')
    .min(1, 'must be at least 1 minute')
    .default(60),
  OPENLG_SESSION_MAX_HOURS: z.coerce
    .number({ message: 'must be a whole number of hours' })
    .int('must be a whole number of hours')
    .min(1, 'must be at least 1 hour')
    .default(12),
  OPENLG_OPERATOR: z.string().trim().min(1, 'must not be empty').max(200).optional(),
  OPENLG_CONTACT_EMAIL: z
    .email({ message: 'must be an email address, such as data@council.example' })
    .optional(),
  SMTP_URL: z
    .url({
      protocol: /^smtps?$/,
      message: 'must be an smtp:// or smtps:// URL, such as smtps://user:password@smtp.example',
    })
    .optional(),
  OPENLG_MAIL_FROM: z
    .string()
    .trim()
    .regex(/^([^<>@\s][^<>@]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, {
      message: 'must be an email address, or a name and one: openlg <openlg@council.example>',
    })
    .default('openlg <openlg@localhost>'),
  OPENLG_OUTBOX_DIR: z.string().min(1, 'must not be empty').default('./data/outbox'),
  OPENLG_SECRET_KEY: z
    .string()
    .min(32, 'must be 32 characters or more, such as the output of: openssl rand -base64 32')
    .optional(),
  OPENLG_REMINDER_DAYS: z
    .string()
    .regex(/^\s*\d{1,3}\s*(,\s*\d{1,3}\s*)*$/, {
      message: 'must be whole numbers of days, separated by commas, such as 7,1',
    })
    .default('7,1')
    .transform((text) => [...new Set(text.split(',').map(Number))].filter((n) => n > 0)),
  OPENLG_CHROMIUM: z
    .string()
    .trim()
    .refine((value) => value === 'none' || isExecutable(value), {
      message: 'must be the path of a Chromium executable, or none to print no PDFs',
    })
    .optional(),
});

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where Debian and Ubuntu install chromium: found there when OPENLG_CHROMIUM is not set. */
const chromiumPaths = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The chromium named, or the one installed where the packages put it; null for none. */
function findChromium(named: string | undefined): string | null {
  if (named === 'none') return null;
  return named ?? chromiumPaths.find(isExecutable) ?? null;
}

export type LogLevel = (typeof logLevels)[number];

/**
 * Which X-Forwarded-For entries to believe: none (false), those the nearest `hops` proxies
 * appended, or those appended by the listed proxy addresses (CIDRs and proxy-addr's names
 * loopback, linklocal, uniquelocal allowed).
 */
export type TrustProxy = false | number | readonly string[];

const proxyNames = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (proxyNames.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (version === 4 ? 32 : 128);
}

/**
 * OPENLG_TRUST_PROXY read, or the reason it cannot be. `true` is refused: trusting every hop
 * lets a client write the leftmost X-Forwarded-For entry itself and choose its own address.
 */
function parseTrustProxy(value: string): TrustProxy | string {
  if (value === 'false' || value === '0') return false;
  if (value === 'true')
    return (
      'true would trust every X-Forwarded-For entry, which a client can write itself; give the ' +
      'number of proxies in front (1 for one), or their addresses'
    );
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  return bad.length === 0
    ? entries
    : `must be false, a number of proxy hops, or a comma list of proxy addresses or CIDRs ` +
        `(not an address: ${bad.map((b) => JSON.stringify(b)).join(', ')})`;
}

export interface Config {
  port: number;
  host: string;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
  dataDir: string;
  logLevel: LogLevel;
  /** Requests a minute each client address may make; 0 when a proxy in front does the limiting. */
  rateLimitPerMinute: number;
  /** Requests a minute each API key may make, counted apart from any address; 0: no limit. */
  apiKeyRateLimitPerMinute: number;
  /**
   * Budgets a resident may send to one simulation (0: no limit): from one address in any hour,
   * and from one browser (the form cookie) while it is open.
   */
  simulationLimits: { perAddressPerHour: number; perSession: number };
  /**
   * The reverse proxies in front that append to X-Forwarded-For. Only their entries may give the
   * client address (and so the rate limit): the entries before them a client wrote itself.
   */
  trustProxy: TrustProxy;
  /** The address the public uses; when https, answers carry Strict-Transport-Security. */
  publicUrl: URL | null;
  /** How many bytes of encoded public API answers each process keeps (0: none). */
  answerCacheBytes: number;
  /** The largest file a data steward may upload, in bytes. */
  uploadBytes: number;
  /** The largest peer challenge document (position statement, report, action plan), in bytes. */
  documentBytes: number;
  /**
   * Who runs this copy and how to reach them, for the contact, privacy and accessibility pages;
   * null until the operator sets them, and the pages say so.
   */
  operator: { name: string | null; email: string | null };
  /** How long a signed-in session lasts unused, and at most, in seconds. */
  sessions: { idleSeconds: number; maxSeconds: number };
  /**
   * How mail (invitations, password resets) leaves: through the SMTP server, or, without one,
   * written to the outbox folder as .eml files so that a demo still works.
   */
  mail: { smtpUrl: string | null; from: string; outboxDir: string };
  /** Seals secrets the database keeps but must read back (TOTP keys); null: kept as they are. */
  secretKey: string | null;
  /** Days before a data collection's deadline that councils yet to submit are reminded. */
  reminderDays: number[];
  /**
   * The headless chromium that prints reports as PDF files; null when none is installed (or
   * OPENLG_CHROMIUM is none), and readers are told to print from their browser instead.
   */
  chromium: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** A setting as an error message may repeat it: a URL's password (SMTP, database) left out. */
const withoutPassword = (value: string | undefined) =>
  value?.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*):[^@/\s]*@/i, '$1:***@');

/** Reads every setting at once so that a bad deployment hears about all its mistakes together. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  // An exported-but-empty variable means "not set", as shells and .env files commonly produce.
  const present = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in configSchema.shape && value !== ''),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'configuration');
        // A secret key, even a wrong one, is never repeated where logs may keep it.
        const got =
          name === 'OPENLG_SECRET_KEY' ? '(hidden)' : JSON.stringify(withoutPassword(env[name]));
        return `${name}: ${issue.message} (got ${got})`;
      }),
    );
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    database: c.DATABASE_URL
      ? { kind: 'postgres', url: c.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.resolve(cwd, c.OPENLG_PGLITE_DIR) },
    dataDir: path.resolve(cwd, c.OPENLG_DATA_DIR),
    logLevel: c.LOG_LEVEL,
    rateLimitPerMinute: c.OPENLG_RATE_LIMIT,
    apiKeyRateLimitPerMinute: c.OPENLG_API_KEY_RATE_LIMIT,
    simulationLimits: {
      perAddressPerHour: c.OPENLG_BUDGETS_PER_ADDRESS,
      perSession: c.OPENLG_BUDGETS_PER_SESSION,
    },
    trustProxy: c.OPENLG_TRUST_PROXY as TrustProxy,
    publicUrl: c.OPENLG_PUBLIC_URL ? new URL(c.OPENLG_PUBLIC_URL) : null,
    answerCacheBytes: Math.round(c.OPENLG_ANSWER_CACHE_MB * 1024 * 1024),
    uploadBytes: Math.round(c.OPENLG_UPLOAD_MB * 1024 * 1024),
    documentBytes: Math.round(c.OPENLG_DOCUMENT_MB * 1024 * 1024),
    operator: { name: c.OPENLG_OPERATOR ?? null, email: c.OPENLG_CONTACT_EMAIL ?? null },
    sessions: {
      idleSeconds: c.OPENLG_SESSION_IDLE_MINUTES * 60,
      maxSeconds: c.OPENLG_SESSION_MAX_HOURS * 3600,
    },
    mail: {
      smtpUrl: c.SMTP_URL ?? null,
      from: c.OPENLG_MAIL_FROM,
      outboxDir: path.resolve(cwd, c.OPENLG_OUTBOX_DIR),
    },
    secretKey: c.OPENLG_SECRET_KEY ?? null,
    reminderDays: c.OPENLG_REMINDER_DAYS,
    chromium: findChromium(c.OPENLG_CHROMIUM),
  };
}
