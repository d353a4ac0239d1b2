import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import { sharedWhere, type SharedFilter } from '../db/sharing.ts';
import type { Visibility } from '../accounts/sharing.ts';

export interface SavedGroupRecord {
  id: number;
  ownerUserId: number;
  ownerName: string;
  organisationCode: string | null;
  name: string;
  slug: string;
  visibility: Visibility;
  createdAt: Date;
  updatedAt: Date;
  /** Member GSS codes in the order they were saved. */
  codes: string[];
}

/** What a person saves: the group's words and members; who saves it is said beside. */
export interface SavedGroupInput {
  name: string;
  slug: string;
  visibility: Visibility;
  organisationCode: string | null;
  codes: readonly string[];
}

const groupColumns = [
  'g.id',
  'g.owner_user_id as ownerUserId',
  'u.name as ownerName',
  'g.organisation_code as organisationCode',
  'g.name',
  'g.slug',
  'g.visibility',
  'g.created_at as createdAt',
  'g.updated_at as updatedAt',
] as const;

async function writeMembers(db: Executor, groupId: number, codes: readonly string[]) {
  await db.deleteFrom('saved_group_members').where('group_id', '=', groupId).execute();
  if (codes.length === 0) return;
  await db
    .insertInto('saved_group_members')
    .values(codes.map((code, position) => ({ group_id: groupId, position, area_code: code })))
    .execute();
}

export async function insertSavedGroup(
  db: Executor,
  ownerUserId: number,
  group: SavedGroupInput,
): Promise<number> {
  const row = await db
    .insertInto('saved_groups')
    .values({
      owner_user_id: ownerUserId,
      organisation_code: group.organisationCode,
      name: group.name,
      slug: group.slug,
      visibility: group.visibility,
      updated_by: ownerUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeMembers(db, row.id, group.codes);
  return row.id;
}

export async function updateSavedGroup(
  db: Executor,
  id: number,
  byUserId: number,
  group: SavedGroupInput,
): Promise<void> {
  await db
    .updateTable('saved_groups')
    .set({
      organisation_code: group.organisationCode,
      name: group.name,
      slug: group.slug,
      visibility: group.visibility,
      updated_at: sql<Date>`now()`,
      updated_by: byUserId,
    })
    .where('id', '=', id)
    .execute();
  await writeMembers(db, id, group.codes);
}

export async function deleteSavedGroup(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('saved_groups').where('id', '=', id).execute();
}

async function membersOf(db: Executor, ids: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('saved_group_members')
    .select(['group_id', 'area_code'])
    .where('group_id', 'in', [...ids])
    .orderBy('group_id')
    .orderBy('position')
    .execute();
  for (const row of rows) out.get(row.group_id)?.push(row.area_code);
  return out;
}

export async function findSavedGroup(db: Executor, id: number): Promise<SavedGroupRecord | null> {
  const row = await db
    .selectFrom('saved_groups as g')
    .innerJoin('users as u', 'u.id', 'g.owner_user_id')
    .select(groupColumns)
    .where('g.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const members = await membersOf(db, [row.id]);
  return { ...row, codes: members.get(row.id) ?? [] };
}

/** The groups any part of the filter matches, by name; none when it asks for nothing. */
export async function listSavedGroups(
  db: Executor,
  filter: SharedFilter,
): Promise<SavedGroupRecord[]> {
  const where = sharedWhere('g', filter);
  if (where === null) return [];
  const rows = await db
    .selectFrom('saved_groups as g')
    .innerJoin('users as u', 'u.id', 'g.owner_user_id')
    .select(groupColumns)
    .where(where)
    .orderBy('g.name')
    .orderBy('g.id')
    .execute();
  const members = await membersOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ ...row, codes: members.get(row.id) ?? [] }));
}
