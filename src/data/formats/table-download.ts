/**
 * A table a page shows, written as CSV and as an Excel workbook: the one writer behind every
 * page download (profile, compare, league table, a chart's table), so that each holds the same
 * rows as its page and they all read alike. Page tables are a few hundred rows at most, so the
 * workbook is built whole rather than streamed (the data API's bulk answers stream: xlsx.ts).
 */
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { byteOrderMark, csvLine } from './csv.ts';

export type DownloadCell = string | number | null;

export interface TableDownload {
  /** The data sheet's name in the workbook. */
  sheet: string;
  columns: readonly string[];
  rows: readonly (readonly DownloadCell[])[];
  /**
   * Columns of unrounded figures: the workbook shows each to its row's decimal places while the
   * cell keeps the whole number, as the CSV does.
   */
  figures?: { columns: readonly string[]; decimalPlaces: (row: number) => number };
  /** Column widths in characters, by name; the others are 14 wide. */
  widths?: Readonly<Record<string, number>>;
  /** The "About" sheet: an optional title in bold, then one fact (label, value) a line. */
  about: { title: string | null; facts: readonly (readonly [string, string])[] };
}

/** The table as CSV: byte order mark (for Excel), header, one line per row. */
export function tableCsv(download: TableDownload): string {
  return byteOrderMark + csvLine(download.columns) + download.rows.map(csvLine).join('');
}

function numberFormat(decimalPlaces: number): string {
  return decimalPlaces > 0 ? `0.${'0'.repeat(decimalPlaces)}` : '0';
}

function addAbout(workbook: ExcelJS.Workbook, about: TableDownload['about']) {
  const sheet = workbook.addWorksheet('About');
  sheet.columns = [{ width: 18 }, { width: 100 }];
  if (about.title) sheet.addRow([about.title]).font = { bold: true, size: 14 };
  for (const [label, value] of about.facts) {
    const added = sheet.addRow([label, value]);
    added.getCell(1).font = { bold: true };
    added.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
}

/** The table as a workbook: the data sheet (header frozen, filters on) and its "About" sheet. */
export async function tableXlsx(download: TableDownload): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'openlg';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(download.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = download.columns.map((name) => ({
    header: name,
    key: name,
    width: download.widths?.[name] ?? 14,
  }));
  sheet.getRow(1).font = { bold: true };
  const figures = download.figures;
  for (const [index, row] of download.rows.entries()) {
    const added = sheet.addRow([...row]);
    if (!figures) continue;
    const format = numberFormat(figures.decimalPlaces(index));
    for (const name of figures.columns) added.getCell(name).numFmt = format;
  }
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: 1, column: download.columns.length },
  };
  addAbout(workbook, download.about);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type TableFormat = 'csv' | 'xlsx';

/** Answers with the table as a file to save, named `${name}.csv` or `${name}.xlsx`. */
export async function sendTable(
  reply: FastifyReply,
  format: TableFormat,
  name: string,
  download: TableDownload,
): Promise<FastifyReply> {
  reply.header('content-disposition', `attachment; filename="${name}.${format}"`);
  return format === 'csv'
    ? reply.type('text/csv; charset=utf-8').send(tableCsv(download))
    : reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await tableXlsx(download));
}
