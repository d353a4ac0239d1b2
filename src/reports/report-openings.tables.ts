import type { ColumnType } from 'kysely';

/* The report openings table as Kysely sees it (migration 0026), joined into db/schema.ts's type. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface ReportOpeningsTable {
  user_id: number;
  report_slug: string;
  area_code: string;
  opened_at: Timestamp;
}

export interface ReportOpeningTables {
  report_openings: ReportOpeningsTable;
}
