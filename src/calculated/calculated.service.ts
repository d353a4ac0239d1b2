import { createHash } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { MetricDefinition, ParsedSource } from '../imports/import.types.ts';
import { publicImportId } from '../imports/import-provenance.ts';
import {
  ImportService,
  type ImportFollower,
  type ImportSummary,
} from '../imports/imports.service.ts';
import { silentProgress, type Progress } from '../shared/progress.ts';
import { readyMadeCalculated } from './calculated.catalogue.ts';
import * as repository from './calculated.repository.ts';
import {
  calculatedDefinition,
  type CalculatedDefinition,
  type CalculatedDefinitionInput,
} from './calculated.schema.ts';
import { calculate, populationNote, type Calculation } from './calculation.ts';
import { formatFormula, formulaInputs, parseFormula } from './formula.ts';

/** The kind of import that writes calculated values. */
export const calculatedKind = 'calculated';

export interface CalculatedMetric {
  definition: CalculatedDefinition;
  readyMade: boolean;
}

/**
 * Calculated metrics: their definitions, and their values, worked out from the public values of
 * their inputs and written through the import path (so revisions, coverage, latest values and the
 * data version follow) whenever an input changes.
 */
export class CalculatedService implements ImportFollower {
  /** Metrics being calculated now: a definition reading its own dependants stops there. */
  private readonly running = new Set<string>();

  constructor(
    private readonly database: Database,
    private readonly imports: ImportService,
  ) {}

  /**
   * Stores a definition after checking it; whether it was new or changed. A metric imported from
   * a source, or one openlg ships, cannot be redefined here: its values would be overwritten.
   */
  async define(input: CalculatedDefinitionInput, readyMade = false): Promise<boolean> {
    const definition = calculatedDefinition.parse(input);
    const formula = parseFormula(definition.formula);
    const clash = await repository.slugInUse(this.database.db, definition.slug);
    if (clash === 'imported' || (clash === 'ready-made' && !readyMade))
      throw new CalculatedDefinitionError(
        `"${definition.slug}" is ${clash === 'imported' ? 'a metric imported from a source' : 'a calculated metric openlg ships'}: choose another slug`,
      );
    return repository.saveDefinition(this.database.db, {
      slug: definition.slug,
      formula: formatFormula(formula),
      inputs: [...new Set(formulaInputs(formula).map((i) => i.slug))],
      definition,
      ready_made: readyMade,
    });
  }

  /** Stores the ready-made definitions openlg ships; the slugs that were new or changed. */
  async installReadyMade(): Promise<string[]> {
    const changed: string[] = [];
    for (const definition of readyMadeCalculated)
      if (await this.define(definition, true)) changed.push(definition.slug);
    return changed;
  }

  async list(): Promise<CalculatedMetric[]> {
    const rows = await repository.listDefinitions(this.database.db);
    return rows.map((r) => ({
      definition: calculatedDefinition.parse(r.definition),
      readyMade: r.ready_made,
    }));
  }

  /** Calculates the named metrics again (all of them when none are named), in turn. */
  async recompute(
    slugs?: readonly string[],
    progress: Progress = silentProgress,
  ): Promise<ImportSummary[]> {
    const all = await this.list();
    const unknown = (slugs ?? []).filter((s) => !all.some((m) => m.definition.slug === s));
    if (unknown.length > 0) throw new UnknownCalculatedError(unknown);
    const chosen = slugs ? all.filter((m) => slugs.includes(m.definition.slug)) : all;
    const summaries: ImportSummary[] = [];
    for (const { definition } of chosen)
      summaries.push(await this.recomputeOne(definition, progress));
    return summaries;
  }

  /** After an import: calculates again every metric that reads what it wrote. */
  async afterImport(slugs: ReadonlySet<string>, progress: Progress): Promise<ImportSummary[]> {
    const dependants = await repository.dependantsOf(this.database.db, [...slugs]);
    const due = dependants.filter((slug) => !this.running.has(slug));
    return due.length > 0 ? this.recompute(due, progress) : [];
  }

