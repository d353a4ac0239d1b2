import type { ColumnType, Generated } from 'kysely';
import type { PeerKind, TeamRole } from './vocabulary.ts';

/* The peer pool's tables as Kysely sees them (migration 0030), joined into db/schema.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Dates travel as 'YYYY-MM-DD' strings on both engines. */
type DateString = string;

export const memberStatuses = ['proposed', 'invited', 'accepted', 'declined'] as const;
export type MemberStatus = (typeof memberStatuses)[number];

/** A peer's own columns, as written. */
export interface PeerColumns {
  kind: PeerKind;
  name: string;
  email: string | null;
  user_id: number | null;
  home_area_code: string;
  party: string | null;
  roles: TeamRole[];
  role_title: string;
  specialisms: string[];
  accredited_on: string | null;
  trained_on: string | null;
  region_code: string;
  illustrative: boolean;
}

export interface Window {
  from: string;
  to: string;
}

export interface Conflict {
  areaCode: string;
  reason: string;
}

export interface PeersTable {
  id: Generated<number>;
  kind: PeerKind;
  name: string;
  email: string | null;
  /** The peer's own account, when they sign in; null for peers the programme team holds. */
  user_id: number | null;
  home_area_code: string;
  /** Member peers' party; null for officers. */
  party: string | null;
  /** The team roles the peer can fill. */
  roles: TeamRole[];
  /** What they are at home: "Leader", "Chief executive", "Section 151 officer"... */
  role_title: string;
  specialisms: string[];
  accredited_on: DateString | null;
  trained_on: DateString | null;
  region_code: string;
  illustrative: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PeerAvailabilityTable {
  id: Generated<number>;
  peer_id: number;
  from_date: DateString;
  to_date: DateString;
}

export interface PeerConflictsTable {
  id: Generated<number>;
  peer_id: number;
  area_code: string;
  reason: string;
}

export interface PeerChallengeMembersTable {
  id: Generated<number>;
  challenge_id: number;
  peer_id: number;
  role: TeamRole;
  status: MemberStatus;
  /** Why a manager added a peer the proposal left out. */
  override_reason: string | null;
  /** When the peer accepted or declined. */
  decided_at: Timestamp | null;
  created_at: Timestamp;
}

export interface PeerPoolTables {
  peers: PeersTable;
  peer_availability: PeerAvailabilityTable;
  peer_conflicts: PeerConflictsTable;
  peer_challenge_members: PeerChallengeMembersTable;
}
