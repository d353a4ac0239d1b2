import type { ColumnType, Generated } from 'kysely';

/* The data collections tables as Kysely sees them (migration 0021), joined into db/schema.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const returnStates = ['not-started', 'draft', 'submitted', 'published'] as const;

/** Where a council's return stands: asked for, saved as a draft, declared right, published. */
export type ReturnState = (typeof returnStates)[number];

export const lodgedStatuses = ['ok', 'not-available', 'suppressed'] as const;

/** A figure given (ok), or why it is missing: the council does not hold it, or withholds it. */
export type LodgedStatus = (typeof lodgedStatuses)[number];

export interface CollectionsTable {
  id: Generated<number>;
  title: string;
  /** The period every figure is for, as an ISO 8601 interval code: 2024-04-01/P1Y. */
  period_code: string;
  deadline: Timestamp;
  created_by: number | null;
  created_at: Timestamp;
}

export interface CollectionMetricsTable {
  collection_id: number;
  position: number;
  metric_slug: string;
}

export interface CollectionReturnsTable {
  collection_id: number;
  area_code: string;
  state: ColumnType<ReturnState, ReturnState | undefined, ReturnState>;
  changed_at: Timestamp | null;
  changed_by: number | null;
  submitted_at: Timestamp | null;
  submitted_by: number | null;
  published_at: Timestamp | null;
  published_by: number | null;
  import_id: number | null;
}

export interface CollectionValuesTable {
  collection_id: number;
  area_code: string;
  metric_slug: string;
  value: number | null;
  status: LodgedStatus;
  note: string | null;
}

export interface CollectionRemindersTable {
  collection_id: number;
  area_code: string;
  days_before: number;
  sent_at: Timestamp;
  recipients: number;
}

export interface CollectionTables {
  collections: CollectionsTable;
  collection_metrics: CollectionMetricsTable;
  collection_returns: CollectionReturnsTable;
  collection_values: CollectionValuesTable;
  collection_reminders: CollectionRemindersTable;
}
