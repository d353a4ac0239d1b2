import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { metricsPublicNow, publicObservation } from '../db/visibility.ts';

/**
 * The slugs of the public metrics an area has a public figure of, in any period, a missing one
 * with its status included: one range scan of the observations_area index, so that a profile can
 * show every measure the council has without probing each metric.
 */
export async function metricsOfArea(db: Executor, areaCode: string): Promise<string[]> {
  const result = await sql<{ slug: string }>`
    select m.slug from ${metricsPublicNow} m
    where m.id in (
      select distinct o.metric_id from observations o
      where o.area_id = (select id from areas where code = ${areaCode}) and ${publicObservation})
    order by m.slug`.execute(db);
  return result.rows.map((r) => r.slug);
}
