import type { ColumnType, Generated } from 'kysely';

/* The password reset tables as Kysely sees them (migration 0014), joined into db/schema.ts's type. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PasswordResetsTable {
  /** SHA-256 of the link's token, hex: the token itself is only in the email. */
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** Every request for a reset link, whether or not an account has the email: for throttling. */
export interface PasswordResetRequestsTable {
  id: Generated<string>;
  /** The email address as typed, lowercased and trimmed. */
  email_key: string;
  address: string;
  at: Timestamp;
}

export interface PasswordResetTables {
  password_resets: PasswordResetsTable;
  password_reset_requests: PasswordResetRequestsTable;
}
