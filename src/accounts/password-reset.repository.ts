import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { insertOneTimeLink, openOneTimeLink, useOneTimeLink } from '../db/one-time-links.ts';
import { forgetRequestsBefore, recentRequests, recordRequest } from '../db/request-counts.ts';

export async function insertPasswordReset(
  db: Executor,
  reset: { tokenHash: string; userId: number; expiresAt: Date },
): Promise<void> {
  await insertOneTimeLink(db, 'password_resets', reset);
}

/** The user an unused, unexpired reset link is for, or null. */
export async function openPasswordReset(db: Executor, tokenHash: string): Promise<number | null> {
  return openOneTimeLink(db, 'password_resets', tokenHash);
}

/** Marks an open reset link used and returns its user; of two racing requests one wins. */
export async function usePasswordReset(db: Executor, tokenHash: string): Promise<number | null> {
  return useOneTimeLink(db, 'password_resets', tokenHash);
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
  await recordRequest(db, 'password_reset_requests', emailKey, address);
}

/** Reset requests in the last `windowSeconds` for this email address, and from this address. */
export async function recentResetRequests(
  db: Executor,
  emailKey: string,
  address: string,
  windowSeconds: number,
): Promise<{ forEmail: number; fromAddress: number }> {
  return recentRequests(db, 'password_reset_requests', { emailKey, address, windowSeconds });
}

/** Requests older than the throttling window and links past their end: nothing reads them. */
export async function forgetPasswordResetsBefore(
  db: Executor,
  windowSeconds: number,
): Promise<void> {
  await forgetRequestsBefore(db, 'password_reset_requests', windowSeconds);
  await db
    .deleteFrom('password_resets')
    .where((eb) => eb.or([eb('expires_at', '<=', sql<Date>`now()`), eb('used_at', 'is not', null)]))
    .execute();
}
