import type { Executor } from '../db/database.ts';

/*
 * Benchmarking clubs' member councils (migration 0017). A club is an organisation of kind
 * 'club'; the councils in it are organisations too, so that a council's people see what is
 * shared with the club.
 */

export async function addClubMember(db: Executor, clubId: number, organisationId: number) {
  const added = await db
    .insertInto('club_members')
    .values({ club_id: clubId, organisation_id: organisationId })
    .onConflict((c) => c.columns(['club_id', 'organisation_id']).doNothing())
    .returning('club_id')
    .executeTakeFirst();
  return added !== undefined;
}

export async function removeClubMember(db: Executor, clubId: number, organisationId: number) {
  const removed = await db
    .deleteFrom('club_members')
    .where('club_id', '=', clubId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}

/** A club's member councils, by code. */
export async function clubMembers(db: Executor, clubId: number) {
  return db
    .selectFrom('club_members as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select(['o.code', 'o.name'])
    .where('c.club_id', '=', clubId)
    .orderBy('o.code')
    .execute();
}
