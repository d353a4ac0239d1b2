import { userInfo } from 'node:os';
import type { CopySession, Database } from '../db/database.ts';
import type { Period } from '../periods/period.ts';
import { DataFileError, type DataProblem } from '../shared/errors.ts';
import { silentProgress, type Progress } from '../shared/progress.ts';
import { createAreaResolver } from './area-resolver.ts';
import { checkRows, type CheckedRows } from './import-checks.ts';
import type { ParsedSource } from './import.types.ts';
import { lockImports } from './import-lock.repository.ts';
import * as repository from './imports.repository.ts';
import { publicImport } from './import-provenance.ts';
import { latestByAreaAndMetric } from './latest.ts';
import { demoTargets } from './sources.ts';

export interface ImportOptions {
  dryRun?: boolean;
  /**
   * published (default), embargoed until a date, or restricted: with an end (`until`), public
   * from then like an embargo; without one, withdrawn from the public for good.
   */
  publication?: PublicationChoice;
  /** Who lodged it, when an organisation did (an upload, a collection); absent: the operator. */
  lodging?: Lodging;
  /** Import the valid rows and list the rejected ones, instead of rejecting the whole file. */
  skipInvalid?: boolean;
  command?: string;
  /**
   * The column mapping the source was read with (a mapping file's content with any flags
   * applied), kept with the import so that how the file was read can be seen and rerun.
   */
  mapping?: unknown;
  /**
   * Generated data for scale tests: the import and its metrics are flagged synthetic, and every
   * metric title must say "(synthetic)", so such figures can never pass for real ones.
   */
  synthetic?: boolean;
  /**
   * Where derived values come from (a calculated metric's inputs' imports, by public id), kept
   * in the import's summary, which the public provenance shows.
   */
  derivedFrom?: object;
}

/**
 * Work that follows a committed import of changed values: metrics calculated from the metrics
 * it wrote are calculated again. Given by whoever wires the services, so that this feature does
 * not depend on the features that build on it.
 */
export interface ImportFollower {
  afterImport(slugs: ReadonlySet<string>, progress: Progress): Promise<ImportSummary[]>;
}

export type PublicationChoice =
  | { state: 'published' }
  | { state: 'embargoed'; until: Date }
  | { state: 'restricted'; until?: Date | null };

/**
 * An organisation lodging data: it sees its own values before the public does, and so do the
 * organisations (councils, or benchmarking clubs) a restricted import names as its audience.
 */
export interface Lodging {
  organisationId: number;
  userId: number;
  /** Who, in words, for the provenance (an email address). */
  actor: string;
  /** Organisation ids that see a restricted import before the public; none otherwise. */
  audience: readonly number[];
}

export interface ImportSummary {
  kind: string;
  source: string;
  dryRun: boolean;
  rowsRead: number;
  valuesInserted: number;
  valuesUpdated: number;
  valuesUnchanged: number;
  rowsRejected: number;
  /** Rows repeating another row's value exactly (including a former code of the same area). */
  rowsDuplicated: number;
  rejected: DataProblem[];
  metricsCreated: number;
  /** Known metrics whose definition (title, unit, polarity…) this import changed. */
  metricsUpdated: number;
  metrics: number;
  /** Rows for geographies openlg does not hold, by GSS entity prefix (E23 police force areas…). */
  rowsForAreasNotHeld: Record<string, number>;
  notes: string[];
  importId: number | null;
  /** The imports that followed this one (calculated metrics recomputed from its values). */
  followUps?: ImportSummary[];
  seconds: number;
  /** Of which: staging with COPY and merging into the stored values, in one transaction. */
  writeSeconds: number;
}

/** Thrown inside the transaction to roll it back on purpose (dry run, or nothing changed). */
class Rollback extends Error {
  constructor(readonly result: Omit<WriteOutcome, 'importId'>) {
    super('rollback');
  }
}

