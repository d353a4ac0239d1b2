import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export interface WindowHits {
  client: string;
  windowStart: number;
  hits: number;
}

/**
 * Adds this process's hits to each client's minute, and returns everyone's totals for them: one
 * statement for every client a process has seen lately. A row of 0 hits just reads the total.
 */
export async function addHits(db: Executor, rows: readonly WindowHits[]): Promise<WindowHits[]> {
  if (rows.length === 0) return [];
  const result = await sql<{ client: string; window_start: string | number; hits: number }>`
    insert into rate_limits (client, window_start, hits)
    select * from unnest(${rows.map((r) => r.client)}::text[],
      ${rows.map((r) => r.windowStart)}::bigint[], ${rows.map((r) => r.hits)}::integer[])
    on conflict (client, window_start) do update set hits = rate_limits.hits + excluded.hits
    returning client, window_start, hits`.execute(db);
  return result.rows.map((r) => ({
    client: r.client,
    windowStart: Number(r.window_start),
    hits: r.hits,
  }));
}

/** Deletes the minutes that ended before `before` (epoch ms): no limit reads them again. */
export async function forgetBefore(db: Executor, before: number): Promise<void> {
  await sql`delete from rate_limits where window_start < ${before}`.execute(db);
}
