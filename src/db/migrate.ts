import { Migrator, type Migration, type MigrationProvider, type MigrationResult } from 'kysely';
import type { Db } from './database.ts';
import * as initial from './migrations/0001-initial.ts';
import * as bulkValues from './migrations/0002-bulk-values-and-coverage.ts';
import * as comparisonGroups from './migrations/0003-comparison-groups.ts';
import * as latestValues from './migrations/0004-latest-values.ts';
import * as metricDefinitions from './migrations/0005-metric-definitions.ts';
import * as heldPublicValues from './migrations/0006-held-public-values.ts';
import * as rateLimits from './migrations/0007-rate-limits.ts';
import * as comparableAcross from './migrations/0008-comparable-across.ts';
import * as search from './migrations/0009-search.ts';
import * as storeUpgrade from './migrations/0010-store-upgrade.ts';
import * as councilProfiles from './migrations/0011-council-profiles.ts';
import * as profileBuilds from './migrations/0012-profile-builds.ts';
import * as accounts from './migrations/0013-accounts.ts';
import * as passwordResets from './migrations/0014-password-resets.ts';
import * as twoFactor from './migrations/0015-two-factor.ts';
import * as apiKeys from './migrations/0016-api-keys.ts';
import * as lodging from './migrations/0017-lodging.ts';
import * as singleSignOn from './migrations/0018-single-sign-on.ts';
import * as savedGroups from './migrations/0019-saved-groups.ts';
import * as uploads from './migrations/0020-uploads.ts';
import * as collections from './migrations/0021-collections.ts';
import * as calculatedMetrics from './migrations/0022-calculated-metrics.ts';
import * as dashboards from './migrations/0024-dashboards.ts';
import * as storedReports from './migrations/0025-stored-reports.ts';
import * as reportOpenings from './migrations/0026-report-openings.ts';
import * as overview from './migrations/0027-overview.ts';
import * as earlyWarning from './migrations/0028-early-warning.ts';
import * as peerChallenges from './migrations/0029-peer-challenges.ts';
import * as peerPool from './migrations/0030-peer-pool.ts';
import * as peerChallengeReminders from './migrations/0031-peer-challenge-reminders.ts';
import * as peerChallengeSurveys from './migrations/0032-peer-challenge-surveys.ts';
import * as peerChallengeDocuments from './migrations/0033-peer-challenge-documents.ts';
import * as peerDays from './migrations/0034-peer-days.ts';
import * as budgetSimulations from './migrations/0035-budget-simulations.ts';
import * as councilReminders from './migrations/0036-council-reminders.ts';
import * as simulationResults from './migrations/0038-simulation-results.ts';
import * as simulationComments from './migrations/0039-simulation-comments.ts';
import * as simulationGuards from './migrations/0040-simulation-guards.ts';
import * as latestValuesByMetric from './migrations/0041-latest-values-by-metric.ts';

// Listed statically rather than read from a folder, so the same list works under tsx, in a
// compiled build and in tests, and adding a migration is a reviewed one-line change.
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-bulk-values-and-coverage': bulkValues,
  '0003-comparison-groups': comparisonGroups,
  '0004-latest-values': latestValues,
  '0005-metric-definitions': metricDefinitions,
  '0006-held-public-values': heldPublicValues,
  '0007-rate-limits': rateLimits,
  '0008-comparable-across': comparableAcross,
  '0009-search': search,
  '0010-store-upgrade': storeUpgrade,
  '0011-council-profiles': councilProfiles,
  '0012-profile-builds': profileBuilds,
  '0013-accounts': accounts,
  '0014-password-resets': passwordResets,
  '0015-two-factor': twoFactor,
  '0016-api-keys': apiKeys,
  '0017-lodging': lodging,
  '0018-single-sign-on': singleSignOn,
  '0019-saved-groups': savedGroups,
  '0020-uploads': uploads,
  '0021-collections': collections,
  '0022-calculated-metrics': calculatedMetrics,
  '0024-dashboards': dashboards,
  '0025-stored-reports': storedReports,
  '0026-report-openings': reportOpenings,
  '0027-overview': overview,
  '0028-early-warning': earlyWarning,
  '0029-peer-challenges': peerChallenges,
  '0030-peer-pool': peerPool,
  '0031-peer-challenge-reminders': peerChallengeReminders,
  '0032-peer-challenge-surveys': peerChallengeSurveys,
  '0033-peer-challenge-documents': peerChallengeDocuments,
  '0034-peer-days': peerDays,
  '0035-budget-simulations': budgetSimulations,
  '0036-council-reminders': councilReminders,
  '0038-simulation-results': simulationResults,
  '0039-simulation-comments': simulationComments,
  '0040-simulation-guards': simulationGuards,
  '0041-latest-values-by-metric': latestValuesByMetric,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(
      `Migration ${migration} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'MigrationError';
  }
}

/** Brings the schema to the latest version; returns the names of the migrations it applied. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // 0007 (rate limits) was written alongside 0008 and reached the main line after it: stores
  // already at 0008 apply 0007 too, rather than being refused as out of order.
  const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName ?? 'unknown', error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
