import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export interface ApiKeyRecord {
  id: number;
  userId: number;
  email: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** A live key's holder: the key is unrevoked and its user not disabled. */
export interface KeyHolderRecord {
  keyId: number;
  userId: number;
  email: string;
  name: string;
  lastUsedAt: Date | null;
}

const keyColumns = [
  'k.id',
  'k.user_id as userId',
  'u.email',
  'k.name',
  'k.prefix',
  'k.created_at as createdAt',
  'k.last_used_at as lastUsedAt',
  'k.revoked_at as revokedAt',
] as const;

export async function insertApiKey(
  db: Executor,
  key: { userId: number; name: string; prefix: string; keyHash: string },
): Promise<number> {
  const row = await db
    .insertInto('api_keys')
    .values({ user_id: key.userId, name: key.name, prefix: key.prefix, key_hash: key.keyHash })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Keys, newest first: one user's, or everyone's. */
export async function listApiKeys(db: Executor, userId: number | null): Promise<ApiKeyRecord[]> {
  let query = db
    .selectFrom('api_keys as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .select(keyColumns)
    .orderBy('k.id', 'desc');
  if (userId !== null) query = query.where('k.user_id', '=', userId);
  return query.execute();
}

/** The key with this id, or whose prefix this is. */
export async function findApiKey(db: Executor, idOrPrefix: string): Promise<ApiKeyRecord | null> {
  const row = await db
    .selectFrom('api_keys as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .select(keyColumns)
    .where((eb) =>
      /^\d{1,9}$/.test(idOrPrefix)
        ? eb('k.id', '=', Number(idOrPrefix))
        : eb('k.prefix', '=', idOrPrefix),
    )
    .executeTakeFirst();
  return row ?? null;
}

/** Revokes the key unless it is already; whether this call revoked it. */
export async function revokeApiKey(db: Executor, id: number): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Who a key with this hash speaks for, if the key is live and its user may still act. */
export async function findKeyHolder(
  db: Executor,
  keyHash: string,
): Promise<KeyHolderRecord | null> {
  const row = await db
    .selectFrom('api_keys as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .select([
      'k.id as keyId',
      'k.user_id as userId',
      'u.email',
      'u.name',
      'k.last_used_at as lastUsedAt',
    ])
    .where('k.key_hash', '=', keyHash)
    .where('k.revoked_at', 'is', null)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}

export async function touchApiKey(db: Executor, id: number): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}
