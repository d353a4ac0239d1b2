import { sql, type Kysely } from 'kysely';

/*
 * The latest values (migration 0004) also by metric, then area, carrying the same values: "one
 * measure, many councils, latest", the data API's commonest question, becomes one range scan of
 * a few index pages that never visits the table. By area first it was a probe per council, so the
 * values were read from the observations instead, a table page a council (162 pages for the
 * district-level councils of one measure in the demo store), each a read from the file system on
 * PGlite the first time a measure was asked for (issue 16).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index latest_values_by_metric on latest_values (metric_id, area_id)
    include (period_id, value, lci, uci, status)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index latest_values_by_metric`.execute(db);
}
