import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { DataFileError } from './errors.ts';

export interface CsvTable {
  file: string;
  header: string[];
  /** Data rows as objects keyed by header; `line` is the 1-based line number in the file. */
  rows: { line: number; record: Record<string, string> }[];
}

/**
 * Reads a whole CSV file strictly: invalid UTF-8, a missing or unexpected column, or a ragged row
 * stops with a DataFileError naming the file, the row and the column. A BOM is tolerated.
 */
export async function readCsvFile(
  file: string,
  options: { required: readonly string[]; allowExtra?: boolean; displayName?: string },
): Promise<CsvTable> {
  const name = options.displayName ?? file;
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataFileError([
      { file: name, message: code === 'ENOENT' ? 'file not found' : `cannot read (${code})` },
    ]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new DataFileError([{ file: name, message: 'is not valid UTF-8' }]);
  }
  return parseCsvText(text, { ...options, displayName: name });
}

export function parseCsvText(
  text: string,
  options: { required: readonly string[]; allowExtra?: boolean; displayName: string },
): CsvTable {
  const file = options.displayName;
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // csv-parse's typings do not model `info: true`, which wraps each record with its position.
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as typeof records;
  } catch (error) {
    const e = error as Error & { lines?: number };
    throw new DataFileError([
      { file, ...(e.lines !== undefined ? { row: e.lines } : {}), message: e.message },
    ]);
  }
  const [first, ...data] = records;
  const header = first?.record;
  if (!header) throw new DataFileError([{ file, message: 'is empty: no header row' }]);
  const trimmedHeader = header.map((h) => h.trim());
  const missing = options.required.filter((column) => !trimmedHeader.includes(column));
  const unknown = options.allowExtra
    ? []
    : trimmedHeader.filter((column) => !options.required.includes(column));
  if (missing.length > 0 || unknown.length > 0) {
    throw new DataFileError([
      ...missing.map((column) => ({ file, row: 1, column, message: 'required column is missing' })),
      ...unknown.map((column) => ({ file, row: 1, column, message: 'unknown column' })),
    ]);
  }
  return {
    file,
    header: trimmedHeader,
    rows: data.map(({ record: values, info }) => ({
      line: info.lines,
      record: Object.fromEntries(trimmedHeader.map((column, i) => [column, values[i] ?? ''])),
    })),
  };
}
