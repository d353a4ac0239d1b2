import type { ColumnType } from 'kysely';

/* The two-factor tables as Kysely sees them (migration 0015), joined into db/schema.ts's type. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UserTwoFactorTable {
  user_id: number;
  /** The TOTP secret, base32: codes are checked against the secret itself, so it is kept. */
  secret: string;
  /** Null while being set up: the secret is in force once a code from it has been given. */
  confirmed_at: Timestamp | null;
  /** The last time step whose code was accepted: that code and older ones are refused. */
  last_used_step: number | null;
  created_at: Timestamp;
}

export interface TwoFactorRecoveryCodesTable {
  user_id: number;
  /** SHA-256 of the code, hex. */
  code_hash: string;
  used_at: Timestamp | null;
}

/** A sign-in whose password was right, waiting for its second step. */
export interface TwoFactorChallengesTable {
  /** SHA-256 of the cookie's token, hex. */
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface TwoFactorTables {
  user_two_factor: UserTwoFactorTable;
  two_factor_recovery_codes: TwoFactorRecoveryCodesTable;
  two_factor_challenges: TwoFactorChallengesTable;
}
