import { sql } from 'kysely';
import { insertSession } from '../accounts/accounts.repository.ts';
import { cookieNames } from '../accounts/cookies.ts';
import { newToken, tokenHash } from '../accounts/secrets.ts';
import type { Database } from '../db/database.ts';

/**
 * A live session for the user, as signing in leaves one (sign-in itself is tested in accounts):
 * the Cookie header that carries it, and the CSRF token its forms need.
 */
export async function sessionFor(
  database: Database,
  userId: number,
): Promise<{ cookie: string; csrf: string }> {
  const token = newToken();
  const csrf = newToken();
  await insertSession(database.db, {
    tokenHash: tokenHash(token),
    userId,
    csrfToken: csrf,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  return { cookie: `${cookieNames(false).session}=${token}`, csrf };
}

/**
 * An administrator must have two-factor sign-in set up before any page but its set-up: a
 * confirmed secret, as setting it up leaves.
 */
export async function confirmTwoFactor(database: Database, userId: number): Promise<void> {
  await sql`insert into user_two_factor (user_id, secret, confirmed_at)
    values (${userId}, 'JBSWY3DPEHPK3PXP', now())`.execute(database.db);
}
