import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { valueStatuses } from '../db/vocabulary.ts';
import type { ParsedSource } from '../imports/import.types.ts';
import { readTidyCsv } from '../imports/tabular/tabular.reader.ts';
import { parseCsvRecords } from '../shared/csv.ts';
import { DataFileError } from '../shared/errors.ts';
import type { UploadFormat } from './uploads.tables.ts';

/**
 * The one template a steward's file follows, by its header: each row one value of a metric
 * openlg holds, for an area by GSS code, in a period as the CLI reads periods (2023-24, 2023,
 * 2023-04-01/2024-03-31, 2023 Q1…). lci, uci and status may be left out, or left empty.
 */
export const templateColumns = {
  area: 'area',
  period: 'period',
  metric: 'metric',
  value: 'value',
  lci: 'lci',
  uci: 'uci',
  status: 'status',
} as const;

const optional = ['lci', 'uci', 'status'] as const;

/** The template, as the workspace offers it: its header and one example row. */
export function templateCsv(areaCode: string): string {
  return (
    `${Object.values(templateColumns).join(',')}\n` +
    `${areaCode},2024-25,band-d-council-tax-excluding-parish-precepts,1999.99,,,\n`
  );
}

/**
 * The tidy-csv mapping the template is read with, by the CLI's reader: the optional columns only
 * when the file has them. A status is one of openlg's own, or empty for an ordinary value.
 */
export function templateMapping(header: readonly string[]): Record<string, unknown> {
  const measure: Record<string, unknown> = {
    metric: { column: templateColumns.metric },
    value: templateColumns.value,
  };
  for (const column of optional) if (header.includes(column)) measure[column] = column;
  return {
    area: { column: templateColumns.area, scheme: 'gss' },
    period: { column: templateColumns.period },
    measures: [measure],
    statusCodes: { '': 'ok', ...Object.fromEntries(valueStatuses.map((s) => [s, s])) },
  };
}

/** A file name as shown and kept: its last segment, printable, at most 100 characters. */
export function cleanFileName(name: string, format: UploadFormat): string {
  const base = path.basename(name.replaceAll('\\', '/'));
  const kept = base.replace(/[^\w .()-]+/g, '_').slice(0, 100);
  return kept === '' || kept.startsWith('.') ? `upload.${format}` : kept;
}

/** What a file's name (or, failing that, its first bytes) says it is: CSV, XLSX, or neither. */
export function formatOf(name: string, bytes: Uint8Array): UploadFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return 'csv';
  // A ZIP (an XLSX workbook) starts "PK"; anything else is read as text.
  return bytes[0] === 0x50 && bytes[1] === 0x4b ? 'xlsx' : null;
}

/**
 * An XLSX workbook's first sheet as CSV text, one line per sheet row (empty rows kept as empty
 * lines), so that every problem names the row the steward sees in their spreadsheet.
 */
async function xlsxAsCsv(bytes: Uint8Array, name: string): Promise<string> {
  // Loaded when used, as the CLI does: ExcelJS is slow to load.
  const { default: ExcelJS } = await import('exceljs');
  const { toCell } = await import('../imports/ctr/ctr.reader.ts');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
  } catch {
    throw new DataFileError([{ file: name, message: 'is not an XLSX workbook openlg can read' }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new DataFileError([{ file: name, message: 'holds no sheet' }]);
  const lines: string[] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = toCell(row.getCell(c).value);
      const text =
        cell.kind === 'blank' ? '' : cell.kind === 'text' ? cell.text : String(cell.value);
      cells.push(/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Reads an uploaded file (CSV or XLSX) through the CLI's tidy-csv reader and the template's
 * mapping, from a folder of its own that is removed afterwards. Problems come back as the CLI
 * reports them: thrown as a DataFileError, or listed in the source's problems.
 */
export async function readUpload(
  content: Uint8Array,
  name: string,
  format: UploadFormat,
): Promise<ParsedSource> {
  const text =
    format === 'xlsx' ? await xlsxAsCsv(content, name) : Buffer.from(content).toString('utf8');
  const dir = await mkdtemp(path.join(tmpdir(), 'openlg-upload-'));
  try {
    const file = path.join(dir, name);
    // The CSV reader checks the bytes are UTF-8 and names the line where they are not.
    await writeFile(file, format === 'xlsx' ? text : content);
    const header = (parseCsvRecords(text, { displayName: name })[0]?.values ?? []).map((h) =>
      h.trim(),
    );
    return await readTidyCsv(file, dir, {
      name: 'the upload template',
      value: templateMapping(header),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The bytes of a file a request streamed to disk, removed once read. */
export async function takeFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } finally {
    await rm(file, { force: true });
  }
}