interface WriteOutcome {
  inserted: number;
  updated: number;
  metricsCreated: number;
  metricsUpdated: number;
  /** Null when the transaction was rolled back: a dry run, or nothing changed. */
  importId: number | null;
}

/** What the transaction writes: the checked rows, and the ids of the metrics already held. */
interface WritePlan extends CheckedRows {
  existing: Map<string, number>;
  startedAt: Date;
}

export class ImportService {
  private readonly follower: ImportFollower | null;

  constructor(
    private readonly database: Database,
    { followedBy }: { followedBy?: (imports: ImportService) => ImportFollower } = {},
  ) {
    this.follower = followedBy ? followedBy(this) : null;
  }

  /**
   * Stores a parsed source in one transaction: any rejected row rejects the whole import unless
   * skipInvalid is set; re-importing identical data writes nothing at all; changed values keep
   * their previous state in the revision history.
   */
  async run(
    parsed: ParsedSource,
    options: ImportOptions = {},
    progress: Progress = silentProgress,
  ): Promise<ImportSummary> {
    const started = performance.now();
    const startedAt = new Date();
    const { checked, existing } = await this.check(parsed, options, progress);
    if (checked.problems.length > 0 && !options.skipInvalid)
      throw new DataFileError(checked.problems);
    progress.step(`Writing ${checked.keyed.size} values`);
    const writeStarted = performance.now();
    const outcome = await this.write(parsed, options, { ...checked, existing, startedAt });
    const summary = summarise(parsed, options, checked, outcome, {
      seconds: (performance.now() - started) / 1000,
      writeSeconds: (performance.now() - writeStarted) / 1000,
    });
    progress.done(describeImport(summary));
    if (outcome.importId !== null) await this.follow(parsed, summary, progress);
    return summary;
  }

  /**
   * Runs the follower on the metrics a committed import wrote. Its failure does not undo the
   * import, which is committed: it is told in the notes, with how to try again.
   */
  private async follow(parsed: ParsedSource, summary: ImportSummary, progress: Progress) {
    if (!this.follower) return;
    const slugs = new Set([
      ...parsed.metrics.map((m) => m.slug),
      ...parsed.observations.map((o) => o.metricSlug),
    ]);
    try {
      summary.followUps = await this.follower.afterImport(slugs, progress);
    } catch (error) {
      summary.notes = [
        ...summary.notes,
        `the metrics calculated from these could not be recalculated (${(error as Error).message}): run openlg calculated recompute`,
      ];
    }
  }

  private async check(parsed: ParsedSource, options: ImportOptions, progress: Progress) {
    const db = this.database.db;
    const resolve = createAreaResolver(await repository.loadAreaIndex(db));
    // A source may add values to a metric openlg already holds without restating its definition.
    const defined = new Set(parsed.metrics.map((m) => m.slug));
    const existing = await repository.findMetricIds(db, [
      ...new Set(parsed.observations.map((o) => o.metricSlug).filter((s) => !defined.has(s))),
    ]);
    progress.step(`Checking ${parsed.observations.length} rows`);
    const slugs = new Set([...defined, ...existing.keys()]);
    return { checked: checkRows(parsed, slugs, resolve, options), existing };
  }

  /** Writes the import in one transaction, rolled back on purpose when nothing is to be kept. */
  private async write(
    parsed: ParsedSource,
    options: ImportOptions,
    plan: WritePlan,
  ): Promise<WriteOutcome> {
    try {
      const outcome = await this.database.withCopySession((session) =>
        storeImport(session, parsed, options, plan),
      );
      await repository.refreshStatistics(this.database.db);
      return outcome;
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      return { ...error.result, importId: null };
    }
  }

  /** Provenance: the most recent imports first. */
  async listImports(limit: number) {
    const rows = await repository.listImports(this.database.db, limit);
    return rows.map(publicImport);
  }

  async countValues(): Promise<number> {
    return repository.countObservations(this.database.db);
  }

