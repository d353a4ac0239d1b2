import ExcelJS from 'exceljs';
import { byteOrderMark, csvLine } from '../data/formats/csv.ts';
import type { ProfileRow } from '../comparison/profile.presenter.ts';

/** What a download says about the profile as a whole: it is the page, as shown. */
export interface ProfileDownload {
  title: string;
  group: string;
  groupWhy: string | null;
  sort: string;
  summary: string;
  url: string;
  rows: readonly ProfileRow[];
}

export const profileColumns = [
  'section',
  'theme',
  'measure',
  'measure_id',
  'unit',
  'period',
  'value_shown',
  'value',
  'lci',
  'uci',
  'status',
  'rank',
  'out_of',
  'group',
  'rank_shown',
  'against_england',
  'england_value',
  'change',
  'no_figure_reason',
  'source',
  'licence',
] as const;

/** A row's fields in the order of the columns: the shown words beside the unrounded numbers. */
function fields(row: ProfileRow, group: string): (string | number | null)[] {
  return [
    row.headline ? 'Headline measures' : 'Other measures',
    row.theme,
    row.title,
    row.slug,
    row.unit,
    row.period || null,
    row.value,
    row.unrounded,
    row.lci,
    row.uci,
    row.status,
    row.rank,
    row.outOf,
    group,
    row.standing || null,
    row.england || null,
    row.englandValue,
    row.change || null,
    row.noFigure,
    row.source,
    row.licence,
  ];
}

/** The profile as CSV: byte order mark (for Excel), header, one row per measure as shown. */
export function profileCsv(download: ProfileDownload): string {
  return (
    byteOrderMark +
    csvLine(profileColumns) +
    download.rows.map((row) => csvLine(fields(row, download.group))).join('')
  );
}

function numberFormat(decimalPlaces: number): string {
  return decimalPlaces > 0 ? `0.${'0'.repeat(decimalPlaces)}` : '0';
}

/**
 * The profile as an Excel workbook: a "Profile" sheet with the CSV's columns (numbers as
 * numbers, shown to each measure's decimal places while the cell keeps the unrounded value) and
 * an "About" sheet with the title, group, order, summary and where it came from. A profile is a
 * few hundred rows at most, so the workbook is built whole.
 */
export async function profileXlsx(download: ProfileDownload): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'openlg';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet('Profile', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = profileColumns.map((name) => ({
    header: name,
    key: name,
    width: name === 'measure' || name === 'rank_shown' || name === 'against_england' ? 40 : 14,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of download.rows) {
    const added = sheet.addRow(fields(row, download.group));
    for (const name of ['value', 'lci', 'uci', 'england_value'])
      added.getCell(name).numFmt = numberFormat(row.decimalPlaces);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: profileColumns.length } };
  const about = workbook.addWorksheet('About');
  about.columns = [{ width: 18 }, { width: 100 }];
  about.addRow([download.title]).font = { bold: true, size: 14 };
  const facts: [string, string][] = [
    ['Compared with', download.group],
    ...(download.groupWhy ? [['Why this group', download.groupWhy] as [string, string]] : []),
    ['Order', download.sort],
    ['At a glance', download.summary],
    ['Page', download.url],
    ['Downloaded', new Date().toISOString()],
    [
      'Licence',
      'Each row names its source and licence; openlg’s own work is under the Open Government Licence v3.0.',
    ],
  ];
  for (const [label, value] of facts) {
    const added = about.addRow([label, value]);
    added.getCell(1).font = { bold: true };
    added.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
