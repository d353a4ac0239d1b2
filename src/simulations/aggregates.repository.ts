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

const byKey = <T>(key: (row: T) => string) => {
  return (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
};

/*
 * Every transaction takes the counter rows in one order (table by table, then by primary key),
 * so that concurrent submissions and exclusions queue rather than deadlock.
 */
const lineKey = (r: { line_id: string; included: boolean }) => `${r.line_id}\u0000${+r.included}`;

/** Adds tallies to the aggregates, in the caller's transaction. */
export async function addTallies(trx: Executor, tallies: readonly Tally[]): Promise<void> {
  const lineRows = tallies.flatMap((t) =>
    Object.entries(t.percents).map(([line_id, percent]) => ({
      version_id: t.versionId,
      line_id,
      included: t.included,
      shard: t.shard,
      responses: t.delta,
      percent_sum: t.delta * percent,
      percent,
    })),
  );
  if (lineRows.length > 0) {
    await trx
      .insertInto('simulation_line_totals')
      .values(
        lineRows.sort(byKey(lineKey)).map((r) => ({
          version_id: r.version_id,
          line_id: r.line_id,
          included: r.included,
          shard: r.shard,
          responses: r.responses,
          percent_sum: r.percent_sum,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['version_id', 'line_id', 'included', 'shard']).doUpdateSet({
          responses: sql`simulation_line_totals.responses + excluded.responses`,
          percent_sum: sql`simulation_line_totals.percent_sum + excluded.percent_sum`,
        }),
      )
      .execute();
    await trx
      .insertInto('simulation_step_counts')
      .values(
        lineRows
          .sort(byKey((r) => `${r.line_id}\u0000${r.percent}\u0000${+r.included}`))
          .map((r) => ({
            version_id: r.version_id,
            line_id: r.line_id,
            percent: r.percent,
            included: r.included,
            shard: r.shard,
            responses: r.responses,
          })),
      )
      .onConflict((oc) =>
        oc.columns(['version_id', 'line_id', 'percent', 'included', 'shard']).doUpdateSet({
          responses: sql`simulation_step_counts.responses + excluded.responses`,
        }),
      )
      .execute();
  }
  if (tallies.length === 0) return;
  await addCouncilTax(trx, tallies);
  await addActivity(trx, tallies);
}

async function addCouncilTax(trx: Executor, tallies: readonly Tally[]): Promise<void> {
  await trx
    .insertInto('simulation_council_tax_counts')
    .values(
      [...tallies]
        .sort((a, b) => +a.included - +b.included)
        .map((t) => ({
          version_id: t.versionId,
          basis_points: t.councilTaxBasisPoints,
          included: t.included,
          shard: t.shard,
          responses: t.delta,
        })),
    )
    .onConflict((oc) =>
      oc.columns(['version_id', 'basis_points', 'included', 'shard']).doUpdateSet({
        responses: sql`simulation_council_tax_counts.responses + excluded.responses`,
      }),
    )
    .execute();
}

async function addActivity(trx: Executor, tallies: readonly Tally[]): Promise<void> {
  const ordered = [...tallies].sort((a, b) => +a.included - +b.included);
  await trx
    .insertInto('simulation_day_counts')
    .values(
      ordered.map((t) => ({
        version_id: t.versionId,
        day: t.day,
        included: t.included,
        shard: t.shard,
        responses: t.delta,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['version_id', 'day', 'included', 'shard']).doUpdateSet({
        responses: sql`simulation_day_counts.responses + excluded.responses`,
      }),
    )
    .execute();
  await trx
    .insertInto('simulation_duration_counts')
    .values(
      ordered.map((t) => ({
        version_id: t.versionId,
        seconds: t.secondsBand,
        included: t.included,
        shard: t.shard,
        responses: t.delta,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['version_id', 'seconds', 'included', 'shard']).doUpdateSet({
        responses: sql`simulation_duration_counts.responses + excluded.responses`,
      }),
    )
    .execute();
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
