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

/** A council's kept profile, and what the public data is now built from: see keptProfileStamp. */
export interface KeptProfile {
  version: number;
  /** The last embargo to have ended (ISO), or null: public data changes then with no write. */
  lifted: string | null;
  stamp: string | null;
  body: string | null;
}

/**
 * The profile kept for a council and group, with the data version and the last embargo ended
 * that a fresh one would be stamped with, in one round trip. `body` is read even when stale:
 * comparing the stamp in the database would need the day the caller works in.
 */
export async function keptProfile(
  db: Executor,
  areaCode: string,
  groupKey: string,
): Promise<KeptProfile> {
  const result = await sql<KeptProfile>`
    select v.version,
      to_char((select max(i.embargo_until) from imports i where i.embargo_until <= now())
        at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as lifted,
      p.stamp, p.body
    from data_version v
    left join council_profiles p on p.area_code = ${areaCode} and p.group_key = ${groupKey}`.execute(
    db,
  );
  const row = result.rows[0];
  if (!row) throw new Error('data_version has no row: the migrations have not been applied');
  return { ...row, version: Number(row.version) };
}

/** Keeps a council's profile for a group, replacing whatever was kept for it before. */
export async function keepProfile(
  db: Executor,
  profile: { areaCode: string; groupKey: string; stamp: string; body: string },
): Promise<void> {
  await sql`
    insert into council_profiles (area_code, group_key, stamp, body)
    values (${profile.areaCode}, ${profile.groupKey}, ${profile.stamp}, ${profile.body})
    on conflict (area_code, group_key) do update
      set stamp = excluded.stamp, body = excluded.body, built_at = now()`.execute(db);
}
