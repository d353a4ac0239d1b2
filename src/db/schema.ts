import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { AccountTables } from '../accounts/accounts.tables.ts';
import type { ApiKeyTables } from '../accounts/api-keys.tables.ts';
import type { PasswordResetTables } from '../accounts/password-reset.tables.ts';
import type { TwoFactorTables } from '../accounts/two-factor.tables.ts';
import type { SingleSignOnTables } from '../accounts/single-sign-on.tables.ts';
import type { SavedGroupTables } from '../saved-groups/saved-groups.tables.ts';
import type { UploadTables } from '../uploads/uploads.tables.ts';
import type { CollectionTables } from '../collections/collections.tables.ts';
import type { CalculatedTables } from '../calculated/calculated.tables.ts';
import type { OverviewTables } from '../overview/overview.tables.ts';
import type { EarlyWarningTables } from '../early-warning/early-warning.tables.ts';
import type { PeerChallengeTables } from '../peer-challenge/peer-challenge.tables.ts';
import type { PeerPoolTables } from '../peer-challenge/peer-pool.tables.ts';
import type { PeerChallengeReminderTables } from '../peer-challenge/reminders.tables.ts';
import type { SurveyTables } from '../peer-challenge/feedback.tables.ts';
import type { DocumentTables } from '../peer-challenge/documents.tables.ts';
import type { PeerDaysTables } from '../peer-challenge/peer-days.tables.ts';
import type { SimulationTables } from '../simulations/simulations.tables.ts';
import type { DashboardTables } from '../dashboards/dashboards.tables.ts';
import type { StoredReportTables } from '../reports/stored-reports.tables.ts';
import type { ReportOpeningTables } from '../reports/report-openings.tables.ts';
import type {
  AreaType,
  BoundaryLayer,
  GroupKind,
  IdentifierScheme,
  Nation,
  ParentRelation,
  PeriodType,
  Polarity,
  PublicationState,
  SuccessionKind,
  Theme,
  ValueStatus,
} from './vocabulary.ts';

/** Dates travel as 'YYYY-MM-DD' strings on both engines (see the type parsers in database.ts). */
type DateString = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface AreasTable {
  id: Generated<number>;
  code: string;
  name: string;
  short_name: string;
  type: AreaType;
  nation: Nation;
  valid_from: DateString | null;
  valid_to: DateString | null;
}

export interface AreaIdentifiersTable {
  scheme: IdentifierScheme;
  identifier: string;
  area_code: string;
}

export interface AreaNamesTable {
  name_key: string;
  area_code: string;
}

export interface AreaParentsTable {
  area_code: string;
  relation: ParentRelation;
  parent_code: string;
  parent_name: string;
  source: string;
}

export interface AreaSuccessionsTable {
  predecessor_code: string;
  successor_code: string;
  effective_date: DateString | null;
  kind: SuccessionKind;
}

export interface AreaBoundariesTable {
  layer: BoundaryLayer;
  area_code: string;
  path: string;
  min_x: number;
  min_y: number;
  max_x: number;
  max_y: number;
}

