import type { ColumnType, Generated } from 'kysely';

/* The peer days ledger as Kysely sees it (migration 0034), joined into db/schema.ts. */

export interface PeerDaysTable {
  id: Generated<number>;
  /** Null for days carried over from before the programme's records, by year and council. */
  challenge_id: number | null;
  /** Null where the record names the giving council but no peer (the illustrative history). */
  peer_id: number | null;
  /** The council that gave the peer, as it was when the visit happened. */
  giving_area_code: string;
  programme_year: string;
  on_site_days: number;
  preparation_days: number;
  report_days: number;
  illustrative: Generated<boolean>;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PeerDaysTables {
  peer_days: PeerDaysTable;
}

/** A row to write. */
export interface NewPeerDays {
  challenge_id: number | null;
  peer_id: number | null;
  giving_area_code: string;
  programme_year: string;
  on_site_days: number;
  preparation_days: number;
  report_days: number;
  illustrative: boolean;
}
