import { userInfo } from 'node:os';
import type { Database } from '../db/database.ts';
import { missingStatuses } from '../db/vocabulary.ts';
import type { Period } from '../periods/period.ts';
import { DataFileError, type DataProblem } from '../shared/errors.ts';
import { silentProgress, type Progress } from '../shared/progress.ts';
import { createAreaResolver } from './area-resolver.ts';
import type { ParsedSource } from './import.types.ts';
import { lockImports } from './import-lock.repository.ts';
import * as repository from './imports.repository.ts';
import { publicImport } from './import-provenance.ts';
import { latestByAreaAndMetric } from './latest.ts';
import { demoTargets } from './sources.ts';

export interface ImportOptions {
  dryRun?: boolean;
  /** published (default), embargoed until a date, or restricted. */
  publication?:
    { state: 'published' } | { state: 'embargoed'; until: Date } | { state: 'restricted' };
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
  seconds: number;
  /** Of which: staging with COPY and merging into the stored values, in one transaction. */
  writeSeconds: number;
}

const missing: ReadonlySet<string> = new Set(missingStatuses);

/** Thrown inside the transaction to roll it back on purpose (dry run, or nothing changed). */
class Rollback extends Error {
  constructor(
    readonly result: {
      inserted: number;
      updated: number;
      metricsCreated: number;
      metricsUpdated: number;
    },
  ) {
    super('rollback');
  }
}

export class ImportService {
  constructor(private readonly database: Database) {}

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
    const db = this.database.db;
    const resolve = createAreaResolver(await repository.loadAreaIndex(db));
    const problems: DataProblem[] = [...parsed.problems];
    const notHeld: Record<string, number> = {};
    let duplicated = 0;
    const periods = new Map<string, Period>();
    const keyed = new Map<
      string,
      { metricSlug: string; areaId: number; period: Period } & (typeof parsed.observations)[number]
    >();
    // A source may add values to a metric openlg already holds without restating its definition.
    const defined = new Set(parsed.metrics.map((m) => m.slug));
    const existing = await repository.findMetricIds(db, [
      ...new Set(parsed.observations.map((o) => o.metricSlug).filter((s) => !defined.has(s))),
    ]);
    const slugs = new Set([...defined, ...existing.keys()]);
    progress.step(`Checking ${parsed.observations.length} rows`);
    for (const o of parsed.observations) {
      const at = { file: o.file, row: o.row };
      if (!slugs.has(o.metricSlug)) {
        problems.push({
          ...at,
          column: o.columns?.metric ?? 'metric',
          message: `no definition for metric "${o.metricSlug}": openlg does not hold it and the source does not define it; define it in the mapping's "metrics" (slug, title and polarity at least: see docs/importing.md), or with --title and --polarity`,
        });
        continue;
      }
      if (
        (o.value === null) !== missing.has(o.status) ||
        (o.value !== null && !Number.isFinite(o.value))
      ) {
        problems.push({
          ...at,
          column: o.columns?.value ?? 'value',
          message: `value and status "${o.status}" disagree`,
        });
        continue;
      }
      // Every source's intervals go through here, so none can store an inverted one.
      if (o.lci !== null && o.uci !== null && o.lci > o.uci) {
        problems.push({
          ...at,
          column: o.columns?.lci ?? 'lci',
          message: `the lower confidence limit ${o.lci} is above the upper limit ${o.uci}`,
        });
        continue;
      }
      const area = resolve(o.area, o.period);
      if (!area.ok) {
        if ('notHeld' in area) notHeld[area.notHeld] = (notHeld[area.notHeld] ?? 0) + 1;
        else problems.push({ ...at, column: o.columns?.area ?? 'area', message: area.problem });
        continue;
      }
      const key = `${o.metricSlug}|${area.areaId}|${o.period.code}`;
      const earlier = keyed.get(key);
      if (earlier) {
        if (earlier.value !== o.value || earlier.status !== o.status)
          problems.push({
            ...at,
            message: `conflicts with row ${earlier.row} for ${o.metricSlug}, ${area.code}, ${o.period.code}`,
          });
        else duplicated++;
        continue;
      }
      keyed.set(key, { ...o, areaId: area.areaId });
      periods.set(o.period.code, o.period);
    }
    if (options.synthetic)
      for (const m of parsed.metrics)
        if (!/\(synthetic\)/i.test(m.title))
          problems.push({
            file: parsed.source,
            column: 'metric',
            message: `synthetic metric "${m.slug}" must say "(synthetic)" in its title`,
          });
    if (problems.length > 0 && !options.skipInvalid) throw new DataFileError(problems);

