import type { ColumnType } from 'kysely';

/* The single sign-on tables as Kysely sees them (migration 0018), joined into db/schema.ts's type. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** An organisation's identity provider, and openlg's client there. */
export interface SingleSignOnTable {
  organisation_id: number;
  /** The provider's issuer URL, as its discovery document names it. */
  issuer: string;
  client_id: string;
  /** Sealed with OPENLG_SECRET_KEY (secret-box.ts) for "organisation <id> single sign-on". */
  client_secret: string;
  updated_at: Timestamp;
}

/** An email domain whose people sign in through the organisation's provider; lowercase. */
export interface SingleSignOnDomainsTable {
  domain: string;
  organisation_id: number;
}

/** A sign-in sent to a provider, waiting for its callback. */
export interface SingleSignOnRequestsTable {
  /** SHA-256 of the state, hex. */
  state_hash: string;
  organisation_id: number;
  nonce: string;
  code_verifier: string;
  /** Where to go once signed in: a path on this site. */
  next_path: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface SingleSignOnTables {
  single_sign_on: SingleSignOnTable;
  single_sign_on_domains: SingleSignOnDomainsTable;
  single_sign_on_requests: SingleSignOnRequestsTable;
}
