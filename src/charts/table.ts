/**
 * The data table that follows every chart: the same figures in text, for people who cannot see
 * the chart, want the exact numbers, or print the page.
 */
import { escapeXml } from './svg.ts';

export interface DataTableColumn {
  heading: string;
  /** Numeric columns are right-aligned so that digits line up. */
  numeric: boolean;
}

export interface DataTableRow {
  /** One string per column; the first names the row and is rendered as its header. */
  cells: string[];
  /** The chosen area's row, marked in words as well as weight. */
  highlighted: boolean;
  /**
   * One per cell: the unrounded figure a cell shows rounded, null for the others. A download
   * writes it beside the cell; the page shows the cell only.
   */
  unrounded?: readonly (number | null)[];
}

export interface DataTable {
  caption: string;
  columns: DataTableColumn[];
  rows: DataTableRow[];
}

/** A chart and the data table to print after it. */
export interface Chart {
  svg: string;
  table: DataTable;
}

/**
 * GOV.UK table markup for a chart's data. The first cell of each row is its header
 * (scope="row"), so screen readers announce the area with each figure. The chosen row is bold
 * with a ◆, as in the charts, and says "(selected)" to screen readers, for whom ◆ is hidden.
 */
export function renderDataTable(table: DataTable): string {
  const width = table.columns.length;
  const bad = table.rows.findIndex((row) => row.cells.length !== width);
  if (bad >= 0)
    throw new RangeError(
      `Row ${bad + 1} of "${table.caption}" has ${table.rows[bad]?.cells.length} cells for ${width} columns`,
    );
  const numericClass = (numeric: boolean, kind: 'header' | 'cell') =>
    numeric ? ` govuk-table__${kind}--numeric` : '';
  const head = table.columns.map(
    (column) =>
      `<th scope="col" class="govuk-table__header${numericClass(column.numeric, 'header')}">` +
      `${escapeXml(column.heading)}</th>`,
  );
  const body = table.rows.map((row) => {
    const cells = row.cells.map((cell, index) => {
      const numeric = table.columns[index]?.numeric ?? false;
      const text = escapeXml(cell);
      if (index === 0) {
        const name = row.highlighted
          ? `<span aria-hidden="true">◆ </span>${text}<span class="govuk-visually-hidden"> (selected)</span>`
          : text;
        return `<th scope="row" class="govuk-table__header${numericClass(numeric, 'header')}">${name}</th>`;
      }
      const content = row.highlighted ? `<strong>${text}</strong>` : text;
      return `<td class="govuk-table__cell${numericClass(numeric, 'cell')}">${content}</td>`;
    });
    return `<tr class="govuk-table__row">${cells.join('')}</tr>`;
  });
  return [
    '<table class="govuk-table">',
    `<caption class="govuk-table__caption govuk-table__caption--m">${escapeXml(table.caption)}</caption>`,
    `<thead class="govuk-table__head"><tr class="govuk-table__row">${head.join('')}</tr></thead>`,
    '<tbody class="govuk-table__body">',
    ...body,
    '</tbody>',
    '</table>',
  ].join('\n');
}

/**
 * A table in its own sideways-scrolling box, so that a wide table never widens the page on a
 * narrow screen. The box takes keyboard focus (it must, to be scrolled without a mouse), and so
 * it is a named region: a screen reader says what the focus landed on.
 */
export function scrollableTable(tableHtml: string, label: string): string {
  return (
    `<div class="openlg-table-scroll" tabindex="0" role="region" aria-label="${escapeXml(label)}">` +
    `${tableHtml}</div>`
  );
}
