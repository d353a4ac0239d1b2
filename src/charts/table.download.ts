/**
 * A chart's data table as a file: the page's columns and cells as shown, each figure followed by
 * its unrounded value, and the table's title, unit, source and licence on every row.
 */
import type { TableDownload } from '../data/formats/table-download.ts';
import type { DataTable } from './table.ts';

export interface TableFacts {
  unit: string | null;
  decimalPlaces: number;
  source: string;
  licence: string;
  url: string;
}

export function dataTableDownload(table: DataTable, facts: TableFacts): TableDownload {
  const figured = table.columns.map((_, i) =>
    table.rows.some((row) => (row.unrounded?.[i] ?? null) !== null),
  );
  const unroundedNames = table.columns.flatMap((c, i) =>
    figured[i] ? [`${c.heading} (unrounded)`] : [],
  );
  const columns = [
    ...table.columns.flatMap((c, i) =>
      figured[i] ? [c.heading, `${c.heading} (unrounded)`] : [c.heading],
    ),
    'table',
    'unit',
    'source',
    'licence',
  ];
  const rows = table.rows.map((row) => [
    ...row.cells.flatMap((cell, i) => (figured[i] ? [cell, row.unrounded?.[i] ?? null] : [cell])),
    table.caption,
    facts.unit,
    facts.source,
    facts.licence,
  ]);
  return {
    sheet: 'Table',
    columns,
    rows,
    figures: { columns: unroundedNames, decimalPlaces: () => facts.decimalPlaces },
    widths: Object.fromEntries(columns.slice(0, 1).map((name) => [name, 32])),
    about: {
      title: table.caption,
      facts: [
        ['Unit', facts.unit ?? 'None'],
        ['Source', facts.source],
        ['Licence', facts.licence],
        ['Page', facts.url],
        ['Downloaded', new Date().toISOString()],
        [
          'Reading it',
          'Each cell is as the page shows it; a column marked "(unrounded)" holds the figure before rounding.',
        ],
      ],
    },
  };
}