  /** Fills an empty database with every demo dataset found under the data folder. */
  async loadDemo(dataDir: string, progress: Progress = silentProgress): Promise<ImportSummary[]> {
    if ((await this.countValues()) > 0) return [];
    const summaries: ImportSummary[] = [];
    for (const { kind, target, mapping } of await demoTargets(dataDir)) {
      progress.step(`Loading demo data: ${kind.kind} from ${target}`);
      const parsed = await kind.read(target, dataDir, mapping);
      summaries.push(
        await this.run(
          parsed,
          { command: `openlg serve (demo load)`, ...(mapping ? { mapping: mapping.value } : {}) },
          progress,
        ),
      );
    }
    return summaries;
  }
}

export function describeImport(s: ImportSummary): string {
  const changed = s.valuesInserted + s.valuesUpdated;
  const notHeld = Object.entries(s.rowsForAreasNotHeld)
    .map(([prefix, n]) => `${n} ${prefix}`)
    .join(', ');
  return [
    `${s.dryRun ? 'Dry run of ' : ''}${s.kind} ${s.source}: ${s.rowsRead} rows read, ${changed} changed ` +
      `(${s.valuesInserted} inserted, ${s.valuesUpdated} updated), ${s.valuesUnchanged} unchanged, ` +
      `${s.rowsRejected} rejected, ${s.rowsDuplicated} duplicates, ${s.metricsCreated} metrics created, ${s.metricsUpdated} redefined, ${s.seconds.toFixed(1)} s`,
    ...(notHeld ? [`  rows for areas openlg does not hold (by code prefix): ${notHeld}`] : []),
  ].join('\n');
}

/** The transaction's work: the import's record, its metrics and values, and what derives from them. */
async function storeImport(
  session: CopySession,
  parsed: ParsedSource,
  options: ImportOptions,
  plan: WritePlan,
): Promise<WriteOutcome> {
  const { trx } = session;
  const publication = options.publication ?? { state: 'published' as const };
  const embargoUntil = publication.state === 'published' ? null : (publication.until ?? null);
  const lodging = options.lodging;
  // First, so that concurrent imports take turns (see lockImports).
  await lockImports(trx);
  const periodIds = await repository.upsertPeriods(trx, [...plan.periods.values()]);
  const importId = await repository.createImport(trx, {
    kind: parsed.kind,
    source: parsed.source,
    fileName: parsed.files.map((f) => f.name).join(', '),
    fileChecksum: parsed.files.map((f) => f.checksum).join(','),
    command: options.command ?? `openlg import ${parsed.kind}`,
    createdBy: lodging?.actor ?? userInfo().username,
    startedAt: plan.startedAt,
    publication: publication.state,
    embargoUntil,
    synthetic: options.synthetic ?? false,
    organisationId: lodging?.organisationId ?? null,
    userId: lodging?.userId ?? null,
    audience: publication.state === 'restricted' ? (lodging?.audience ?? []) : [],
  });
  const target = { importId, publication: publication.state, embargoUntil };
  // A definition the import changes follows the import's publication state, as its values do.
  const metrics = await repository.upsertMetrics(
    trx,
    parsed.metrics,
    options.synthetic ?? false,
    target,
  );
  const staged = stagedValues(plan, metrics.idBySlug, periodIds);
  await repository.checkReferences(trx, staged);
  const metricIds = [...new Set(staged.map((v) => v.metricId))];
  const fresh = !(await repository.holdsValues(trx, metricIds));
  const { inserted, updated } = await storeValues(session, staged, fresh, target);
  const result = {
    inserted,
    updated,
    metricsCreated: metrics.created,
    metricsUpdated: metrics.updated,
  };
  if (options.dryRun || inserted + updated + metrics.updated === 0) throw new Rollback(result);
  const periodsById = new Map(
    [...plan.periods.values()].map((p) => [periodIds.get(p.code) ?? -1, p]),
  );
  await refreshDerived(session, metricIds, fresh && publication.state === 'published', {
    staged,
    periodsById,
  });
  await repository.saveImportSummary(trx, importId, {
    rowsRead: parsed.observations.length,
    inserted,
    updated,
    rejected: plan.problems.length,
    rowsForAreasNotHeld: plan.notHeld,
    ...(options.mapping === undefined ? {} : { mapping: options.mapping }),
    ...(options.derivedFrom === undefined ? {} : { derivedFrom: options.derivedFrom }),
  });
  await repository.bumpDataVersion(trx);
  return { ...result, importId };
}

