import { sql } from 'kysely';
import { bumpDataVersion } from '../db/data-version.ts';
import type { Db, Executor } from '../db/database.ts';
import { madePublicSince } from '../db/visibility.ts';
import type { OverviewDirectionsTable } from './overview.tables.ts';

export type DirectionRow = OverviewDirectionsTable;

/**
 * Replaces the whole overview of these baskets (and drops any other basket's) in one
 * transaction, moving the data version: the public reads it, and answers kept for the old one
 * must not outlive it.
 */
export async function replaceAll(
  db: Db,
  baskets: readonly { slug: string; version: number; rows: readonly DirectionRow[] }[],
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('overview_directions').execute();
    await tx.deleteFrom('overview_builds').execute();
    for (const basket of baskets) {
      // A few thousand rows at a time keeps each statement's parameters well under the limit.
      for (let i = 0; i < basket.rows.length; i += 2_000)
        await tx
          .insertInto('overview_directions')
          .values(basket.rows.slice(i, i + 2_000))
          .execute();
      await tx
        .insertInto('overview_builds')
        .values({ basket: basket.slug, version: basket.version, built_at: sql`now()` })
        .execute();
    }
    await bumpDataVersion(tx);
  });
}

/** When each basket was last worked out, and at which version. */
export async function builds(db: Executor) {
  return db.selectFrom('overview_builds').selectAll().execute();
}

/** The rows of some areas for a basket and baseline, by area and measure order of insertion. */
export async function rowsOf(
  db: Executor,
  basket: string,
  baseline: string,
  areaCodes: readonly string[],
): Promise<DirectionRow[]> {
  if (areaCodes.length === 0) return [];
  return db
    .selectFrom('overview_directions')
    .selectAll()
    .where('basket', '=', basket)
    .where('baseline', '=', baseline)
    .where('area_code', 'in', areaCodes)
    .orderBy('area_code')
    .orderBy('theme')
    .orderBy('metric')
    .execute();
}

/** Every area's rows for a basket and baseline. */
export async function allRowsOf(db: Executor, basket: string, baseline: string) {
  return db
    .selectFrom('overview_directions')
    .selectAll()
    .where('basket', '=', basket)
    .where('baseline', '=', baseline)
    .execute();
}

export interface DistributionRow {
  metric: string;
  direction: string;
  councils: number;
}

/** For each measure, how many areas other than those excluded went each way. */
export async function distribution(
  db: Executor,
  basket: string,
  baseline: string,
  excluded: readonly string[],
): Promise<DistributionRow[]> {
  const result = await sql<DistributionRow>`
    select metric, direction, count(*)::integer as councils
    from overview_directions
    where basket = ${basket} and baseline = ${baseline}
      and area_code <> all(${[...excluded]}::text[])
    group by metric, direction
    order by metric, direction`.execute(db);
  return result.rows;
}

/** Whether values of these metrics became public (an embargo ended) since the overview was built. */
export async function liftedSinceBuilt(db: Executor, slugs: readonly string[]): Promise<boolean> {
  const built = sql`(select min(built_at) from overview_builds)`;
  const result = await sql<{ due: boolean }>`
    select ${madePublicSince(slugs, built)} as due`.execute(db);
  return result.rows[0]?.due ?? false;
}
