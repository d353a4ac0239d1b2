import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { AggregateRows } from './results.ts';

/**
 * One response counted into (delta 1) or out of (delta -1) a version's aggregates, as included
 * or as excluded by moderation, in one shard.
 */
export interface Tally {
  versionId: number;
  shard: number;
  included: boolean;
  delta: 1 | -1;
  /** Every line of the version, with the percent chosen (0 for no change). */
  percents: Readonly<Record<string, number>>;
  councilTaxBasisPoints: number;
  /** The UK day it was submitted and its band of time taken (results-maths.ts). */
  day: string;
  secondsBand: number;
}

/**
 * Adds tallies to the aggregates, in the caller's transaction: one statement for the five
 * counters, so a submission waits on the database once for them rather than five times. Tallies
 * with the same counter row are added together first (an insert may touch a row only once).
 *
 * Every writer (submissions and moderation alike) sends this same statement, whatever the
 * number of tallies (they travel as arrays), so the database runs the same plan for each: the
 * tables in one order, and the rows of each by primary key (`order by`). Concurrent writers on
 * a shared row then queue rather than deadlock.
 */
export async function addTallies(trx: Executor, tallies: readonly Tally[]): Promise<void> {
  if (tallies.length === 0) return;
  const lines = tallies.flatMap((t) =>
    Object.entries(t.percents).map(([lineId, percent]) => ({ t, lineId, percent })),
  );
  const column = <T>(rows: readonly T[], value: (row: T) => unknown) => rows.map(value);
  await sql`
    with line_rows as (
      select * from unnest(
        ${column(lines, (l) => l.t.versionId)}::integer[], ${column(lines, (l) => l.lineId)}::text[],
        ${column(lines, (l) => l.percent)}::integer[], ${column(lines, (l) => l.t.included)}::boolean[],
        ${column(lines, (l) => l.t.shard)}::smallint[], ${column(lines, (l) => l.t.delta)}::integer[]
      ) as r (version_id, line_id, percent, included, shard, delta)
    ), tally_rows as (
      select * from unnest(
        ${column(tallies, (t) => t.versionId)}::integer[],
        ${column(tallies, (t) => t.councilTaxBasisPoints)}::integer[],
        ${column(tallies, (t) => t.day)}::date[], ${column(tallies, (t) => t.secondsBand)}::integer[],
        ${column(tallies, (t) => t.included)}::boolean[], ${column(tallies, (t) => t.shard)}::smallint[],
        ${column(tallies, (t) => t.delta)}::integer[]
      ) as r (version_id, basis_points, day, seconds, included, shard, delta)
    ), line_totals as (
      insert into simulation_line_totals as a
        (version_id, line_id, included, shard, responses, percent_sum)
      select version_id, line_id, included, shard, sum(delta), sum(delta * percent)
      from line_rows group by 1, 2, 3, 4 order by 1, 2, 3, 4
      on conflict (version_id, line_id, included, shard) do update
        set responses = a.responses + excluded.responses,
            percent_sum = a.percent_sum + excluded.percent_sum
      returning 1
    ), step_counts as (
      insert into simulation_step_counts as a
        (version_id, line_id, percent, included, shard, responses)
      select version_id, line_id, percent, included, shard, sum(delta)
      from line_rows group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
      on conflict (version_id, line_id, percent, included, shard) do update
        set responses = a.responses + excluded.responses
      returning 1
    ), council_tax as (
      insert into simulation_council_tax_counts as a
        (version_id, basis_points, included, shard, responses)
      select version_id, basis_points, included, shard, sum(delta)
      from tally_rows group by 1, 2, 3, 4 order by 1, 2, 3, 4
      on conflict (version_id, basis_points, included, shard) do update
        set responses = a.responses + excluded.responses
      returning 1
    ), days as (
      insert into simulation_day_counts as a (version_id, day, included, shard, responses)
      select version_id, day, included, shard, sum(delta)
      from tally_rows group by 1, 2, 3, 4 order by 1, 2, 3, 4
      on conflict (version_id, day, included, shard) do update
        set responses = a.responses + excluded.responses
      returning 1
    )
    insert into simulation_duration_counts as a (version_id, seconds, included, shard, responses)
    select version_id, seconds, included, shard, sum(delta)
    from tally_rows group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (version_id, seconds, included, shard) do update
      set responses = a.responses + excluded.responses`.execute(trx);
}

/** A simulation's kept aggregates, shards added up: every version's, by line and step. */
export async function readAggregates(db: Executor, simulationId: number): Promise<AggregateRows> {
  const [lines, steps, councilTax, days, durations] = await Promise.all([
    db
      .selectFrom('simulation_line_totals as t')
      .innerJoin('simulation_versions as v', 'v.id', 't.version_id')
      .where('v.simulation_id', '=', simulationId)
      .groupBy(['v.version', 't.line_id', 't.included'])
      .select(['v.version', 't.line_id', 't.included'])
      .select((eb) => [
        eb.fn.sum<number>('t.responses').as('responses'),
        eb.fn.sum<number>('t.percent_sum').as('percent_sum'),
      ])
      .orderBy('v.version')
      .orderBy('t.line_id')
      .orderBy('t.included')
      .execute(),
    db
      .selectFrom('simulation_step_counts as s')
      .innerJoin('simulation_versions as v', 'v.id', 's.version_id')
      .where('v.simulation_id', '=', simulationId)
      .groupBy(['v.version', 's.line_id', 's.percent', 's.included'])
      .select(['v.version', 's.line_id', 's.percent', 's.included'])
      .select((eb) => eb.fn.sum<number>('s.responses').as('responses'))
      .orderBy('v.version')
      .orderBy('s.line_id')
      .orderBy('s.percent')
      .orderBy('s.included')
      .execute(),
    db
      .selectFrom('simulation_council_tax_counts as c')
      .innerJoin('simulation_versions as v', 'v.id', 'c.version_id')
      .where('v.simulation_id', '=', simulationId)
      .groupBy(['v.version', 'c.basis_points', 'c.included'])
      .select(['v.version', 'c.basis_points', 'c.included'])
      .select((eb) => eb.fn.sum<number>('c.responses').as('responses'))
      .orderBy('v.version')
      .orderBy('c.basis_points')
      .orderBy('c.included')
      .execute(),
    db
      .selectFrom('simulation_day_counts as d')
      .innerJoin('simulation_versions as v', 'v.id', 'd.version_id')
      .where('v.simulation_id', '=', simulationId)
      .groupBy(['v.version', 'd.day', 'd.included'])
      .select(['v.version', 'd.day', 'd.included'])
      .select((eb) => eb.fn.sum<number>('d.responses').as('responses'))
      .orderBy('v.version')
      .orderBy('d.day')
      .execute(),
    db
      .selectFrom('simulation_duration_counts as d')
      .innerJoin('simulation_versions as v', 'v.id', 'd.version_id')
      .where('v.simulation_id', '=', simulationId)
      .groupBy(['v.version', 'd.seconds', 'd.included'])
      .select(['v.version', 'd.seconds', 'd.included'])
      .select((eb) => eb.fn.sum<number>('d.responses').as('responses'))
      .orderBy('v.version')
      .orderBy('d.seconds')
      .execute(),
  ]);
  return { lines, steps, councilTax, days, durations };
}
