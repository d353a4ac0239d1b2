import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export async function pingDatabase(db: Executor): Promise<void> {
  await sql`select 1`.execute(db);
}

export interface DataVersion {
  version: number;
  /** When what the public sees last changed: a write, or an embargo lifting since. */
  changedAt: Date;
}

export async function readDataVersion(db: Executor): Promise<DataVersion> {
  const result = await sql<{ version: number; changed_at: Date }>`
    select v.version, greatest(v.updated_at,
      (select max(embargo_until) from imports where embargo_until <= now())) as changed_at
    from data_version v`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('data_version has no row: the migrations have not been applied');
  return { version: Number(row.version), changedAt: new Date(row.changed_at) };
}
