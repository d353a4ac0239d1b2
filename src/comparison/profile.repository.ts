import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** What the public data is now built from: see keptProfileStamp. */
export interface PublicState {
  version: number;
  /** The last embargo to have ended (ISO), or null: public data changes then with no write. */
  lifted: string | null;
}

/** A council's kept profile, with the public state a fresh one would be stamped with. */
export interface KeptProfile extends PublicState {
  stamp: string | null;
  body: string | null;
}

const lastLifted = sql<string | null>`to_char(
  (select max(i.embargo_until) from imports i where i.embargo_until <= now())
    at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

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
    select v.version, ${lastLifted} as lifted, p.stamp, p.body
    from data_version v
    left join council_profiles p on p.area_code = ${areaCode} and p.group_key = ${groupKey}`.execute(
    db,
  );
  const row = result.rows[0];
  if (!row) throw new Error('data_version has no row: the migrations have not been applied');
  return { ...row, version: Number(row.version) };
}

/** What a kept profile built now would be stamped from, for the background builder. */
export async function publicState(db: Executor): Promise<PublicState> {
  const { version, lifted } = await keptProfile(db, '', '');
  return { version, lifted };
}

/** A council profile the background builder has claimed: the council and the group's key. */
export interface ClaimedProfile {
  areaCode: string;
  groupKey: string;
}

/**
 * Claims, for `seconds`, one profile a council page shows when no group is chosen (its default
 * group; an abolished council's, its former type) whose kept copy is missing or not stamped
 * `stamp`, and that no live claim holds for this stamp: the kept ones first (someone has looked
 * at them), then by code. One statement, so that two processes never claim the same one: the
 * loser's insert meets the winner's row, its update's condition fails and it claims nothing.
 */
export async function claimDueProfile(
  db: Executor,
  stamp: string,
  councilTypes: readonly string[],
  seconds: number,
): Promise<ClaimedProfile | null> {
  const result = await sql<ClaimedProfile>`
    with shown as (
      select a.code as area_code,
        case when a.valid_to is null then 'default' else 'type:' || a.type end as group_key
      from areas a where a.type = any(${councilTypes}::text[])
    ), due as (
      select s.area_code, s.group_key from shown s
      left join council_profiles p on p.area_code = s.area_code and p.group_key = s.group_key
      left join profile_builds b on b.area_code = s.area_code and b.group_key = s.group_key
      where p.stamp is distinct from ${stamp}
        and (b.stamp is null or b.stamp <> ${stamp} or b.claimed_until <= now())
      order by p.area_code is null, s.area_code
      limit 1
    )
    insert into profile_builds (area_code, group_key, stamp, claimed_until)
    select area_code, group_key, ${stamp}, now() + make_interval(secs => ${seconds}) from due
    on conflict (area_code, group_key) do update
      set stamp = excluded.stamp, claimed_until = excluded.claimed_until
      where profile_builds.stamp <> excluded.stamp or profile_builds.claimed_until <= now()
    returning area_code as "areaCode", group_key as "groupKey"`.execute(db);
  return result.rows[0] ?? null;
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
