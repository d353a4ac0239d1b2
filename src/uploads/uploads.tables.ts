import type { ColumnType, Generated } from 'kysely';

/* The pending uploads table as Kysely sees it (migration 0020), joined into db/schema.ts's type. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export const uploadFormats = ['csv', 'xlsx'] as const;
export type UploadFormat = (typeof uploadFormats)[number];

export interface PendingUploadsTable {
  id: Generated<number>;
  organisation_id: number;
  user_id: number;
  /** The name the browser gave the file, for the preview and the import's provenance. */
  file_name: string;
  format: UploadFormat;
  /** SHA-256 of the content, hex: checked again before the import runs. */
  checksum: string;
  content: Uint8Array;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface UploadTables {
  pending_uploads: PendingUploadsTable;
}
