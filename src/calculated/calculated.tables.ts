import type { ColumnType } from 'kysely';

/* The calculated metrics table as Kysely sees it (migration 0022), joined into db/schema.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CalculatedMetricsTable {
  slug: string;
  formula: string;
  /** The slugs of the metrics the formula reads, each once. */
  inputs: string[];
  /** The whole definition as JSON (see calculatedDefinition in calculated.schema.ts). */
  definition: ColumnType<unknown, string, string>;
  /** Shipped with openlg (calculated.catalogue.ts) rather than defined on this copy. */
  ready_made: ColumnType<boolean, boolean | undefined, boolean>;
  /** When its inputs were last read; null: never calculated. */
  calculated_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface CalculatedTables {
  calculated_metrics: CalculatedMetricsTable;
}
