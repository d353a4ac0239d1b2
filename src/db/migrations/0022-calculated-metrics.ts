import { sql, type Kysely } from 'kysely';

/*
 * Calculated metrics (issue 18): a metric whose values openlg works out from other metrics' with
 * a formula. The definition (title, unit, polarity, comparability, per-head rule…) is kept whole
 * as validated JSON; the formula and the metrics it reads are columns, so that an import finds
 * the calculated metrics that depend on what it changed with one indexed query. The values
 * themselves are ordinary observations, written by an import of kind 'calculated'. calculated_at
 * is when the inputs were last read, so that an input's embargo ending since then is noticed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table calculated_metrics (
    slug text primary key,
    formula text not null check (formula <> ''),
    inputs text[] not null check (cardinality(inputs) > 0),
    definition jsonb not null,
    ready_made boolean not null default false,
    calculated_at timestamptz,
    updated_at timestamptz not null default now()
  )`.execute(db);
  await sql`create index calculated_metrics_inputs on calculated_metrics using gin (inputs)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table calculated_metrics`.execute(db);
}
