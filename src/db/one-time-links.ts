import { sql } from 'kysely';
import type { Executor } from './database.ts';

/*
 * Invitations and password reset links are the same thing kept in two tables: a hashed token for
 * one user, used at most once before it expires. One set of statements serves both.
 */
export type OneTimeLinkTable = 'invitations' | 'password_resets';

export async function insertOneTimeLink(
  db: Executor,
  table: OneTimeLinkTable,
  link: { tokenHash: string; userId: number; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto(table)
    .values({
      token_hash: link.tokenHash,
      user_id: link.userId,
      expires_at: link.expiresAt,
      used_at: null,
    })
    .execute();
}

/** The user an unused, unexpired link is for, or null. */
export async function openOneTimeLink(
  db: Executor,
  table: OneTimeLinkTable,
  tokenHash: string,
): Promise<number | null> {
  const row = await db
    .selectFrom(table)
    .select('user_id')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/**
 * Marks an open link used and returns its user, in one statement: of two requests racing with
 * one link, one wins and the other finds it used.
 */
export async function useOneTimeLink(
  db: Executor,
  table: OneTimeLinkTable,
  tokenHash: string,
): Promise<number | null> {
  const row = await db
    .updateTable(table)
    .set({ used_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id ?? null;
}
