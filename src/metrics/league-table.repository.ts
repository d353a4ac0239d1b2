import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import {
  ownStatePublicAt,
  publicSight,
  visibleAt,
  visibleStateAt,
  type Sight,
} from '../db/visibility.ts';
import type { LeagueRow } from './league-table.ts';

/** How a figure in a reader's sight is held back from the public, when it is. */
interface HeldBack {
  heldAs?: 'embargoed' | 'restricted' | null;
  heldUntil?: Date | null;
}

/**
 * Every figure of one metric in one period that a reader with `sight` (the public's by default)
 * sees, with each area's type, lifetime and region: one range of the observations' primary key
 * (metric, period), a few hundred rows. A figure of their sight the public cannot see yet says
 * how it is held back.
 */
export async function valuesInPeriod(
  db: Executor,
  metricId: number,
  periodCode: string,
  sight: Sight = publicSight,
): Promise<LeagueRow[]> {
  const now = sql`now()`;
  // The public sees nothing held back: its query is the public's state alone.
  const heldBack =
    sight.length === 0
      ? sql``
      : sql`, case when o.import_id = any(${sight}::integer[])
            and not ${ownStatePublicAt('o', now)} then o.publication end as "heldAs",
          o.embargo_until as "heldUntil"`;
  const result = await sql<Omit<LeagueRow, 'withheld'> & HeldBack>`
    select a.code, a.short_name as name, a.type, a.valid_from as "validFrom",
      a.valid_to as "validTo", r.parent_code as region, ${visibleStateAt('o', now, sight)}${heldBack}
    from observations o
    join areas a on a.id = o.area_id
    left join area_parents r on r.area_code = a.code and r.relation = 'region'
    where o.metric_id = ${metricId}
      and o.period_id = (select id from periods where code = ${periodCode})
      and ${visibleAt('o', now, sight)}
    order by a.short_name, a.code`.execute(db);
  return result.rows.map(({ heldAs, heldUntil, ...row }) =>
    heldAs ? { ...row, withheld: { state: heldAs, until: heldUntil ?? null } } : row,
  );
}
