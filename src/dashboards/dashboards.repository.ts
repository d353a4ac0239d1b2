import type { Executor } from '../db/database.ts';

/** Whose dashboard: one person's own, or an organisation's (by code). */
export type Owner = { kind: 'user'; userId: number } | { kind: 'organisation'; code: string };

export interface TileRecord {
  id: number;
  ownerUserId: number | null;
  organisationCode: string | null;
  position: number;
  areaCode: string;
  metricSlug: string;
  groupId: string | null;
}

/** What a person pins: a measure, for a council, compared with a group (null: its default). */
export interface TileInput {
  areaCode: string;
  metricSlug: string;
  groupId: string | null;
}

const tileColumns = [
  'id',
  'owner_user_id as ownerUserId',
  'organisation_code as organisationCode',
  'position',
  'area_code as areaCode',
  'metric_slug as metricSlug',
  'group_id as groupId',
] as const;

function ownedBy(db: Executor, owner: Owner) {
  const tiles = db.selectFrom('dashboard_tiles');
  return owner.kind === 'user'
    ? tiles.where('owner_user_id', '=', owner.userId)
    : tiles.where('organisation_code', '=', owner.code);
}

/** A dashboard's tiles in the order chosen. */
export async function listTiles(db: Executor, owner: Owner): Promise<TileRecord[]> {
  return ownedBy(db, owner).select(tileColumns).orderBy('position').orderBy('id').execute();
}

export async function findTile(db: Executor, id: number): Promise<TileRecord | undefined> {
  return db
    .selectFrom('dashboard_tiles')
    .select(tileColumns)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Pins a tile last on the owner's dashboard; its id. */
export async function insertTile(
  db: Executor,
  owner: Owner,
  tile: TileInput,
  byUserId: number | null,
): Promise<number> {
  const last = await ownedBy(db, owner)
    .select((eb) => eb.fn.max('position').as('position'))
    .executeTakeFirst();
  const row = await db
    .insertInto('dashboard_tiles')
    .values({
      owner_user_id: owner.kind === 'user' ? owner.userId : null,
      organisation_code: owner.kind === 'organisation' ? owner.code : null,
      position: (last?.position ?? 0) + 1,
      area_code: tile.areaCode,
      metric_slug: tile.metricSlug,
      group_id: tile.groupId,
      created_by: byUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteTile(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('dashboard_tiles').where('id', '=', id).execute();
}

/** Sets each tile's position to its place in `ids` (a whole dashboard, reordered). */
export async function writeOrder(db: Executor, ids: readonly number[]): Promise<void> {
  for (const [index, id] of ids.entries())
    await db
      .updateTable('dashboard_tiles')
      .set({ position: index + 1 })
      .where('id', '=', id)
      .execute();
}
