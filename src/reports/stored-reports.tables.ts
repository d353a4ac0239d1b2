import type { ColumnType, Generated } from 'kysely';
import type { Visibility } from '../accounts/sharing.ts';

/* The stored reports tables as Kysely sees them (migration 0025), joined into db/schema.ts's type. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A report definition as JSON: written as its text, read back as a value to check. */
type Definition = ColumnType<unknown, string, string>;

export interface StoredReportsTable {
  id: Generated<number>;
  owner_user_id: number;
  /** The organisation it belongs to as well as its owner; required to share with one. */
  organisation_code: string | null;
  visibility: Visibility;
  name: string;
  /** The definition's revision, raised with each saved change. */
  revision: number;
  definition: Definition;
  /** The report it was copied from, as `/reports/{slug}` names it. */
  copied_from: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Who last changed it (null once that person's account is deleted). */
  updated_by: number | null;
}

export interface StoredReportRevisionsTable {
  report_id: number;
  revision: number;
  definition: Definition;
  saved_at: Timestamp;
  saved_by: number | null;
}

export interface ReportSubscriptionsTable {
  id: Generated<number>;
  user_id: number;
  /** The report as `/reports/{slug}` names it: a ready-made slug, or a stored report's. */
  report_slug: string;
  area_code: string;
  created_at: Timestamp;
  /** Changes published up to this time have been told. */
  told_through: Timestamp;
}

export interface StoredReportTables {
  stored_reports: StoredReportsTable;
  stored_report_revisions: StoredReportRevisionsTable;
  report_subscriptions: ReportSubscriptionsTable;
}