/** The checked rows as stored values: metric and period by id. */
function stagedValues(
  plan: WritePlan,
  idBySlug: ReadonlyMap<string, number>,
  periodIds: ReadonlyMap<string, number>,
): repository.StagedValue[] {
  return [...plan.keyed.values()].map((o) => ({
    metricId: idBySlug.get(o.metricSlug) ?? plan.existing.get(o.metricSlug) ?? -1,
    periodId: periodIds.get(o.period.code) ?? -1,
    areaId: o.areaId,
    value: o.value,
    lci: o.lci,
    uci: o.uci,
    numerator: o.numerator,
    denominator: o.denominator,
    status: o.status,
  }));
}

/**
 * Stores the values: metrics that hold none yet take them straight by COPY; otherwise they are
 * staged and merged, so that unchanged values are not written and changed ones keep a revision.
 */
async function storeValues(
  session: CopySession,
  staged: readonly repository.StagedValue[],
  fresh: boolean,
  { importId, publication, embargoUntil }: repository.PublicationOf,
): Promise<{ inserted: number; updated: number }> {
  if (fresh) {
    const inserted = await repository.copyNewValues(
      session,
      staged,
      importId,
      publication,
      embargoUntil,
    );
    return { inserted, updated: 0 };
  }
  await repository.stageValues(session, staged);
  return repository.applyStaged(session.trx, importId, publication, embargoUntil);
}

/**
 * Refreshes what is kept from the values: planner statistics, coverage and the latest values.
 * New published values are the latest as they stand, so they are copied in without a query.
 */
async function refreshDerived(
  session: CopySession,
  metricIds: readonly number[],
  freshAndPublished: boolean,
  { staged, periodsById }: { staged: repository.StagedValue[]; periodsById: Map<number, Period> },
): Promise<void> {
  const { trx } = session;
  await repository.analyzeValues(trx);
  await repository.refreshCoverage(trx, metricIds);
  if (!freshAndPublished) {
    await repository.refreshLatestValues(trx, metricIds);
    return;
  }
  const latest = latestByAreaAndMetric(staged, (v) => {
    const period = periodsById.get(v.periodId);
    if (!period) throw new Error(`period ${v.periodId} was not upserted`);
    return period;
  });
  await repository.copyLatestValues(session, metricIds, latest);
}

function summarise(
  parsed: ParsedSource,
  options: ImportOptions,
  checked: CheckedRows,
  outcome: WriteOutcome,
  timing: { seconds: number; writeSeconds: number },
): ImportSummary {
  const kept = outcome.importId !== null || (options.dryRun ?? false);
  return {
    kind: parsed.kind,
    source: parsed.source,
    dryRun: options.dryRun ?? false,
    rowsRead: parsed.observations.length,
    valuesInserted: outcome.inserted,
    valuesUpdated: outcome.updated,
    valuesUnchanged: checked.keyed.size - outcome.inserted - outcome.updated,
    rowsRejected: checked.problems.length,
    rowsDuplicated: checked.duplicated,
    rejected: checked.problems,
    // A dry run rolls back what a real run would have kept: it reports that, to the metric.
    metricsCreated: kept ? outcome.metricsCreated : 0,
    metricsUpdated: kept ? outcome.metricsUpdated : 0,
    metrics: parsed.metrics.length,
    rowsForAreasNotHeld: checked.notHeld,
    notes: parsed.notes,
    importId: outcome.importId,
    ...timing,
  };
}
