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

export interface DayCountRow {
  version: number;
  day: string;
  included: boolean;
  responses: number;
}

export interface DurationCountRow {
  version: number;
  seconds: number;
  included: boolean;
  responses: number;
}

export interface AggregateRows {
  lines: readonly LineTotalRow[];
  steps: readonly StepCountRow[];
  councilTax: readonly CouncilTaxCountRow[];
  days: readonly DayCountRow[];
  durations: readonly DurationCountRow[];
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
  /** Responses by the UK day they were submitted. */
  days: { day: string; responses: Count }[];
  /** Responses by band of time taken, each band by its start in seconds. */
  durations: { seconds: number; responses: Count }[];
}

const none = (): Count => ({ all: 0, included: 0 });

function add(count: Count, included: boolean, n: number): void {
  count.all += n;
  if (included) count.included += n;
}

function versionOf(byVersion: Map<number, VersionResult>, version: number): VersionResult {
  const found = byVersion.get(version);
  if (found) return found;
  const made: VersionResult = { version, lines: [], councilTax: [], days: [], durations: [] };
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
export function resultsFrom(rows: AggregateRows): VersionResult[] {
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
  for (const row of rows.days) {
    const result = versionOf(byVersion, row.version);
    let day = result.days.find((d) => d.day === row.day);
    if (!day) result.days.push((day = { day: row.day, responses: none() }));
    add(day.responses, row.included, row.responses);
  }
  for (const row of rows.durations) {
    const result = versionOf(byVersion, row.version);
    let band = result.durations.find((d) => d.seconds === row.seconds);
    if (!band) result.durations.push((band = { seconds: row.seconds, responses: none() }));
    add(band.responses, row.included, row.responses);
  }
  for (const result of byVersion.values()) {
    result.days.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    result.durations.sort((a, b) => a.seconds - b.seconds);
    for (const line of result.lines) line.steps.sort((a, b) => a.percent - b.percent);
    result.councilTax.sort((a, b) => a.basisPoints - b.basisPoints);
  }
  return [...byVersion.values()].sort((a, b) => a.version - b.version);
}