export interface AreaGroupsTable {
  id: string;
  kind: GroupKind;
  label: string;
  description: string | null;
  owner: string | null;
  subject_area_code: string | null;
  model: string | null;
  model_version: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AreaGroupMembersTable {
  group_id: string;
  area_code: string;
  position: number;
  distance: number | null;
  band: string | null;
  details: ColumnType<unknown, string | null | undefined, string | null>;
}

/** A metric's identity; what it means is in its versions, metric_definitions (migration 0005). */
export interface MetricsTable {
  id: Generated<number>;
  slug: string;
  synthetic: Generated<boolean>;
  metadata: Json;
  created_at: Timestamp;
}

/** What a metric means: the columns every version of its definition carries. */
export interface MetricDefinitionColumns {
  title: string;
  subtitle: string | null;
  description: string | null;
  unit: string | null;
  measure: string | null;
  decimal_places: number;
  polarity: Polarity;
  theme: Theme | null;
  source_organisation: string | null;
  source_url: string | null;
  licence: string | null;
  caveats: string | null;
  periodicity: string | null;
  /** The area types its values are comparable across (migration 0008); null: all of them. */
  comparable_across: string | null;
}

export interface MetricDefinitionsTable extends MetricDefinitionColumns {
  id: Generated<number>;
  metric_id: number;
  publication: Generated<PublicationState>;
  embargo_until: Date | null;
  import_id: number | null;
  written_at: Timestamp;
  /** Title, subtitle and description as weighted words, generated (migration 0009). */
  search_vector: ColumnType<string, never, never>;
}

export interface PeriodsTable {
  id: Generated<number>;
  code: string;
  type: PeriodType;
  label: string;
  start_date: DateString;
  end_date: DateString;
}

export interface ImportsTable {
  id: Generated<number>;
  kind: string;
  source: string;
  file_name: string;
  file_checksum: string;
  command: string;
  created_by: string;
  started_at: Timestamp;
  finished_at: Timestamp;
  publication: Generated<PublicationState>;
  embargo_until: Date | null;
  synthetic: Generated<boolean>;
  summary: Json;
  /** The organisation that lodged it (migration 0017); null for the operator's imports. */
  organisation_id: number | null;
  /** The person who lodged it; null for the operator's imports. */
  user_id: number | null;
}

/** Who may see a restricted import before the public: organisations, clubs among them (0017). */
export interface ImportAudiencesTable {
  import_id: number;
  organisation_id: number;
}

/** The councils (organisations) in a benchmarking club (migration 0017). */
export interface ClubMembersTable {
  club_id: number;
  organisation_id: number;
}

interface ObservationColumns {
  metric_id: number;
  period_id: number;
  area_id: number;
  value: number | null;
  lci: number | null;
  uci: number | null;
  numerator: number | null;
  denominator: number | null;
  status: ValueStatus;
  publication: PublicationState;
  embargo_until: Date | null;
  import_id: number;
  /** The state the public sees while an embargoed revision waits (see migration 0006). */
  held_value: number | null;
  held_lci: number | null;
  held_uci: number | null;
  held_status: ValueStatus | null;
  held_updated_at: Timestamp | null;
}

export interface ObservationsTable extends ObservationColumns {
  updated_at: Timestamp;
}

export interface ObservationRevisionsTable extends ObservationColumns {
  id: Generated<number>;
  valid_from: Timestamp;
  valid_to: Timestamp;
}

export interface MetricPeriodCoverageTable {
  metric_id: number;
  period_id: number;
  area_type: AreaType;
  /** '-infinity' for published values, the embargo's end, or 'infinity' for restricted ones. */
  visible_from: Timestamp;
  observation_count: number;
  value_count: number;
  last_changed: Timestamp;
}

/** An area's latest public value of a metric, as public when the metric was last rebuilt. */
export interface LatestValuesTable {
  area_id: number;
  metric_id: number;
  period_id: number;
  value: number | null;
  lci: number | null;
  uci: number | null;
  status: ValueStatus;
}

export interface LatestValueBuildsTable {
  metric_id: number;
  built_at: Timestamp;
}

export interface DataVersionTable {
  singleton: Generated<boolean>;
  version: number;
  updated_at: Timestamp;
}

export interface DB
  extends
    AccountTables,
    ApiKeyTables,
    PasswordResetTables,
    TwoFactorTables,
    SingleSignOnTables,
    SavedGroupTables,
    UploadTables,
    CollectionTables,
    DashboardTables,
    StoredReportTables,
    ReportOpeningTables,
    CalculatedTables,
    OverviewTables,
    EarlyWarningTables,
    PeerChallengeTables,
    PeerPoolTables,
    PeerChallengeReminderTables,
    SurveyTables,
    DocumentTables,
    PeerDaysTables,
    SimulationTables {
  areas: AreasTable;
  area_identifiers: AreaIdentifiersTable;
  area_names: AreaNamesTable;
  area_parents: AreaParentsTable;
  area_successions: AreaSuccessionsTable;
  area_boundaries: AreaBoundariesTable;
  area_groups: AreaGroupsTable;
  area_group_members: AreaGroupMembersTable;
  metrics: MetricsTable;
  metric_definitions: MetricDefinitionsTable;
  periods: PeriodsTable;
  imports: ImportsTable;
  import_audiences: ImportAudiencesTable;
  club_members: ClubMembersTable;
  observations: ObservationsTable;
  observation_revisions: ObservationRevisionsTable;
  metric_period_coverage: MetricPeriodCoverageTable;
  latest_values: LatestValuesTable;
  latest_value_builds: LatestValueBuildsTable;
  data_version: DataVersionTable;
  rate_limits: RateLimitsTable;
  council_profiles: CouncilProfilesTable;
}

/** Requests counted per client address and minute, shared by every process (migration 0007). */
export interface RateLimitsTable {
  client: string;
  /** The minute's start, in epoch milliseconds. */
  window_start: number;
  hits: number;
}

/** Each council's profile as built for a group, with the stamp of what it was built from (0011). */
export interface CouncilProfilesTable {
  area_code: string;
  group_key: string;
  stamp: string;
  /** The profile's JSON. */
  body: string;
  built_at: Generated<Timestamp>;
}

export type AreaRow = Selectable<AreasTable>;
export type NewArea = Insertable<AreasTable>;
