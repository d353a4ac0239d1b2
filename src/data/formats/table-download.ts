/**
 * A table a page shows, written as CSV and as an Excel workbook: the one writer behind every
 * page download (profile, compare, league table, a chart's table), so that each holds the same
 * rows as its page and they all read alike. Page tables are a few hundred rows at most, so the
 * workbook is built whole rather than streamed (the data API's bulk answers stream: xlsx.ts).
 */
import type { FastifyReply } from 'fastify';
import { byteOrderMark, csvLine } from './csv.ts';
import { writeWorkbook, type Cell, type Sheet } from './workbook-writer.ts';

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

function aboutSheet(about: TableDownload['about']): Sheet {
  return {
    name: 'About',
    widths: [18, 100],
    rows: [
      ...(about.title ? [[{ value: about.title, style: 'title' as const }]] : []),
      ...about.facts.map(([label, value]): Cell[] => [
        { value: label, style: 'bold' },
        { value, style: 'wrap' },
      ]),
    ],
  };
}

/** The table as a workbook: the data sheet (header frozen, filters on) and its "About" sheet. */
export function tableXlsx(download: TableDownload): Buffer {
  const figures = download.figures;
  const figureColumns = new Set(
    (figures?.columns ?? []).map((name) => download.columns.indexOf(name)),
  );
  const data: Sheet = {
    name: download.sheet,
    widths: download.columns.map((name) => download.widths?.[name] ?? 14),
    header: true,
    rows: [
      download.columns.map((name): Cell => ({ value: name, style: 'bold' })),
      ...download.rows.map((row, index) => {
        const style = figures ? { decimalPlaces: figures.decimalPlaces(index) } : undefined;
        return row.map((value, column): Cell =>
          style && figureColumns.has(column) ? { value, style } : { value },
        );
      }),
    ],
  };
  return writeWorkbook([data, aboutSheet(download.about)], new Date());
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
        .send(tableXlsx(download));
}
