import { tableCsv, tableXlsx, type TableDownload } from '../data/formats/table-download.ts';
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

/** The profile as a table download: numbers unrounded, shown to the measure's decimal places. */
function profileTable(download: ProfileDownload): TableDownload {
  // A reader shown figures not yet public is told which; the public's download is unchanged.
  const marked = download.rows.some((row) => row.notYetPublic);
  const mark = (row: ProfileRow) => (marked ? [row.notYetPublic ? 'yes' : 'no'] : []);
  return {
    sheet: 'Profile',
    columns: marked ? [...profileColumns, 'not_yet_public'] : profileColumns,
    rows: download.rows.map((row) => [...fields(row, download.group), ...mark(row)]),
    figures: {
      columns: ['value', 'lci', 'uci', 'england_value'],
      decimalPlaces: (index) => download.rows[index]?.decimalPlaces ?? 0,
    },
    widths: { measure: 40, rank_shown: 40, against_england: 40 },
    about: {
      title: download.title,
      facts: [
        ['Compared with', download.group],
        ...(download.groupWhy ? [['Why this group', download.groupWhy] as const] : []),
        ['Order', download.sort],
        ['At a glance', download.summary],
        ...(marked
          ? [
              [
                'Not yet public',
                'Rows marked "yes" in not_yet_public are embargoed or restricted: do not publish them.',
              ] as const,
            ]
          : []),
        ['Page', download.url],
        ['Downloaded', new Date().toISOString()],
        [
          'Licence',
          'Each row names its source and licence; openlg’s own work is under the Open Government Licence v3.0.',
        ],
      ],
    },
  };
}

/** The profile as CSV: byte order mark (for Excel), header, one row per measure as shown. */
export function profileCsv(download: ProfileDownload): string {
  return tableCsv(profileTable(download));
}

/**
 * The profile as an Excel workbook: a "Profile" sheet with the CSV's columns and an "About"
 * sheet with the title, group, order, summary and where it came from.
 */
export function profileXlsx(download: ProfileDownload): Buffer {
  return tableXlsx(profileTable(download));
}
