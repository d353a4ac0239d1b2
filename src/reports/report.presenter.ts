/**
 * A report's model as the page shows it: charts drawn as SVG, each followed by its data table,
 * and the measures as rows ready for the template. Pure: the model holds every figure.
 */
import { describeTrend, renderSparkline } from '../charts/sparkline.ts';
import { shown } from '../charts/format.ts';
import type { AxisFigure } from '../charts/quadrant-maths.ts';
import { renderQuadrant } from '../charts/quadrant.ts';
import { renderDataTable, type Chart } from '../charts/table.ts';
import { mapChart, rankedChart, trendChart } from '../comparison/metric-page.presenter.ts';
import { escapeXml } from '../charts/svg.ts';
import {
  gridCell,
  type MeasureRow,
  type MetricPage,
  type ReportModel,
  type SectionModel,
} from './report.model.ts';

const trendWords: Record<string, string> = {
  improved: 'Improving',
  worsened: 'Getting worse',
  'no-significant-change': 'No significant trend',
  increased: 'Rising',
  decreased: 'Falling',
  'not-comparable': 'Too few figures for a trend',
};

/** A measure's row with its sparkline, drawn with an id no other section of the page uses. */
function presentRow(row: MeasureRow, id: string, areaName: string) {
  const format = { decimalPlaces: row.decimalPlaces, unit: row.unit };
  const spark =
    row.recent.length > 1
      ? renderSparkline({
          id,
          caption: `${row.title}, ${areaName}`,
          format,
          periods: row.recent.map((r) => ({ label: r.label })),
          values: row.recent,
        }).svg
      : null;
  return {
    ...row,
    sparkline: spark,
    trend: row.recentTrend ? trendWords[row.recentTrend.direction] : null,
    trendDescription:
      row.recent.length > 1
        ? describeTrend(
            row.recent.map((r) => r.label),
            row.recent,
            format,
          )
        : null,
  };
}

function drawn(chart: Chart) {
  return { svg: chart.svg, table: renderDataTable(chart.table) };
}

/** The chart a section draws, with its data table: the page and the exports draw the same. */
export function reportChart(
  kind: 'ranked' | 'series' | 'map',
  page: MetricPage,
  id: string,
): Chart {
  const draw = { ranked: rankedChart, series: trendChart, map: mapChart }[kind];
  return draw(page, id);
}

/** A quadrant's chart, or why it has none: an axis whose measure the area has no figure of. */
export function quadrantChart(
  section: Extract<SectionModel, { kind: 'quadrant' }>,
  model: ReportModel,
  id: string,
): { chart: Chart } | { missing: string } {
  const { cost, outcome } = section;
  if (!('figures' in cost) || !('figures' in outcome)) {
    const why = [cost, outcome].flatMap((a) =>
      'missing' in a ? [`${a.title}: ${a.missing}`] : [],
    );
    return { missing: `No quadrant: ${why.join(' ')}` };
  }
  const [c, o] = [cost.figures, outcome.figures];
  const names = new Map(
    [...c.members, ...o.members, ...c.leftOut, ...o.leftOut].map((m) => [m.code, m.name]),
  );
  const figure = (axis: typeof c, code: string): AxisFigure => {
    const member = axis.members.find((m) => m.code === code);
    return member ? shown(member) : 'not-compared';
  };
  const format = (axis: typeof c) => ({ decimalPlaces: axis.decimalPlaces, unit: axis.unit });
  return {
    chart: renderQuadrant({
      id,
      title: `${c.title} against ${o.title}: ${model.area.name} among ${model.group.label}`,
      cost: { title: c.title, period: c.period.label, format: format(c) },
      outcome: { title: o.title, period: o.period.label, format: format(o), polarity: o.polarity },
      points: [...names].map(([code, name]) => ({
        code,
        name,
        cost: figure(c, code),
        outcome: figure(o, code),
      })),
      highlight: model.area.code,
      england: { cost: shown(c.england), outcome: shown(o.england) },
    }),
  };
}

const chartNames = { ranked: 'ranked', series: 'over-time', map: 'map' } as const;

