/**
 * The checks every import's rows pass before anything is written: each names a metric openlg
 * holds or the source defines, has a value that agrees with its status and an interval the right
 * way round, and means one held area; a row repeating another is counted once, and two rows
 * disagreeing about one value are both reported.
 */
import { missingStatuses } from '../db/vocabulary.ts';
import type { Period } from '../periods/period.ts';
import type { DataProblem } from '../shared/errors.ts';
import type { createAreaResolver } from './area-resolver.ts';
import type { ObservationInput, ParsedSource } from './import.types.ts';

const missing: ReadonlySet<string> = new Set(missingStatuses);

/** A row that passed: its area resolved to the held area's id. */
export type CheckedObservation = ObservationInput & { areaId: number };

export interface CheckedRows {
  problems: DataProblem[];
  /** Rows for geographies openlg does not hold, by GSS entity prefix. */
  notHeld: Record<string, number>;
  duplicated: number;
  periods: Map<string, Period>;
  /** The rows that passed, each once, by metric, area and period. */
  keyed: Map<string, CheckedObservation>;
}

/** What is wrong with a row on its own, before its area is looked up; null when nothing is. */
function rowProblem(o: ObservationInput, slugs: ReadonlySet<string>): DataProblem | null {
  const at = { file: o.file, row: o.row };
  if (!slugs.has(o.metricSlug))
    return {
      ...at,
      column: o.columns?.metric ?? 'metric',
      message: `no definition for metric "${o.metricSlug}": openlg does not hold it and the source does not define it; define it in the mapping's "metrics" (slug, title and polarity at least: see docs/importing.md), or with --title and --polarity`,
    };
  if (
    (o.value === null) !== missing.has(o.status) ||
    (o.value !== null && !Number.isFinite(o.value))
  )
    return {
      ...at,
      column: o.columns?.value ?? 'value',
      message: `value and status "${o.status}" disagree`,
    };
  // Every source's intervals go through here, so none can store an inverted one.
  if (o.lci !== null && o.uci !== null && o.lci > o.uci)
    return {
      ...at,
      column: o.columns?.lci ?? 'lci',
      message: `the lower confidence limit ${o.lci} is above the upper limit ${o.uci}`,
    };
  return null;
}

/**
 * Checks a source's rows against the metrics it may use (those it defines and those openlg
 * holds) and the held areas. The source's own problems come first.
 */
export function checkRows(
  parsed: ParsedSource,
  slugs: ReadonlySet<string>,
  resolve: ReturnType<typeof createAreaResolver>,
  options: { synthetic?: boolean },
): CheckedRows {
  const checked: CheckedRows = {
    problems: [...parsed.problems],
    notHeld: {},
    duplicated: 0,
    periods: new Map(),
    keyed: new Map(),
  };
  const { problems, notHeld, keyed } = checked;
  for (const o of parsed.observations) {
    const problem = rowProblem(o, slugs);
    if (problem) {
      problems.push(problem);
      continue;
    }
    const area = resolve(o.area, o.period);
    if (!area.ok) {
      if ('notHeld' in area) notHeld[area.notHeld] = (notHeld[area.notHeld] ?? 0) + 1;
      else
        problems.push({
          file: o.file,
          row: o.row,
          column: o.columns?.area ?? 'area',
          message: area.problem,
        });
      continue;
    }
    const key = `${o.metricSlug}|${area.areaId}|${o.period.code}`;
    const earlier = keyed.get(key);
    if (earlier) {
      if (earlier.value !== o.value || earlier.status !== o.status)
        problems.push({
          file: o.file,
          row: o.row,
          message: `conflicts with row ${earlier.row} for ${o.metricSlug}, ${area.code}, ${o.period.code}`,
        });
      else checked.duplicated++;
      continue;
    }
    keyed.set(key, { ...o, areaId: area.areaId });
    checked.periods.set(o.period.code, o.period);
  }
  if (options.synthetic) problems.push(...syntheticTitleProblems(parsed));
  return checked;
}

/** Generated figures must say so in every metric title, so they can never pass for real ones. */
function syntheticTitleProblems(parsed: ParsedSource): DataProblem[] {
  return parsed.metrics
    .filter((m) => !/\(synthetic\)/i.test(m.title))
    .map((m) => ({
      file: parsed.source,
      column: 'metric',
      message: `synthetic metric "${m.slug}" must say "(synthetic)" in its title`,
    }));
}
