import { sql } from 'kysely';
import type { Executor } from './database.ts';

/** Told of every move of the data version, when its transaction commits (Database.watchDataVersion). */
export const dataVersionChannel = 'openlg_data_version';

/**
 * Marks a change to anything the public reads (values, metrics, areas, groups): the API's ETags
 * and Last-Modified derive from it. Every writer calls it inside its own transaction.
 */
export async function bumpDataVersion(trx: Executor) {
  await trx
    .updateTable('data_version')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date() }))
    .execute();
  // PostgreSQL holds the notice until the transaction commits, and drops it on a rollback.
  await sql`select pg_notify(${dataVersionChannel}, '')`.execute(trx);
}
