import type { Executor } from './database.ts';

/**
 * Marks a change to anything the public reads (values, metrics, areas, groups): the API's ETags
 * and Last-Modified derive from it. Every writer calls it inside its own transaction.
 */
export async function bumpDataVersion(trx: Executor) {
  await trx
    .updateTable('data_version')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: new Date() }))
    .execute();
}
