import { sql, type Kysely } from 'kysely';

/*
 * Budget simulation results (issue 21). Kept as responses arrive, as the other aggregates are
 * (by version, whether included or excluded by moderation, and shard): responses per UK day and
 * per band of time taken (whole seconds under a minute, 5 s under 10 minutes, 30 s under an
 * hour, then one band), so the results page reads counts and never the responses; the counts
 * of responses already recorded are filled from them here. How often the resident's form was
 * first shown, per simulation and day, for the completion rate. Whether the council has made
 * its results public, and the budget it adopted, entered afterwards to set beside residents'.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table simulations add column results_public boolean not null default false`.execute(
    db,
  );
  await sql`create table simulation_day_counts (
    version_id integer not null references simulation_versions (id) on delete cascade,
    day date not null,
    included boolean not null,
    shard smallint not null,
    responses bigint not null,
    primary key (version_id, day, included, shard)
  )`.execute(db);
  await sql`create table simulation_duration_counts (
    version_id integer not null references simulation_versions (id) on delete cascade,
    seconds integer not null,
    included boolean not null,
    shard smallint not null,
    responses bigint not null,
    primary key (version_id, seconds, included, shard)
  )`.execute(db);
  await sql`create table simulation_form_views (
    simulation_id integer not null references simulations (id) on delete cascade,
    day date not null,
    shard smallint not null,
    shown bigint not null,
    primary key (simulation_id, day, shard)
  )`.execute(db);
  await sql`create table simulation_adopted_budgets (
    simulation_id integer primary key references simulations (id) on delete cascade,
    version_id integer not null references simulation_versions (id),
    choices jsonb not null,
    council_tax_basis_points integer,
    entered_at timestamptz not null,
    entered_by_user_id integer references users (id) on delete set null
  )`.execute(db);
  await sql`insert into simulation_day_counts (version_id, day, included, shard, responses)
    select version_id, (submitted_at at time zone 'Europe/London')::date, excluded_at is null,
      id % 8, count(*)
    from simulation_responses group by 1, 2, 3, 4`.execute(db);
  await sql`insert into simulation_duration_counts (version_id, seconds, included, shard, responses)
    select version_id, band, excluded_at is null, id % 8, count(*)
    from simulation_responses,
      lateral (select greatest(0, floor(extract(epoch from submitted_at - started_at)))::integer as s) t,
      lateral (select case when s < 60 then s when s < 600 then s - s % 5
        when s < 3600 then s - s % 30 else 3600 end as band) b
    group by 1, 2, 3, 4`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'simulation_adopted_budgets',
    'simulation_form_views',
    'simulation_duration_counts',
    'simulation_day_counts',
  ])
    await sql`drop table ${sql.table(table)}`.execute(db);
  await sql`alter table simulations drop column results_public`.execute(db);
}
