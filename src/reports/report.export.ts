/**
 * A report's sections as tables and charts, in the words the page uses: what the Word and Excel
 * exports write. Built from the model (report.model.ts) and the page's charts (report.presenter),
 * so an export holds exactly what the page shows. Pure: no I/O.
 */
import type { Chart } from '../charts/table.ts';
import { formatDate } from '../shared/format.ts';
import { gridCell, type MeasureRow, type ReportModel, type SectionModel } from './report.model.ts';
import { quadrantChart, reportChart } from './report.presenter.ts';

export type ExportCell = string | number | null;

export interface ExportTable {
  caption: string;
  columns: string[];
  rows: ExportCell[][];
}

export interface ExportSection {
  heading: string;
  paragraphs: string[];
  /** A chart drawn as SVG, with the data table that follows it on the page. */
  chart: { svg: string; caption: string } | null;
  tables: ExportTable[];
}

const measureColumns = [
  'Measure',
  'Period',
  'Figure',
  'Unrounded',
  'Rank in group',
  'Against England',
  'Change',
  'Not yet public',
];

function measureTable(caption: string, rows: readonly MeasureRow[]): ExportTable {
  return {
    caption,
    columns: measureColumns,
    rows: rows.map((r) => [
      r.title,
      r.period || null,
      r.noFigure ? `No figure: ${r.noFigure}` : r.value,
      r.unrounded,
      r.standing || null,
      r.england || null,
      r.change || null,
      r.notYetPublic ? 'yes' : 'no',
    ]),
  };
}

function chartTable(chart: Chart): ExportTable {
  return {
    caption: chart.table.caption,
    columns: chart.table.columns.map((c) => c.heading),
    rows: chart.table.rows.map((row) =>
      row.cells.map((cell, i) => (i === 0 && row.highlighted ? `◆ ${cell}` : cell)),
    ),
  };
}

function gridTable(section: Extract<SectionModel, { kind: 'grid' }>, caption: string): ExportTable {
  const grid = section.grid;
  if (!grid) return { caption, columns: ['Council'], rows: [] };
  return {
    caption,
    columns: [
      'Council',
      ...grid.metrics.map((m) => `${m.title} (${m.period?.label ?? 'no period'})`),
    ],
    rows: grid.areas.map((area, i) => [
      area.code === section.subject ? `◆ ${area.name}` : area.name,
      ...grid.metrics.map((m) => {
        const figure = m.values[i];
        return figure ? gridCell(figure, m) : 'not available';
      }),
    ]),
  };
}

function exportSection(section: SectionModel, index: number, model: ReportModel): ExportSection {
  const paragraphs = [
    ...section.intro,
    ...(section.unsaid.length > 0
      ? [`Not said for want of a figure: ${section.unsaid.join(', ')}.`]
      : []),
  ];
  const base = { heading: section.heading, paragraphs, chart: null, tables: [] };
  const caption = `${section.heading}: ${model.area.name} and ${model.group.label}`;
  switch (section.kind) {
    case 'text':
      return base;
    case 'tiles':
    case 'table':
      return { ...base, tables: [measureTable(caption, section.rows)] };
    case 'ranked':
    case 'series':
    case 'map': {
      if (!('page' in section.chart))
        return { ...base, paragraphs: [...paragraphs, section.chart.missing] };
      const chart = reportChart(section.kind, section.chart.page, `export-${index + 1}-chart`);
      return {
        ...base,
        chart: { svg: chart.svg, caption: chart.table.caption },
        tables: [chartTable(chart)],
      };
    }
    case 'grid':
      return { ...base, tables: [gridTable(section, caption)] };
    case 'quadrant': {
      const drawn = quadrantChart(section, model, `export-${index + 1}-quadrant`);
      if ('missing' in drawn) return { ...base, paragraphs: [...paragraphs, drawn.missing] };
      return {
        ...base,
        chart: { svg: drawn.chart.svg, caption: drawn.chart.table.caption },
        tables: [chartTable(drawn.chart)],
      };
    }
  }
}

/** The facts an export opens with: what the report is, for whom, of what, and from where. */
export function exportFacts(model: ReportModel, url: string): [string, string][] {
  return [
    ['Report', model.title],
    ['For', model.audience],
    ['Area', `${model.area.name} (${model.area.code})`],
    ['Compared with', `${model.group.label} (${model.group.size} councils)`],
    ['Figures', model.periodLabel],
    ...(model.asOf
      ? [['As published on', formatDate(model.asOf.toISOString().slice(0, 10))] as [string, string]]
      : []),
    ...(model.unpublished
      ? [
          ['Not yet public', 'Includes embargoed or restricted figures: do not publish them.'] as [
            string,
            string,
          ],
        ]
      : []),
    ['Page', url],
    ['Made', new Date().toISOString()],
    [
      'Licence',
      'Each measure’s source and licence are on its page; openlg’s own work is under the Open Government Licence v3.0.',
    ],
  ];
}

export function exportSections(model: ReportModel): ExportSection[] {
  return model.sections.map((s, i) => exportSection(s, i, model));
}
