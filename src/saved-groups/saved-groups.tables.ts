import type { ColumnType, Generated } from 'kysely';
import type { Visibility } from '../accounts/sharing.ts';

/* The saved groups tables as Kysely sees them (migration 0019), joined into db/schema.ts's type. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface SavedGroupsTable {
  id: Generated<number>;
  owner_user_id: number;
  /** The organisation it belongs to as well as its owner; required to share with one. */
  organisation_code: string | null;
  name: string;
  /** The name in an address's words, shown after the id: `saved:12-north-east-peers`. */
  slug: string;
  visibility: Visibility;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Who last changed it (null once that person's account is deleted). */
  updated_by: number | null;
}

export interface SavedGroupMembersTable {
  group_id: number;
  position: number;
  area_code: string;
}

export interface SavedGroupTables {
  saved_groups: SavedGroupsTable;
  saved_group_members: SavedGroupMembersTable;
}
