import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** The advisory lock every import takes: any fixed number, the same in every openlg process. */
const importLockKey = 0x6f70656e6c67; // "openlg"

/**
 * Makes imports into one PostgreSQL database take turns, each holding the lock until its
 * transaction ends. Two imports naming the same new periods or metrics at once would otherwise
 * each see the other's rows only in part (and both write a "fresh" metric's values).
 */
export async function lockImports(trx: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(importLockKey)})`.execute(trx);
}