    const publication = options.publication ?? { state: 'published' as const };
    const embargoUntil = publication.state === 'embargoed' ? publication.until : null;
    const checksum = parsed.files.map((f) => f.checksum).join(',');
    progress.step(`Writing ${keyed.size} values`);
    const writeStarted = performance.now();
    let outcome: {
      inserted: number;
      updated: number;
      metricsCreated: number;
      metricsUpdated: number;
      importId: number | null;
    };
    try {
      outcome = await this.database.withCopySession(async (session) => {
        const { trx } = session;
        // First, so that concurrent imports take turns (see lockImports).
        await lockImports(trx);
        const periodIds = await repository.upsertPeriods(trx, [...periods.values()]);
        const importId = await repository.createImport(trx, {
          kind: parsed.kind,
          source: parsed.source,
          fileName: parsed.files.map((f) => f.name).join(', '),
          fileChecksum: checksum,
          command: options.command ?? `openlg import ${parsed.kind}`,
          createdBy: userInfo().username,
          startedAt,
          publication: publication.state,
          embargoUntil,
          synthetic: options.synthetic ?? false,
        });
        // A definition the import changes follows the import's publication state, as its values do.
        const metrics = await repository.upsertMetrics(
          trx,
          parsed.metrics,
          options.synthetic ?? false,
          { importId, publication: publication.state, embargoUntil },
        );
        const staged: repository.StagedValue[] = [];
        for (const o of keyed.values()) {
          staged.push({
            metricId: metrics.idBySlug.get(o.metricSlug) ?? existing.get(o.metricSlug) ?? -1,
            periodId: periodIds.get(o.period.code) ?? -1,
            areaId: o.areaId,
            value: o.value,
            lci: o.lci,
            uci: o.uci,
            numerator: o.numerator,
            denominator: o.denominator,
            status: o.status,
          });
        }
        await repository.checkReferences(trx, staged);
        const periodsById = new Map(
          [...periods.values()].map((p) => [periodIds.get(p.code) ?? -1, p]),
        );
        const metricIds = [...new Set(staged.map((v) => v.metricId))];
        let inserted: number;
        let updated = 0;
        const fresh = !(await repository.holdsValues(trx, metricIds));
        if (!fresh) {
          await repository.stageValues(session, staged);
          ({ inserted, updated } = await repository.applyStaged(
            trx,
            importId,
            publication.state,
            embargoUntil,
          ));
        } else {
          inserted = await repository.copyNewValues(
            session,
            staged,
            importId,
            publication.state,
            embargoUntil,
          );
        }
        const result = {
          inserted,
          updated,
          metricsCreated: metrics.created,
          metricsUpdated: metrics.updated,
        };
        if (options.dryRun || inserted + updated + metrics.updated === 0)
          throw new Rollback(result);
        await repository.analyzeValues(trx);
        await repository.refreshCoverage(trx, metricIds);
        if (fresh && publication.state === 'published')
          await repository.copyLatestValues(
            session,
            metricIds,
            latestByAreaAndMetric(staged, (v) => {
              const period = periodsById.get(v.periodId);
              if (!period) throw new Error(`period ${v.periodId} was not upserted`);
              return period;
            }),
          );
        else await repository.refreshLatestValues(trx, metricIds);
        await repository.saveImportSummary(trx, importId, {
          rowsRead: parsed.observations.length,
          inserted,
          updated,
          rejected: problems.length,
          rowsForAreasNotHeld: notHeld,
          ...(options.mapping === undefined ? {} : { mapping: options.mapping }),
        });
        await repository.bumpDataVersion(trx);
        return { ...result, importId };
      });
      await repository.refreshStatistics(db);
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
      outcome = { ...error.result, importId: null };
    }
    const kept = outcome.importId !== null || (options.dryRun ?? false);
    const summary: ImportSummary = {
      kind: parsed.kind,
      source: parsed.source,
      dryRun: options.dryRun ?? false,
      rowsRead: parsed.observations.length,
      valuesInserted: outcome.inserted,
      valuesUpdated: outcome.updated,
      valuesUnchanged: keyed.size - outcome.inserted - outcome.updated,
      rowsRejected: problems.length,
      rowsDuplicated: duplicated,
      rejected: problems,
      // A dry run rolls back what a real run would have kept: it reports that, to the metric.
      metricsCreated: kept ? outcome.metricsCreated : 0,
      metricsUpdated: kept ? outcome.metricsUpdated : 0,
      metrics: parsed.metrics.length,
      rowsForAreasNotHeld: notHeld,
      notes: parsed.notes,
      importId: outcome.importId,
      seconds: (performance.now() - started) / 1000,
      writeSeconds: (performance.now() - writeStarted) / 1000,
    };
    progress.done(describeImport(summary));
    return summary;
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
