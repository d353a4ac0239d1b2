import type { ColumnType, Generated } from 'kysely';
import type { Role } from './roles.ts';

/*
 * The accounts tables as Kysely sees them (migration 0013), joined into the database's type in
 * db/schema.ts.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | null | undefined, string | null>;

export type OrganisationKind = 'council' | 'national' | 'club';

export interface OrganisationsTable {
  id: Generated<number>;
  kind: OrganisationKind;
  /** A council's GSS code, `lga` for the national programme team, or a club's slug. */
  code: string;
  name: string;
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  /** argon2id, in its PHC string form; null until the invitation is accepted. */
  password_hash: string | null;
  disabled_at: Timestamp | null;
  created_at: Timestamp;
}

export interface MembershipsTable {
  user_id: number;
  organisation_id: number;
  role: Role;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token, hex: the token itself is never stored. */
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  /** The absolute end, whatever the activity. */
  expires_at: Timestamp;
}

export interface InvitationsTable {
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SignInAttemptsTable {
  id: Generated<string>;
  /** The email address as typed, lowercased and trimmed: attempts count for unknown ones too. */
  email_key: string;
  address: string;
  at: Timestamp;
}

export interface AuditEventsTable {
  id: Generated<string>;
  at: Timestamp;
  user_id: number | null;
  /** Who acted, in words (an email address, or "openlg users" for the operator's CLI). */
  actor: string | null;
  address: string | null;
  action: string;
  subject: string | null;
  before: Json;
  after: Json;
}

export interface AccountTables {
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  invitations: InvitationsTable;
  sign_in_attempts: SignInAttemptsTable;
  audit_events: AuditEventsTable;
}
