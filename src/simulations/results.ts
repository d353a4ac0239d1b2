/*
 * A simulation's results from its kept aggregates (pure): for each version, each line's count,
 * sum and histogram of steps and the count at each council-tax level, with the responses
 * moderation excluded and without them.
 */

/** The kept aggregates' rows, shards added up. */
export interface LineTotalRow {
  version: number;
  line_id: string;
  included: boolean;
  responses: number;
  percent_sum: number;
}

export interface StepCountRow {
  version: number;
  line_id: string;
  percent: number;
  included: boolean;
  responses: number;
}

export interface CouncilTaxCountRow {
  version: number;
  basis_points: number;
  included: boolean;
  responses: number;
}

export interface Count {
  /** Every response, excluded ones too. */
  all: number;
  /** Without the responses moderation excluded. */
  included: number;
}

export interface LineResult {
  id: string;
  responses: Count;
  /** The percents chosen, added up: a mean is percentSum / responses. */
  percentSum: Count;
  steps: { percent: number; responses: Count }[];
}

export interface VersionResult {
  version: number;
  lines: LineResult[];
  councilTax: { basisPoints: number; responses: Count }[];
}

const none = (): Count => ({ all: 0, included: 0 });

function add(count: Count, included: boolean, n: number): void {
  count.all += n;
  if (included) count.included += n;
}

function versionOf(byVersion: Map<number, VersionResult>, version: number): VersionResult {
  const found = byVersion.get(version);
  if (found) return found;
  const made: VersionResult = { version, lines: [], councilTax: [] };
  byVersion.set(version, made);
  return made;
}

function lineOf(result: VersionResult, id: string): LineResult {
  const found = result.lines.find((l) => l.id === id);
  if (found) return found;
  const made: LineResult = { id, responses: none(), percentSum: none(), steps: [] };
  result.lines.push(made);
  return made;
}

/** The results of every version with a response, from the aggregates' rows, by version. */
export function resultsFrom(rows: {
  lines: readonly LineTotalRow[];
  steps: readonly StepCountRow[];
  councilTax: readonly CouncilTaxCountRow[];
}): VersionResult[] {
  const byVersion = new Map<number, VersionResult>();
  for (const row of rows.lines) {
    const line = lineOf(versionOf(byVersion, row.version), row.line_id);
    add(line.responses, row.included, row.responses);
    add(line.percentSum, row.included, row.percent_sum);
  }
  for (const row of rows.steps) {
    const line = lineOf(versionOf(byVersion, row.version), row.line_id);
    let step = line.steps.find((s) => s.percent === row.percent);
    if (!step) line.steps.push((step = { percent: row.percent, responses: none() }));
    add(step.responses, row.included, row.responses);
  }
  for (const row of rows.councilTax) {
    const result = versionOf(byVersion, row.version);
    let level = result.councilTax.find((c) => c.basisPoints === row.basis_points);
    if (!level)
      result.councilTax.push((level = { basisPoints: row.basis_points, responses: none() }));
    add(level.responses, row.included, row.responses);
  }
  for (const result of byVersion.values()) {
    for (const line of result.lines) line.steps.sort((a, b) => a.percent - b.percent);
    result.councilTax.sort((a, b) => a.basisPoints - b.basisPoints);
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}
