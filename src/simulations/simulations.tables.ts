import type { ColumnType, Generated } from 'kysely';

/* The budget simulations' tables as Kysely sees them (migration 0035), joined into db/schema.ts. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Written as a JSON string; read as parsed JSON on both engines. */
type Json = ColumnType<unknown, string, string>;

/** A simulation is set up as a draft, opened to residents, then closed. */
export const simulationStates = ['draft', 'open', 'closed'] as const;
export type SimulationState = (typeof simulationStates)[number];

export interface SimulationsTable {
  id: Generated<number>;
  slug: string;
  /** The council's GSS code: its organisation owns the simulation. */
  organisation_code: string;
  state: Generated<SimulationState>;
  /** The demo's: its services and amounts made up, its council-tax figures real. */
  illustrative: Generated<boolean>;
  /** The council chose to show its results to the public (aggregates only, suppressed). */
  results_public: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SimulationVersionsTable {
  id: Generated<number>;
  simulation_id: number;
  version: number;
  definition: Json;
  created_by_user_id: number | null;
  created_at: Timestamp;
  /** When residents were first shown it: from then on it never changes. */
  opened_at: Date | null;
}

export interface SimulationResponsesTable {
  id: Generated<number>;
  simulation_id: number;
  version_id: number;
  idempotency_key: string;
  /** Line id to the percent chosen. */
  choices: Json;
  council_tax_basis_points: number;
  /** What the server computed, never what the page sent. */
  still_to_find_pennies: number;
  about_you: Json;
  started_at: Timestamp;
  submitted_at: Timestamp;
  source_hash: string;
  /** The sending address and form cookie, each hashed with the visit key (migration 0040). */
  address_hash: string | null;
  session_hash: string | null;
  /** The earlier response with the same answers from the same source, if any: flagged, kept. */
  duplicate_of: number | null;
  /** Sent sooner after the form was first shown than a person could: flagged, kept. */
  too_fast: Generated<boolean>;
  /** The field hidden from people was filled: a robot's, excluded at once, kept. */
  honeypot_filled: Generated<boolean>;
  excluded_at: Date | null;
  excluded_reason: string | null;
  excluded_by_user_id: number | null;
}

interface Counter {
  version_id: number;
  included: boolean;
  shard: number;
  responses: number;
}

export interface SimulationLineTotalsTable extends Counter {
  line_id: string;
  percent_sum: number;
}

export interface SimulationStepCountsTable extends Counter {
  line_id: string;
  percent: number;
}

export interface SimulationCouncilTaxCountsTable extends Counter {
  basis_points: number;
}

export interface SimulationDayCountsTable extends Counter {
  /** The UK day the responses were submitted on. */
  day: ColumnType<string, string, string>;
}

export interface SimulationDurationCountsTable extends Counter {
  /** The band of time taken, by its start in seconds (see durationBand). */
  seconds: number;
}

/** How often the resident's form was first shown (not its recalculations), per UK day. */
export interface SimulationFormViewsTable {
  simulation_id: number;
  day: ColumnType<string, string, string>;
  shard: number;
  shown: number;
}

/** The budget the council adopted, entered afterwards, in the terms of one version. */
export interface SimulationAdoptedBudgetsTable {
  simulation_id: number;
  version_id: number;
  /** Line id to the percent adopted; a line left out was not entered. */
  choices: Json;
  council_tax_basis_points: number | null;
  entered_at: Timestamp;
  entered_by_user_id: number | null;
}

export type CommentStatus = 'pending' | 'approved' | 'hidden';

/** A resident's free-text comment, with its response; private until an editor approves it. */
export interface SimulationCommentsTable {
  response_id: number;
  simulation_id: number;
  body: string;
  status: ColumnType<CommentStatus, CommentStatus | undefined, CommentStatus>;
  moderated_at: Date | null;
  moderated_reason: string | null;
  moderated_by_user_id: number | null;
}

/** Keys made once and kept, for a store without OPENLG_SECRET_KEY (migration 0040). */
export interface SigningKeysTable {
  purpose: string;
  key: string;
  created_at: Generated<Date>;
}

export interface SimulationTables {
  simulations: SimulationsTable;
  simulation_versions: SimulationVersionsTable;
  simulation_responses: SimulationResponsesTable;
  simulation_line_totals: SimulationLineTotalsTable;
  simulation_step_counts: SimulationStepCountsTable;
  simulation_council_tax_counts: SimulationCouncilTaxCountsTable;
  simulation_day_counts: SimulationDayCountsTable;
  simulation_duration_counts: SimulationDurationCountsTable;
  simulation_form_views: SimulationFormViewsTable;
  simulation_adopted_budgets: SimulationAdoptedBudgetsTable;
  simulation_comments: SimulationCommentsTable;
  signing_keys: SigningKeysTable;
}
