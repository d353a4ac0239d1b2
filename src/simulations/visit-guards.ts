import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/*
 * What guards a resident's visit against robots and repeats, without I/O: the keyed hashes a
 * response keeps of its address and form cookie, the signed time the form was first shown, and
 * whether the limits on submissions refuse one more.
 */

/** The key for a store whose configuration has OPENLG_SECRET_KEY; otherwise one kept in it. */
export const visitKeyFrom = (secret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, '', 'openlg budget simulation visits', 32));

const mac = (key: Buffer, ...parts: readonly (string | number)[]) =>
  createHmac('sha256', key).update(parts.join('\u0000')).digest('base64url');

/** A hash of who sent a response, by simulation: not linked across simulations, not reversible. */
export const keyedHash = (
  key: Buffer,
  kind: 'address' | 'session',
  simulationId: number,
  value: string,
) => mac(key, kind, simulationId, value);

/**
 * The address a limit counts: an IPv6 address by its /64, the network one home or office is
 * given (a device may take any address in it, and some change it every few hours); an IPv4
 * address, however written, whole.
 */
export function limitedAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (isIP(address) !== 6) return address;
  const [head = '', tail] = address.split('::');
  const before = head === '' ? [] : head.split(':');
  const after = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array.from({ length: 8 - before.length - after.length }, () => '0');
  const groups = [...before, ...zeros, ...after].slice(0, 4);
  return `${groups.map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

interface Visit {
  slug: string;
  /** The form's idempotency key: a token starts one submission only. */
  idempotencyKey: string;
}

/** The time the form was shown, as the form carries it: the time and a signature over it. */
export const signStart = (key: Buffer, visit: Visit, at: Date): string =>
  `${at.getTime()}.${mac(key, 'start', visit.slug, visit.idempotencyKey, at.getTime())}`;

/** Clocks of several processes may differ by this much: a start no later is still believed. */
const clockSkewMs = 5_000;

/**
 * The time a signed start says, or null when the token is not one this key signed for this
 * visit (made up, altered, or another form's) or says a time to come: never to be believed.
 */
export function readStart(key: Buffer, visit: Visit, token: string, now: Date): Date | null {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, time = '', given = ''] = match;
  const expected = Buffer.from(mac(key, 'start', visit.slug, visit.idempotencyKey, Number(time)));
  if (!timingSafeEqual(expected, Buffer.from(given))) return null;
  const at = Number(time);
  return at <= now.getTime() + clockSkewMs ? new Date(at) : null;
}

/** How many submissions are allowed; 0 for either: not limited. */
export interface SubmissionLimits {
  /** From one address, to one simulation, in any hour. */
  perAddressPerHour: number;
  /** From one form cookie (a browser), to one simulation, while it is open. */
  perSession: number;
}

export const noLimits: SubmissionLimits = { perAddressPerHour: 0, perSession: 0 };

export const limitWindowMs = 60 * 60 * 1000;

/** The responses already recorded from this visitor, as the limits count them. */
export interface VisitorCounts {
  /** From the address in the last hour, and the earliest of them. */
  fromAddress: number;
  earliestFromAddress: Date | null;
  fromSession: number;
}

export interface LimitReached {
  limit: 'address' | 'session';
  /** Whole seconds until one more would be taken (for Retry-After): at least 1. */
  retryAfterSeconds: number;
}

/** Whether one more submission is refused, and until when; null when it is allowed. */
export function limitReached(
  limits: SubmissionLimits,
  counts: VisitorCounts,
  now: Date,
  closesAt: Date,
): LimitReached | null {
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
  if (limits.perSession > 0 && counts.fromSession >= limits.perSession)
    return { limit: 'session', retryAfterSeconds: seconds(closesAt.getTime() - now.getTime()) };
  if (limits.perAddressPerHour > 0 && counts.fromAddress >= limits.perAddressPerHour) {
    const earliest = counts.earliestFromAddress ?? now;
    const lapses = earliest.getTime() + limitWindowMs - now.getTime();
    return { limit: 'address', retryAfterSeconds: seconds(lapses) };
  }
  return null;
}
