import type { ColumnType, Generated } from 'kysely';
import type { ChallengeState, ChallengeType } from './vocabulary.ts';

/* The peer challenge programme's tables as Kysely sees them (migration 0029), joined into db/schema.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Dates travel as 'YYYY-MM-DD' strings on both engines (see the type parsers in database.ts). */
type DateString = string;

export interface PeerChallengesTable {
  id: Generated<number>;
  type: ChallengeType;
  area_code: string;
  state: ChallengeState;
  /** The financial year the challenge counts in, such as '2012-13'. */
  programme_year: string;
  window_start: DateString | null;
  window_end: DateString | null;
  on_site_start: DateString | null;
  on_site_end: DateString | null;
  manager_user_id: number | null;
  /** Why it was cancelled or postponed. */
  state_reason: string | null;
  /** Part of the illustrative scenario the demo loads, not a record the programme made. */
  illustrative: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The party of the council's leadership, for the team's political balance (migration 0030). */
  leadership_party: string | null;
  /** The specialisms the scoping meeting asked the officer peers to bring (migration 0030). */
  scoping_specialisms: Generated<string[]>;
}

export interface PeerChallengeTransitionsTable {
  id: Generated<number>;
  challenge_id: number;
  /** Null for the state a challenge was first recorded in. */
  from_state: ChallengeState | null;
  to_state: ChallengeState;
  on_date: DateString;
  reason: string | null;
  by_user_id: number | null;
  recorded_at: Timestamp;
}

export interface PeerChallengeTables {
  peer_challenges: PeerChallengesTable;
  peer_challenge_transitions: PeerChallengeTransitionsTable;
}
