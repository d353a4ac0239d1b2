/*
 * Working out a calculated metric for every area and period (issue 18), in memory and without
 * I/O: the inputs' values come in as rows, the results go out as observations for the import
 * path, which stores them as it stores any source's.
 */
import { missingStatuses, type ValueStatus } from '../db/vocabulary.ts';
import type { ObservationInput } from '../imports/import.types.ts';
import type { Period } from '../periods/period.ts';
import type { CalculatedDefinition } from './calculated.schema.ts';
import {
  evaluateFormula,
  formulaInputs,
  missingStatus,
  parseFormula,
  type InputValue,
  type MissingStatus,
} from './formula.ts';

/** One input value as the public sees it, with the import that wrote it (null: not known). */
export interface InputRow {
  slug: string;
  areaCode: string;
  period: Period;
  value: number | null;
  status: ValueStatus;
  importId: number | null;
}

/** A cell the calculated metric already holds, calculated again even if its inputs have gone. */
export interface HeldCell {
  areaCode: string;
  period: Period;
}

export interface Calculation {
  observations: ObservationInput[];
  /** The imports whose values were read, for the provenance. */
  importIds: Set<number>;
  /** For per-head figures: which periods took an earlier period's population, and which. */
  earlierPopulation: Map<string, string>;
}

const missing: ReadonlySet<ValueStatus> = new Set(missingStatuses);

function asInput(row: InputRow | undefined): InputValue | undefined {
  if (!row) return undefined;
  if (row.value === null || missing.has(row.status))
    return { missing: (missing.has(row.status) ? row.status : 'not-available') as MissingStatus };
  return { value: row.value };
}

/** Each input's rows by area, in period order. */
function byMetricAndArea(rows: readonly InputRow[]) {
  const index = new Map<string, Map<string, InputRow[]>>();
  for (const row of rows) {
    const areas = index.get(row.slug) ?? new Map<string, InputRow[]>();
    index.set(row.slug, areas);
    areas.set(row.areaCode, [...(areas.get(row.areaCode) ?? []), row]);
  }
  for (const areas of index.values())
    for (const list of areas.values())
      list.sort((a, b) => a.period.startDate.localeCompare(b.period.startDate));
  return index;
}

/**
 * The population for a period: the latest one lying within it (the same period), otherwise the
 * latest that ended by its start (the nearest earlier), which the caller notes.
 */
export function populationFor(
  rows: readonly InputRow[],
  period: Period,
): { row: InputRow; earlier: boolean } | undefined {
  let found: { row: InputRow; earlier: boolean } | undefined;
  for (const row of rows) {
    const p = row.period;
    if (p.startDate >= period.startDate && p.endDate <= period.endDate)
      found = { row, earlier: false };
    else if (p.endDate <= period.startDate && (!found || found.earlier))
      found = { row, earlier: true };
  }
  return found;
}

/**
 * Calculates `definition` for every area and period that an input read in its own period (the
 * population aside) has a value for, and every cell already held: a held cell whose inputs have
 * gone becomes a missing value saying why, rather than keeping a figure nothing supports.
 */
export function calculate(
  definition: CalculatedDefinition,
  rows: readonly InputRow[],
  held: readonly HeldCell[],
): Calculation {
  const formula = parseFormula(definition.formula);
  const population = definition.perHead?.population;
  const anchors = new Set(
    formulaInputs(formula)
      .filter((i) => !i.previous && i.slug !== population)
      .map((i) => i.slug),
  );
  const index = byMetricAndArea(rows);
  const cells = new Map<string, HeldCell>();
  for (const cell of [...held, ...rows.filter((r) => anchors.has(r.slug))])
    cells.set(`${cell.areaCode}|${cell.period.code}`, {
      areaCode: cell.areaCode,
      period: cell.period,
    });
  const result: Calculation = {
    observations: [],
    importIds: new Set(),
    earlierPopulation: new Map(),
  };
  for (const cell of cells.values()) {
    const read: InputRow[] = [];
    const outcome = evaluateFormula(formula, (slug, previous) => {
      const list = index.get(slug)?.get(cell.areaCode) ?? [];
      const row = pick(list, slug === population && !previous, previous, cell.period, result);
      if (row) read.push(row);
      if (row && row.importId !== null) result.importIds.add(row.importId);
      return asInput(row);
    });
    result.observations.push({
      metricSlug: definition.slug,
      area: { scheme: 'gss', value: cell.areaCode },
      period: cell.period,
      value: outcome.ok ? outcome.value : null,
      lci: null,
      uci: null,
      numerator: null,
      denominator: null,
      status: outcome.ok ? caveatOf(read) : missingStatus(outcome.reason),
      file: `${definition.slug} (calculated)`,
      row: result.observations.length + 1,
    });
  }
  return result;
}

/** Caveats a result takes from its inputs, the weightiest first. */
const caveats = ['low-reliability', 'estimated', 'provisional'] as const;

/**
 * The status of a result worked out from these inputs: a figure calculated from a provisional
 * (or estimated, or unreliable) one is as provisional; otherwise ok.
 */
function caveatOf(read: readonly InputRow[]): ValueStatus {
  return caveats.find((caveat) => read.some((r) => r.status === caveat)) ?? 'ok';
}

/** The input row a cell reads: the same period, the period just before, or a population. */
function pick(
  list: readonly InputRow[],
  isPopulation: boolean,
  previous: boolean,
  period: Period,
  result: Calculation,
): InputRow | undefined {
  if (isPopulation) {
    const found = populationFor(list, period);
    if (found?.earlier) result.earlierPopulation.set(period.label, found.row.period.label);
    return found?.row;
  }
  if (previous)
    return list.find((r) => r.period.type === period.type && r.period.endDate === period.startDate);
  return list.find((r) => r.period.code === period.code);
}

/**
 * The note a per-head metric's caveats carry: the rule, and the periods that took an earlier
 * population. Null when there is no population.
 */
export function populationNote(
  definition: CalculatedDefinition,
  earlier: ReadonlyMap<string, string>,
): string | null {
  if (!definition.perHead) return null;
  const rule =
    'Per head figures use the population of the same period, or where there is none the nearest earlier.';
  if (earlier.size === 0) return rule;
  const byPopulation = new Map<string, string[]>();
  for (const [period, from] of [...earlier].sort(([a], [b]) => a.localeCompare(b)))
    byPopulation.set(from, [...(byPopulation.get(from) ?? []), period]);
  const uses = [...byPopulation].map(
    ([from, periods]) =>
      `${listInWords(periods)} ${periods.length > 1 ? 'use' : 'uses'} the population of ${from}`,
  );
  return `${rule} ${capitalise(uses.join('; '))}.`;
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
