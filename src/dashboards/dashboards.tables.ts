import type { ColumnType, Generated } from 'kysely';

/* The dashboards table as Kysely sees it (migration 0024), joined into db/schema.ts's type. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface DashboardTilesTable {
  id: Generated<number>;
  /** The person whose own dashboard holds the tile; null for an organisation's. */
  owner_user_id: number | null;
  /** The organisation whose dashboard holds the tile; null for a person's own. */
  organisation_code: string | null;
  position: number;
  area_code: string;
  metric_slug: string;
  /** The group compared with, as `group=` names it; null for the council's own default. */
  group_id: string | null;
  created_at: Timestamp;
  created_by: number | null;
}

export interface DashboardTables {
  dashboard_tiles: DashboardTilesTable;
}
