import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export interface TwoFactorRecord {
  secret: string;
  confirmed: boolean;
  lastUsedStep: number | null;
}

export async function findTwoFactor(db: Executor, userId: number): Promise<TwoFactorRecord | null> {
  const row = await db
    .selectFrom('user_two_factor')
    .select(['secret', 'confirmed_at', 'last_used_step'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row
    ? { secret: row.secret, confirmed: row.confirmed_at !== null, lastUsedStep: row.last_used_step }
    : null;
}

/** Whether the user's second step is in force (set up and confirmed). */
export async function hasTwoFactor(db: Executor, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('user_two_factor')
    .select('user_id')
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Whether the user holds the administrator role in any organisation without a confirmed second
 * step: one query, asked on every signed-in request.
 */
export async function mustSetUpTwoFactor(db: Executor, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('memberships as m')
    .select('m.user_id')
    .where('m.user_id', '=', userId)
    .where('m.role', '=', 'administrator')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('user_two_factor as t')
            .select('t.user_id')
            .whereRef('t.user_id', '=', 'm.user_id')
            .where('t.confirmed_at', 'is not', null),
        ),
      ),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** Keeps an unconfirmed secret for the user, unless one is in force already. */
export async function storePendingSecret(
  db: Executor,
  userId: number,
  secret: string,
): Promise<void> {
  await db
    .insertInto('user_two_factor')
    .values({ user_id: userId, secret, confirmed_at: null, last_used_step: null })
    .onConflict((c) =>
      c
        .column('user_id')
        .doUpdateSet({ secret, created_at: sql<Date>`now()` })
        .where('user_two_factor.confirmed_at', 'is', null),
    )
    .execute();
}

/**
 * Records `step` as the last one accepted, unless it is not after the one stored: of two
 * requests racing with one code, only one moves the step on. Confirms the secret too.
 */
export async function acceptStep(db: Executor, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('user_two_factor')
    .set({ last_used_step: step, confirmed_at: sql<Date>`coalesce(confirmed_at, now())` })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Turns the second step off: the secret and recovery codes go. */
export async function deleteTwoFactor(db: Executor, userId: number): Promise<void> {
  await db.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
  await db.deleteFrom('user_two_factor').where('user_id', '=', userId).execute();
}

/** Replaces the user's recovery codes with these (hashes). */
export async function replaceRecoveryCodes(
  db: Executor,
  userId: number,
  codeHashes: readonly string[],
): Promise<void> {
  await db.deleteFrom('two_factor_recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('two_factor_recovery_codes')
    .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null })))
    .execute();
}

/** Marks an unused recovery code used, in one statement: whether it was there to use. */
export async function useRecoveryCode(
  db: Executor,
  userId: number,
  codeHash: string,
): Promise<boolean> {
  const result = await db
    .updateTable('two_factor_recovery_codes')
    .set({ used_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function unusedRecoveryCodes(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('two_factor_recovery_codes')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.count;
}

export async function insertChallenge(
  db: Executor,
  challenge: { tokenHash: string; userId: number; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('two_factor_challenges')
    .values({
      token_hash: challenge.tokenHash,
      user_id: challenge.userId,
      expires_at: challenge.expiresAt,
    })
    .execute();
}

/** The user of an unexpired challenge, with their email address (the throttle's key), or null. */
export async function findChallenge(
  db: Executor,
  tokenHash: string,
): Promise<{ userId: number; email: string } | null> {
  const row = await db
    .selectFrom('two_factor_challenges as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.user_id as userId', 'u.email'])
    .where('c.token_hash', '=', tokenHash)
    .where('c.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}

/** Ends a challenge; whether it was there to end (of two racing requests, one is). */
export async function deleteChallenge(db: Executor, tokenHash: string): Promise<boolean> {
  const result = await db
    .deleteFrom('two_factor_challenges')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteEndedChallenges(db: Executor): Promise<void> {
  await db
    .deleteFrom('two_factor_challenges')
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
}
