import { AuditService } from '../admin/admin.service.ts';
import { AreasService } from '../areas/areas.service.ts';
import { ComparisonService } from '../comparison/comparison.service.ts';
import { DashboardsService } from '../dashboards/dashboards.service.ts';
import { BulkService } from '../data/bulk.service.ts';
import { DataService } from '../data/data.service.ts';
import type { Database } from '../db/database.ts';
import { GroupsService } from '../groups/groups.service.ts';
import type { ImportFollower, ImportService } from '../imports/imports.service.ts';
import { withCalculated, type CalculatedService } from '../calculated/calculated.service.ts';
import { MetricsService } from '../metrics/metrics.service.ts';
import { OverviewService } from '../overview/overview.service.ts';
import { EarlyWarningService } from '../early-warning/early-warning.service.ts';
import { PeerChallengeService } from '../peer-challenge/peer-challenge.service.ts';
import { PeerPoolService } from '../peer-challenge/peer-pool.service.ts';
import { CoverageService } from '../peer-challenge/coverage.service.ts';
import { FeedbackService } from '../peer-challenge/feedback.service.ts';
import { PeerDaysService } from '../peer-challenge/peer-days.service.ts';
import { SimulationsService } from '../simulations/simulations.service.ts';
import { PublishedDocumentsService } from '../peer-challenge/documents.service.ts';
import { SimulationResultsService } from '../simulations/results.service.ts';
import { SavedGroupsService } from '../saved-groups/saved-groups.service.ts';
import { SearchService } from '../search/search.service.ts';
import { ValuesService } from '../values/values.service.ts';
import { readyMadeReports } from '../reports/ready-made/index.ts';
import { ReportsService } from '../reports/report.service.ts';
import { StoredReportsService } from '../reports/stored-reports.service.ts';

/** Every service the routes, the CLI and the tests use, each once for one database. */
export interface Services {
  areas: AreasService;
  metrics: MetricsService;
  groups: GroupsService;
  comparison: ComparisonService;
  data: DataService;
  bulk: BulkService;
  imports: ImportService;
  calculated: CalculatedService;
  overview: OverviewService;
  earlyWarning: EarlyWarningService;
  peerChallenges: PeerChallengeService;
  peerPool: PeerPoolService;
  peerCoverage: CoverageService;
  peerFeedback: FeedbackService;
  peerDays: PeerDaysService;
  simulations: SimulationsService;
  peerDocuments: PublishedDocumentsService;
  simulationResults: SimulationResultsService;
  search: SearchService;
  savedGroups: SavedGroupsService;
  values: ValuesService;
  dashboards: DashboardsService;
  storedReports: StoredReportsService;
  reports: ReportsService;
  database: Database;
}

/**
 * Every service on one database, wired once: the server, the tests and the benchmarks share it.
 * `secretKey` is the configuration's OPENLG_SECRET_KEY, which the server passes.
 */
export function createServices(
  database: Database,
  { secretKey = null }: { secretKey?: string | null } = {},
): Services {
  const areas = new AreasService(database.db);
  const groups = new GroupsService(database.db);
  // Every import through the services recalculates the metrics calculated from what it changed,
  // then the sector overview if it changed a basket's measure, then the early-warning flags.
  const followers: ImportFollower[] = [];
  const { imports, calculated } = withCalculated(database, followers);
  const data = new DataService(database.db, groups);
  const audit = new AuditService(database.db);
  const comparison = new ComparisonService(database.db, areas, groups);
  const savedGroups = new SavedGroupsService(database.db, areas, audit);
  const storedReports = new StoredReportsService(database.db, audit);
  const overview = new OverviewService(database.db, { data, areas, comparison });
  const earlyWarning = new EarlyWarningService(database.db, { overview, comparison, areas, audit });
  followers.push(overview, earlyWarning);
  return {
    database,
    areas,
    groups,
    imports,
    calculated,
    overview,
    earlyWarning,
    peerChallenges: new PeerChallengeService(database.db, { areas, audit }),
    peerPool: new PeerPoolService(database.db, { areas, comparison, audit }),
    peerCoverage: new CoverageService(database.db, { areas }),
    peerFeedback: new FeedbackService(database.db, { audit }),
    peerDays: new PeerDaysService(database.db, { areas }),
    simulations: new SimulationsService(database.db, { areas, audit, data, secretKey }),
    peerDocuments: new PublishedDocumentsService(database.db, { areas }),
    simulationResults: new SimulationResultsService(database.db, audit),
    metrics: new MetricsService(database.db),
    comparison,
    data,
    bulk: new BulkService(database.db),
    search: new SearchService(database.db),
    savedGroups,
    values: new ValuesService(database.db, imports, data, audit),
    dashboards: new DashboardsService(database.db, { comparison, data, savedGroups, audit }),
    storedReports,
    reports: new ReportsService(comparison, readyMadeReports, storedReports),
  };
}
