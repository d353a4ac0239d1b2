import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import {
  publicSight,
  unpublishedFor,
  visibleAt,
  visibleStateAt,
  type Sight,
} from '../db/visibility.ts';
import type { LeagueRow } from './league-table.ts';

/**
 * Every figure of one metric in one period the reader with `sight` sees, with each area's type, lifetime and region:
 * one range of the observations' primary key (metric, period), a few hundred rows.
 */
export async function valuesInPeriod(
  db: Executor,
  metricId: number,
  periodCode: string,
  sight: Sight = publicSight,
): Promise<LeagueRow[]> {
  const result = await sql<LeagueRow>`
    select a.code, a.short_name as name, a.type, a.valid_from as "validFrom",
      a.valid_to as "validTo", r.parent_code as region, ${visibleStateAt('o', sql`now()`, sight)},
      ${unpublishedFor('o', sight)} as unpublished
    from observations o
    join areas a on a.id = o.area_id
    left join area_parents r on r.area_code = a.code and r.relation = 'region'
    where o.metric_id = ${metricId}
      and o.period_id = (select id from periods where code = ${periodCode})
      and ${visibleAt('o', sql`now()`, sight)}
    order by a.short_name, a.code`.execute(db);
  return result.rows;
}
