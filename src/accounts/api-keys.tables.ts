import type { ColumnType, Generated } from 'kysely';

/* The API keys table as Kysely sees it (migration 0016), joined into db/schema.ts's type. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface ApiKeysTable {
  id: Generated<number>;
  user_id: number;
  /** What its owner calls it ("Nightly dashboard refresh"). */
  name: string;
  /** The key's first characters (`olg_` and eight more), shown to tell keys apart. */
  prefix: string;
  /** SHA-256 of the whole key, hex: the key itself is never stored. */
  key_hash: string;
  created_at: Timestamp;
  /** Written at most once a minute, not on every request. */
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ApiKeyTables {
  api_keys: ApiKeysTable;
}
