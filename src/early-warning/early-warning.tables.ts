import type { ColumnType, Generated } from 'kysely';

/* Early warning's tables as Kysely sees them (migration 0028), joined into db/schema.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface EarlyWarningFlagsTable {
  id: Generated<number>;
  area_code: string;
  rule: string;
  theme: string;
  rule_version: number;
  summary: string;
  /** The figures that raised it, as JSON: written as text, read back as a value to check. */
  evidence: ColumnType<unknown, string, string>;
  raised_at: Timestamp;
  cleared_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface EarlyWarningBuildsTable {
  id: number;
  rule_version: number;
  built_at: Timestamp;
}

export const noteKinds = [
  'note',
  'meeting-held',
  'peer-support-offered',
  'mentor-assigned',
  'closed',
] as const;
export type NoteKind = (typeof noteKinds)[number];

export interface EarlyWarningNotesTable {
  id: Generated<number>;
  area_code: string;
  kind: NoteKind;
  body: string;
  user_id: number | null;
  author: string;
  created_at: Timestamp;
}

export interface EarlyWarningTables {
  early_warning_flags: EarlyWarningFlagsTable;
  early_warning_builds: EarlyWarningBuildsTable;
  early_warning_notes: EarlyWarningNotesTable;
}
