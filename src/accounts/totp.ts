import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/*
 * Time-based one-time passwords (RFC 6238, on HOTP, RFC 4226) as authenticator apps make them:
 * HMAC-SHA-1, 30-second steps, 6 digits. Pure: no clock of its own and no storage. The caller
 * passes the time, and keeps the last step it accepted so that a code is never taken twice.
 */

export const totpDefaults = { stepSeconds: 30, digits: 6 } as const;

/** RFC 4648 base32, the alphabet authenticator apps read secrets in. */
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let text = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      text += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) text += alphabet[(value << (5 - bits)) & 31];
  return text;
}

/** The bytes of a base32 text (case, spaces and padding ignored); null if it is not base32. */
export function base32Decode(text: string): Buffer | null {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    const index = alphabet.indexOf(char);
    if (index < 0) return null;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** A new secret: 160 random bits (the HMAC-SHA-1 key length RFC 4226 recommends), base32. */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The secret in groups of four, as a person types it into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(' ') ?? '';
}

/** The `otpauth://` address an authenticator app takes, labelled `issuer:account`. */
export function otpauthUri(secret: string, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: String(totpDefaults.digits),
    period: String(totpDefaults.stepSeconds),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}

/** The time step a moment falls in (RFC 6238 T, counted from the Unix epoch). */
export function timeStep(atMs: number, stepSeconds: number = totpDefaults.stepSeconds): number {
  return Math.floor(atMs / 1000 / stepSeconds);
}

/** HOTP (RFC 4226) of a step: the code an app shows during it. */
export function hotp(
  key: Uint8Array,
  counter: number,
  digits: number = totpDefaults.digits,
): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/**
 * The step whose code `code` is, looking one step either side of `atMs` (an app's clock a little
 * off, or a code typed as it changed), and only at steps after `lastUsedStep`: a code already
 * accepted, or one older than it, is refused. Null when it matches none.
 */
export function matchingStep(
  secret: string,
  code: string,
  atMs: number,
  lastUsedStep: number | null,
): number | null {
  const key = base32Decode(secret);
  const given = code.replace(/\s/g, '');
  if (!key || !/^\d{6}$/.test(given)) return null;
  const now = timeStep(atMs);
  let found: number | null = null;
  // Every candidate is computed and compared, so the time taken says nothing about which matched.
  for (const step of [now - 1, now, now + 1]) {
    const same = timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(given));
    if (same && (lastUsedStep === null || step > lastUsedStep)) found ??= step;
  }
  return found;
}
