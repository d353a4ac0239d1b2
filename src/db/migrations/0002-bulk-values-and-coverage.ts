import { sql, type Kysely } from 'kysely';

/*
 * Schema v2.
 *
 * Observations and their revisions lose their row-level foreign keys. PostgreSQL checks a
 * foreign key with a trigger per inserted row; on a national store (tens of millions of values)
 * that was most of the cost of an import (measured: 3.9 s of 6.7 s for 121,250 ONS values on
 * PGlite). The import service is the only writer and checks the whole staged batch against
 * metrics, periods and areas in one set-based query before it writes (applyStaged), so the same
 * guarantee holds at a fraction of the cost. Nothing deletes metrics, periods or areas.
 *
 * metric_period_coverage is a small summary, kept by every import, of which periods and area
 * types each metric has values for and from when the public may see them: '-infinity' for
 * published values, the embargo's end for embargoed ones and 'infinity' for restricted ones.
 * The catalogue, "latest period" and coverage answers read it with an index lookup and one
 * comparison with now(), so an embargo lifts on time without any job running.
 */
const statements = [
  ...['observations', 'observation_revisions'].flatMap((table) =>
    ['metric_id', 'period_id', 'area_id', 'import_id'].map(
      (column) => `alter table ${table} drop constraint ${table}_${column}_fkey`,
    ),
  ),
  `create table metric_period_coverage (
    metric_id integer not null references metrics (id) on delete cascade,
    period_id integer not null references periods (id),
    area_type text not null,
    visible_from timestamptz not null,
    observation_count integer not null check (observation_count > 0),
    value_count integer not null check (value_count between 0 and observation_count),
    last_changed timestamptz not null,
    primary key (metric_id, period_id, area_type, visible_from)
  )`,
  `create index metric_period_coverage_type on metric_period_coverage (area_type, metric_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
