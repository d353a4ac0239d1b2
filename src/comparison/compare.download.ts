/**
 * The compare page's tables as CSV and as an Excel workbook: the same rows in the same order,
 * each figure as shown and unrounded, with the rank as the page words it.
 */
import { tableCsv, tableXlsx, type TableDownload } from '../data/formats/table-download.ts';
import { downloadRows, type CompareMeasure } from './compare.presenter.ts';

const attribution =
  'Contains public sector information licensed under the Open Government Licence v3.0';

function compareTable(measures: readonly CompareMeasure[], pageUrl: string): TableDownload {
  const { header, rows } = downloadRows(measures);
  return {
    sheet: 'Comparison',
    columns: header,
    rows,
    widths: { measure: 40, area_name: 28, ranked_among: 28 },
    about: {
      title: null,
      facts: [
        ['Page', pageUrl],
        ['Downloaded', new Date().toISOString()],
        ['Licence', attribution],
      ],
    },
  };
}

export function compareCsv(measures: readonly CompareMeasure[]): string {
  return tableCsv(compareTable(measures, ''));
}

export function compareXlsx(measures: readonly CompareMeasure[], pageUrl: string): Buffer {
  return tableXlsx(compareTable(measures, pageUrl));
}
