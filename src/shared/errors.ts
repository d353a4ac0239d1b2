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

/** Stops a load: nothing from it may be written. */
export class DataFileError extends Error {
  constructor(readonly problems: DataProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'DataFileError';
  }
}
