import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export async function insertPasswordReset(
  db: Executor,
  reset: { tokenHash: string; userId: number; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('password_resets')
    .values({
      token_hash: reset.tokenHash,
      user_id: reset.userId,
      expires_at: reset.expiresAt,
      used_at: null,
    })
    .execute();
}

/** The user an unused, unexpired reset link is for, or null. */
export async function openPasswordReset(db: Executor, tokenHash: string): Promise<number | null> {
  const row = await db
    .selectFrom('password_resets')
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/**
 * Marks an open reset link used and returns its user, in one statement: of two requests racing
 * with one link, one wins and the other finds it used.
 */
export async function usePasswordReset(db: Executor, tokenHash: string): Promise<number | null> {
  const row = await db
    .updateTable('password_resets')
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** Ends every other open link of the user: once the password is reset, older emails are void. */
export async function endPasswordResets(db: Executor, userId: number): Promise<void> {
  await db
    .updateTable('password_resets')
    .set({ used_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

export async function recordResetRequest(
  db: Executor,
  emailKey: string,
  address: string,
): Promise<void> {
  await db.insertInto('password_reset_requests').values({ email_key: emailKey, address }).execute();
}

/** Reset requests in the last `windowSeconds` for this email address, and from this address. */
export async function recentResetRequests(
  db: Executor,
  emailKey: string,
  address: string,
  windowSeconds: number,
): Promise<{ forEmail: number; fromAddress: number }> {
  const row = await db
    .selectFrom('password_reset_requests')
    .select([
      sql<number>`count(*) filter (where email_key = ${emailKey})::int`.as('forEmail'),
      sql<number>`count(*) filter (where address = ${address})::int`.as('fromAddress'),
    ])
    .where((eb) => eb.or([eb('email_key', '=', emailKey), eb('address', '=', address)]))
    .where('at', '>', sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
    .executeTakeFirstOrThrow();
  return { forEmail: row.forEmail, fromAddress: row.fromAddress };
}

/** Requests older than the throttling window and links past their end: nothing reads them. */
export async function forgetPasswordResetsBefore(
  db: Executor,
  windowSeconds: number,
): Promise<void> {
  await db
    .deleteFrom('password_reset_requests')
    .where('at', '<=', sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
    .execute();
  await db
    .deleteFrom('password_resets')
    .where((eb) => eb.or([eb('expires_at', '<=', sql<Date>`now()`), eb('used_at', 'is not', null)]))
    .execute();
}
