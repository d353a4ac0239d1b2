/**
 * The few errors the application raises on purpose. The HTTP error handler maps them to status
 * codes; anything else is a 500 whose details stay in the log.
 */
export class NotFoundError extends Error {
  constructor(
    readonly thing: string,
    readonly identifier: string,
  ) {
    super(`${thing} not found: ${identifier}`);
    this.name = 'NotFoundError';
  }
}

export class BadRequestError extends Error {
  constructor(
    message: string,
    /** The query parameter or form field at fault, for the problem document and error summary. */
    readonly parameter?: string,
  ) {
    super(message);
    this.name = 'BadRequestError';
  }
}

/**
 * The request needs credentials it did not bring, or brought ones that are not (or no longer)
 * good: 401, with the challenge the API names in WWW-Authenticate.
 */
export class UnauthorizedError extends Error {
  constructor(
    message: string,
    /** The WWW-Authenticate challenge, such as `Bearer error="invalid_token"`. */
    readonly challenge = 'Bearer',
  ) {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** Whoever is asking is known, and may not do this: 403. */
export class ForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** A problem in an input file, located as precisely as the format allows. */
export interface DataProblem {
  file: string;
  row?: number;
  column?: string;
  message: string;
}

export function formatProblem(problem: DataProblem): string {
  const where = [
    problem.file,
    problem.row !== undefined ? `row ${problem.row}` : undefined,
    problem.column !== undefined ? `column "${problem.column}"` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where}: ${problem.message}`;
}

const count = (n: number) => n.toLocaleString('en-GB');

/** Rows as ranges, "2–3,205, 3,300", at most `ranges` of them before "…". */
function rowRanges(rows: readonly number[], ranges = 5): string {
  const spans: [number, number][] = [];
  for (const row of rows) {
    const last = spans.at(-1);
    if (last && row <= last[1] + 1) last[1] = Math.max(last[1], row);
    else spans.push([row, row]);
  }
  const shown = spans
    .slice(0, ranges)
    .map(([from, to]) => (from === to ? count(from) : `${count(from)}–${count(to)}`));
  return `${shown.join(', ')}${spans.length > ranges ? ', …' : ''}`;
}

/**
 * Problems as lines a person can act on: the same message in the same column of one file on many
 * rows is one line ("rows 2–3,205 (3,204 rows), column …"), in the order each first occurs, and
 * past `limit` lines the rest are counted ("and 12 more problems, on 80 rows").
 */
export function collapseProblems(problems: readonly DataProblem[], limit = 50): string[] {
  const groups = new Map<string, { first: DataProblem; rows: number[] }>();
  for (const problem of problems) {
    const key = JSON.stringify([problem.file, problem.column ?? null, problem.message]);
    const group = groups.get(key);
    if (!group)
      groups.set(key, { first: problem, rows: problem.row === undefined ? [] : [problem.row] });
    else if (problem.row !== undefined) group.rows.push(problem.row);
  }
  const lines: string[] = [];
  let cutProblems = 0;
  let cutRows = 0;
  for (const { first, rows } of groups.values()) {
    if (lines.length >= limit) {
      cutProblems++;
      cutRows += Math.max(rows.length, 1);
      continue;
    }
    if (rows.length <= 1) {
      lines.push(formatProblem(first));
      continue;
    }
    const sorted = [...rows].sort((a, b) => a - b);
    const where = [
      first.file,
      `rows ${rowRanges(sorted)} (${count(rows.length)} rows)`,
      first.column !== undefined ? `column "${first.column}"` : undefined,
    ];
    lines.push(`${where.filter(Boolean).join(', ')}: ${first.message}`);
  }
  if (cutProblems > 0)
    lines.push(
      `and ${count(cutProblems)} more problem${cutProblems === 1 ? '' : 's'}, on ${count(cutRows)} row${cutRows === 1 ? '' : 's'}`,
    );
  return lines;
}

/** Stops a load: nothing from it may be written. */
export class DataFileError extends Error {
  constructor(readonly problems: DataProblem[]) {
    super(collapseProblems(problems).join('\n'));
    this.name = 'DataFileError';
  }
}

/** Something the service needs is missing from this installation; the message says what. */
export class UnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnavailableError';
  }
}