/** The chart as SVG and PNG files: the measure's own chart addresses draw the same chart. */
function chartFiles(kind: 'ranked' | 'series' | 'map', page: MetricPage) {
  const query = new URLSearchParams({
    area: page.area.code,
    group: page.group.id,
    period: page.period.code,
  }).toString();
  return (['svg', 'png'] as const).map((format) => ({
    format: format.toUpperCase(),
    href: `/metrics/${encodeURIComponent(page.metric.slug)}/charts/${chartNames[kind]}.${format}?${query}`,
  }));
}

/**
 * The grid as a GOV.UK table: a row a council, the subject first and marked, England last (the
 * service reads it last), a column a measure.
 */
function gridTable(section: Extract<SectionModel, { kind: 'grid' }>, caption: string): string {
  const grid = section.grid;
  if (!grid || grid.metrics.length === 0) return '';
  const head = grid.metrics
    .map(
      (m) =>
        `<th scope="col" class="govuk-table__header govuk-table__header--numeric">` +
        `<a class="govuk-link" href="/metrics/${escapeXml(m.slug)}">${escapeXml(m.title)}</a>` +
        ` <span class="govuk-body-s">${escapeXml(m.period?.label ?? 'no period')}</span></th>`,
    )
    .join('');
  const rows = grid.areas.map((area, i) => {
    const subject = area.code === section.subject;
    const cells = grid.metrics
      .map((m) => {
        const figure = m.values[i];
        const text = figure ? gridCell(figure, m) : 'not available';
        return `<td class="govuk-table__cell govuk-table__cell--numeric">${escapeXml(text)}</td>`;
      })
      .join('');
    const name = escapeXml(area.name);
    const label = subject
      ? `<strong>◆ ${name}</strong><span class="govuk-visually-hidden"> (selected)</span>`
      : name;
    return `<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">${label}</th>${cells}</tr>`;
  });
  // The subject's row first: the reader looks for their own council before the others.
  const ordered = [
    ...rows.filter((_r, i) => grid.areas[i]?.code === section.subject),
    ...rows.filter((_r, i) => grid.areas[i]?.code !== section.subject),
  ];
  return (
    `<table class="govuk-table"><caption class="govuk-table__caption govuk-table__caption--s">${escapeXml(caption)}</caption>` +
    `<thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Council</th>${head}</tr></thead>` +
    `<tbody class="govuk-table__body">${ordered.join('')}</tbody></table>`
  );
}

function presentSection(section: SectionModel, index: number, model: ReportModel) {
  const id = `section-${index + 1}`;
  const base = {
    id,
    kind: section.kind,
    heading: section.heading,
    intro: section.intro,
    unsaid: section.unsaid,
  };
  switch (section.kind) {
    case 'text':
      return base;
    case 'tiles':
    case 'table':
      return {
        ...base,
        rows: section.rows.map((r) => presentRow(r, `${id}-spark-${r.slug}`, model.area.name)),
        absent: section.absent,
      };
    case 'ranked':
    case 'series':
    case 'map':
      return 'page' in section.chart
        ? {
            ...base,
            chart: drawn(reportChart(section.kind, section.chart.page, `${id}-chart`)),
            chartFiles: chartFiles(section.kind, section.chart.page),
            slug: section.slug,
          }
        : { ...base, missing: section.chart.missing, slug: section.slug };
    case 'grid':
      return {
        ...base,
        grid: gridTable(section, `${section.heading}: ${model.area.name} and ${model.group.label}`),
        absent: section.absent,
      };
    case 'quadrant': {
      const drawnQuadrant = quadrantChart(section, model, `${id}-quadrant`);
      return 'chart' in drawnQuadrant
        ? { ...base, quadrant: drawn(drawnQuadrant.chart) }
        : { ...base, missing: drawnQuadrant.missing };
    }
  }
}

export type PresentedSection = ReturnType<typeof presentSection>;

export function presentReport(model: ReportModel) {
  return {
    ...model,
    sections: model.sections.map((s, i) => presentSection(s, i, model)),
  };
}
