import type { ColumnType, Generated } from 'kysely';
import type { DocumentKind, PublishedKind } from './documents.ts';

/* A challenge's documents as Kysely sees them (migration 0033), joined into db/schema.ts. */

export interface ChallengeDocumentsTable {
  id: Generated<number>;
  challenge_id: number;
  kind: DocumentKind;
  /** From 1, per challenge and kind: every upload is a new version. */
  version: number;
  file_name: string;
  media_type: string;
  size_bytes: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
  content: Uint8Array;
  uploaded_by_user_id: number | null;
  uploaded_at: ColumnType<Date, Date | string | undefined, never>;
  /** One of the demo's illustrative documents, made in code, not one a council gave. */
  illustrative: Generated<boolean>;
}

export interface ChallengePublicationsTable {
  challenge_id: number;
  kind: PublishedKind;
  /** The version published: that one, and only it, is public. */
  document_id: number;
  /** 'YYYY-MM-DD' on both engines: the day the event published it. */
  published_on: string;
  /** The council's own published copy, https. */
  council_url: string | null;
  recorded_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface DocumentTables {
  peer_challenge_documents: ChallengeDocumentsTable;
  peer_challenge_publications: ChallengePublicationsTable;
}
