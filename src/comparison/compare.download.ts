/**
 * The compare page's tables as CSV and as an Excel workbook: the same rows in the same order,
 * each figure as shown and unrounded, with the rank as the page words it. Ten councils and ten
 * measures are at most 110 rows, so the workbook is built whole rather than streamed.
 */
import ExcelJS from 'exceljs';
import { byteOrderMark, csvLine } from '../data/formats/csv.ts';
import { downloadRows, type CompareMeasure } from './compare.presenter.ts';

const attribution =
  'Contains public sector information licensed under the Open Government Licence v3.0';

export function compareCsv(measures: readonly CompareMeasure[]): string {
  const { header, rows } = downloadRows(measures);
  return byteOrderMark + csvLine(header) + rows.map(csvLine).join('');
}

export async function compareXlsx(
  measures: readonly CompareMeasure[],
  pageUrl: string,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'openlg';
  const { header, rows } = downloadRows(measures);
  const sheet = workbook.addWorksheet('Comparison', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = header.map((name) => ({
    header: name,
    key: name,
    width: name === 'measure' ? 40 : name === 'area_name' || name === 'ranked_among' ? 28 : 14,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  const about = workbook.addWorksheet('About');
  about.columns = [{ width: 16 }, { width: 90 }];
  about.addRow(['Page', pageUrl]);
  about.addRow(['Downloaded', new Date().toISOString()]);
  about.addRow(['Licence', attribution]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
