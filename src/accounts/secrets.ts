import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';

/*
 * Passwords are hashed with argon2id at OWASP's first recommended setting (19 MiB, 2 passes, one
 * lane): on this 2-core machine 24 ms a hash (npm run bench:accounts), so a sign-in costs little
 * while each guess at a stolen hash costs the attacker the same memory. Stored in PHC form, the
 * parameters travel with each hash, so they can be raised later without breaking old ones.
 */
export const passwordHashing = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, passwordHashing);
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    // A malformed stored hash matches nothing; it must not become a 500 at sign-in.
    return false;
  }
}

/** A token to hand out once (a cookie, a link): 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, so a copy of the tables signs nobody in. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Compares two secrets in a time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