  /** Calculates again the metrics an input of which has become public since they were calculated. */
  async recomputeLifted(progress: Progress = silentProgress): Promise<ImportSummary[]> {
    const due = await repository.dueAfterEmbargoes(this.database.db);
    return due.length > 0 ? this.recompute(due, progress) : [];
  }

  private async recomputeOne(
    definition: CalculatedDefinition,
    progress: Progress,
  ): Promise<ImportSummary> {
    this.running.add(definition.slug);
    try {
      const db = this.database.db;
      // Taken before the inputs are read: an embargo ending after it is noticed next time.
      const readAt = await repository.databaseNow(db);
      const inputs = [
        ...new Set(formulaInputs(parseFormula(definition.formula)).map((i) => i.slug)),
      ];
      const rows = await repository.publicValues(db, inputs);
      const result = calculate(definition, rows, await repository.heldCells(db, definition.slug));
      const used = await repository.importsByIds(db, [...result.importIds]);
      const summary = await this.imports.run(
        calculatedSource(definition, result, used),
        {
          command: `openlg calculated recompute ${definition.slug}`,
          derivedFrom: {
            formula: definition.formula,
            inputs,
            imports: used.map((i) => ({ import: publicImportId(i), kind: i.kind })),
          },
        },
        progress,
      );
      await repository.markCalculated(db, definition.slug, readAt);
      return summary;
    } finally {
      this.running.delete(definition.slug);
    }
  }
}

/** The calculated values as a source for the import path, its formula standing for a file. */
function calculatedSource(
  definition: CalculatedDefinition,
  result: Calculation,
  used: Awaited<ReturnType<typeof repository.importsByIds>>,
): ParsedSource {
  return {
    kind: calculatedKind,
    source: definition.slug,
    files: [
      {
        name: `${definition.slug}.formula`,
        checksum: createHash('sha256').update(definition.formula).digest('hex'),
      },
    ],
    metrics: [metricDefinition(definition, populationNote(definition, result.earlierPopulation))],
    observations: result.observations,
    problems: [],
    notes: used.map((i) => `calculated from ${i.kind} import ${publicImportId(i)} (${i.source})`),
  };
}

/** A calculated metric as the catalogue shows it: saying it is calculated, and how. */
function metricDefinition(
  d: CalculatedDefinition,
  populationNote: string | null,
): MetricDefinition {
  return {
    slug: d.slug,
    title: d.title,
    subtitle: d.subtitle,
    description: `${d.description} Calculated by openlg as ${d.formula}.`,
    unit: d.unit,
    measure: d.measure,
    decimalPlaces: d.decimalPlaces,
    polarity: d.polarity,
    theme: d.theme,
    sourceOrganisation: 'Calculated by openlg from the measures its formula names',
    sourceUrl: null,
    licence: d.licence,
    caveats: [d.caveats, populationNote].filter((c) => c !== null).join(' ') || null,
    periodicity: null,
    ...(d.comparableAcross ? { comparableAcross: d.comparableAcross } : {}),
  };
}

export class CalculatedDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalculatedDefinitionError';
  }
}

export class UnknownCalculatedError extends Error {
  constructor(readonly slugs: readonly string[]) {
    super(`no calculated metric is called ${slugs.map((s) => `"${s}"`).join(', ')}`);
    this.name = 'UnknownCalculatedError';
  }
}

/**
 * An import service whose imports calculate again the metrics calculated from what they change,
 * and the calculated metrics' service on it. `then` are followers of what builds on the data
 * (the sector overview), run after the calculation; the caller may add to it once it has made
 * them, since they are built on services made after this one.
 */
export function withCalculated(
  database: Database,
  then: readonly ImportFollower[] = [],
): {
  imports: ImportService;
  calculated: CalculatedService;
} {
  const made: CalculatedService[] = [];
  const imports = new ImportService(database, {
    followedBy: (service) => {
      const calculated = new CalculatedService(database, service);
      made.push(calculated);
      return {
        afterImport: async (slugs, progress) => {
          const followUps = await calculated.afterImport(slugs, progress);
          for (const follower of then)
            followUps.push(...(await follower.afterImport(slugs, progress)));
          return followUps;
        },
      };
    },
  });
  const [calculated] = made;
  if (!calculated) throw new Error('the import service makes its follower as it is built');
  return { imports, calculated };
}
