import type { ColumnType } from 'kysely';

/* The overview's tables as Kysely sees them (migration 0027), joined into db/schema.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OverviewDirectionsTable {
  basket: string;
  baseline: string;
  area_code: string;
  metric: string;
  title: string;
  theme: string;
  direction: string;
  reason: string | null;
  decided_by: string | null;
  baseline_period: string | null;
  baseline_value: number | null;
  latest_period: string | null;
  latest_value: number | null;
}

export interface OverviewBuildsTable {
  basket: string;
  version: number;
  built_at: Timestamp;
}

export interface OverviewTables {
  overview_directions: OverviewDirectionsTable;
  overview_builds: OverviewBuildsTable;
}
