import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { DataFileError } from './errors.ts';

export interface CsvTable {
  file: string;
  header: string[];
  /** Data rows as objects keyed by header; `line` is the 1-based line number in the file. */
  rows: { line: number; record: Record<string, string> }[];
}

/** Where the first byte that is not valid UTF-8 sits, or -1 when the bytes are valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length =
      b < 0x80
        ? 1
        : b >= 0xc2 && b <= 0xdf
          ? 2
          : b >= 0xe0 && b <= 0xef
            ? 3
            : b >= 0xf0 && b <= 0xf4
              ? 4
              : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    // Overlong forms, surrogates and code points past U+10FFFF.
    const second = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && second < 0xa0) || (b === 0xed && second > 0x9f)) return i;
    if ((b === 0xf0 && second < 0x90) || (b === 0xf4 && second > 0x8f)) return i;
    i += length;
  }
  return -1;
}

/** A data file read whole: its text (UTF-8, checked) and the checksum recorded as provenance. */
export interface DataFileText {
  text: string;
  checksum: string;
}

/**
 * Reads a data file as UTF-8. Invalid bytes stop the read with the line and byte offset of the
 * first one, so the person fixing the file can find it.
 */
export async function readTextFile(file: string, displayName = file): Promise<DataFileText> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataFileError([
      {
        file: displayName,
        message: code === 'ENOENT' ? 'file not found' : `cannot read (${code})`,
      },
    ]);
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    let line = 1;
    for (let i = 0; i < bad; i++) if (bytes[i] === 0x0a) line++;
    throw new DataFileError([
      {
        file: displayName,
        row: line,
        message: `is not valid UTF-8 (byte ${bad + 1}, 0x${(bytes[bad] ?? 0).toString(16)}); save it as UTF-8`,
      },
    ]);
  }
  return {
    text: bytes.toString('utf8'),
    checksum: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** A header's columns for a message, the first 30 of them. */
function listColumns(header: readonly string[]): string {
  const shown = header.slice(0, 30).map((column) => `"${column}"`);
  return `${shown.join(', ')}${header.length > 30 ? ` and ${header.length - 30} more` : ''}`;
}

/**
 * Reads a whole CSV file strictly: invalid UTF-8, a missing or unexpected column, or a ragged row
 * stops with a DataFileError naming the file, the row and the column. A BOM is tolerated.
 */
export async function readCsvFile(
  file: string,
  options: CsvOptions & { displayName?: string },
): Promise<CsvTable & { checksum: string }> {
  const name = options.displayName ?? file;
  const { text, checksum } = await readTextFile(file, name);
  return { ...parseCsvText(text, { ...options, displayName: name }), checksum };
}

export interface CsvOptions {
  required: readonly string[];
  allowExtra?: boolean;
  delimiter?: string;
}

/** No real record is this long; a longer one is a file without line breaks or a broken quote. */
export const maxRecordCharacters = 1_000_000;

/** Every record of a CSV text as an array of cells with its 1-based line, strictly parsed. */
export function parseCsvRecords(
  text: string,
  options: { displayName: string; delimiter?: string },
): { line: number; values: string[] }[] {
  const file = options.displayName;
  try {
    // csv-parse's typings do not model `info: true`, which wraps each record with its position.
    const records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      info: true,
      delimiter: options.delimiter ?? ',',
      max_record_size: maxRecordCharacters,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return records.map((r) => ({ line: r.info.lines, values: r.record }));
  } catch (error) {
    const e = error as Error & { lines?: number; code?: string };
    const message =
      e.code === 'CSV_MAX_RECORD_SIZE'
        ? `a record is longer than ${maxRecordCharacters.toLocaleString('en-GB')} characters: ` +
          'the file has no line breaks where expected, or a quote is never closed'
        : e.message;
    throw new DataFileError([
      { file, ...(e.lines !== undefined ? { row: e.lines } : {}), message },
    ]);
  }
}

export function parseCsvText(
  text: string,
  options: CsvOptions & { displayName: string },
): CsvTable {
  const file = options.displayName;
  const records = parseCsvRecords(text, options).map((r) => ({
    record: r.values,
    info: { lines: r.line },
  }));
  const [first, ...data] = records;
  const header = first?.record;
  if (!header) throw new DataFileError([{ file, message: 'is empty: no header row' }]);
  const trimmedHeader = header.map((h) => h.trim());
  const delimiter = options.delimiter ?? ',';
  const other = [';', '\t', '|'].find(
    (d) => d !== delimiter && trimmedHeader.length === 1 && header[0]?.includes(d),
  );
  if (other)
    throw new DataFileError([
      {
        file,
        row: 1,
        message: `the header is one column holding "${other === '\t' ? 'tab' : other}" characters: the file looks ${other === '\t' ? 'tab' : `"${other}"`}-delimited, not "${delimiter === '\t' ? 'tab' : delimiter}"-delimited (say which with the delimiter option)`,
      },
    ]);
  const missing = options.required.filter((column) => !trimmedHeader.includes(column));
  const unknown = options.allowExtra
    ? []
    : trimmedHeader.filter((column) => !options.required.includes(column));
  if (missing.length > 0 || unknown.length > 0) {
    throw new DataFileError([
      ...missing.map((column) => ({
        file,
        row: 1,
        column,
        message: `required column is missing; the file's columns are ${listColumns(trimmedHeader)}`,
      })),
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
