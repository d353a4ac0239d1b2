import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export interface DataVersionRow {
  version: number;
  updated_at: Date;
  /** The end of the latest embargo that has already lifted: public answers changed then. */
  lifted: Date | null;
  /** The end of the next embargo to lift: public answers will change then, with no write. */
  next_lift: Date | null;
  /** The database's clock, the one the visibility rules compare embargoes with. */
  now: Date;
}

/**
 * What the public can see changes on every write (the version) and whenever an embargo lifts,
 * which no write marks; imports record every embargo that any stored value carries.
 */
export async function readDataVersion(db: Executor): Promise<DataVersionRow> {
  const result = await sql<DataVersionRow>`
    select v.version, v.updated_at,
      (select max(embargo_until) from imports where embargo_until <= now()) as lifted,
      (select min(embargo_until) from imports where embargo_until > now()) as next_lift,
      now() as now
    from data_version v`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('data_version has no row: the migrations have not been applied');
  return row;
}
