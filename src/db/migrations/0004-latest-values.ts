import { sql, type Kysely } from 'kysely';

/*
 * Schema v4: each area's latest public value of every metric, kept by every import, so that
 * "one area, every metric, latest" (an area's whole profile) is one range scan of an index
 * rather than one probe per metric (5,000 probes at national scale). The primary key carries
 * the values, so that once vacuumed the scan never visits the table.
 *
 * A row holds what was public when its metric was last rebuilt (latest_value_builds.built_at).
 * Only a write can hide a value, and every write rebuilds; but time can reveal one: an embargo
 * that ends after built_at makes its metric's rows stale, which readers detect by comparing the
 * two moments, and then read that metric the long way.
 */
const statements = [
  `create table latest_values (
    area_id integer not null,
    metric_id integer not null references metrics (id) on delete cascade,
    period_id integer not null,
    value double precision,
    lci double precision,
    uci double precision,
    status text not null,
    primary key (area_id, metric_id) include (period_id, value, lci, uci, status)
  )`,
  `create table latest_value_builds (
    metric_id integer primary key references metrics (id) on delete cascade,
    built_at timestamptz not null
  )`,
  `insert into latest_values (area_id, metric_id, period_id, value, lci, uci, status)
    select distinct on (o.area_id, o.metric_id) o.area_id, o.metric_id, o.period_id, o.value,
      o.lci, o.uci, o.status
    from observations o join periods p on p.id = o.period_id
    where o.publication = 'published'
      or (o.publication = 'embargoed' and o.embargo_until <= now())
    order by o.area_id, o.metric_id, p.start_date desc, p.end_date desc`,
  `insert into latest_value_builds (metric_id, built_at) select id, now() from metrics`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
