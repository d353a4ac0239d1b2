/**
 * Reading the cells of the source files: codes, dates and lists checked as they are read, and
 * every problem gathered so that one run names them all.
 */
import type { CsvTable } from '../../shared/csv.ts';
import { DataFileError, formatProblem, type DataProblem } from '../../shared/errors.ts';

export type Row = CsvTable['rows'][number];
export type Report = (column: string, message: string) => void;

/** A GSS code: a letter for the nation (or K for more than one) and eight digits. */
export const GSS = /^[EWSNK][0-9]{8}$/;

/**
 * The key under which spellings of a name are matched: case, accents, punctuation and "&" versus
 * "and" vary between sources without changing which council is meant.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['‘’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export class Problems {
  readonly list: DataProblem[] = [];

  reporter(table: CsvTable, row: Row): Report {
    return (column, message) =>
      this.list.push({ file: table.file, row: row.line, column, message });
  }

  add(problem: DataProblem): void {
    this.list.push(problem);
  }

  throwIfAny(): void {
    if (this.list.length === 0) return;
    // A lookup read for two relations would otherwise report the same bad cell twice.
    const unique = new Map(this.list.map((p) => [formatProblem(p), p]));
    throw new DataFileError([...unique.values()]);
  }
}

export function cell(row: Row, column: string): string {
  return row.record[column] ?? '';
}

/** A GSS code from a cell; blank gives undefined, a malformed code is reported. */
export function gssCell(
  row: Row,
  column: string,
  report: Report,
  required = true,
): string | undefined {
  const value = cell(row, column);
  if (value === '') {
    if (required) report(column, 'is empty: a GSS code is required');
    return undefined;
  }
  if (!GSS.test(value)) {
    report(column, `"${value}" is not a GSS code (a letter E, W, S, N or K and 8 digits)`);
    return undefined;
  }
  return value;
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function dateCell(row: Row, column: string, report: Report): string | null {
  const value = cell(row, column);
  if (value === '') return null;
  if (!isIsoDate(value)) {
    report(column, `"${value}" is not a date (YYYY-MM-DD)`);
    return null;
  }
  return value;
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** ONS dates some changes only by year; such dates are stored as 1 January of the year. */
export function yearDate(year: number): string {
  return `${year}-01-01`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function examples(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown}, …` : shown;
}
