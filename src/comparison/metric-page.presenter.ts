import { renderChoropleth } from '../charts/choropleth.ts';
import { formatValue, shown } from '../charts/format.ts';
import { renderRankedBars } from '../charts/ranked-bars.ts';
import { renderDataTable } from '../charts/table.ts';
import { renderTimeSeries } from '../charts/time-series.ts';
import type { Polarity } from '../db/vocabulary.ts';
import type { ComparisonService } from './comparison.service.ts';

type MetricPage = Awaited<ReturnType<ComparisonService['metricPage']>>;

export const polarityWords: Record<Polarity, string> = {
  'higher-is-better': 'Higher is better',
  'lower-is-better': 'Lower is better',
  'no-judgement': 'Neither higher nor lower is better: openlg ranks it highest first',
};

/** The ranked bars of a metric page: the group's figures, the area marked, England beside. */
export function rankedChart(page: MetricPage, id: string) {
  const format = { decimalPlaces: page.metric.decimal_places, unit: page.metric.unit };
  const englandNow = page.overTime.england.at(-1);
  const englandValue = englandNow ? shown(englandNow) : null;
  return renderRankedBars({
    id,
    title: `${page.metric.title}, ${page.period.label}: ${page.area.shortName} among ${page.group.label}`,
    format,
    polarity: page.metric.polarity,
    areas: page.members,
    highlight: page.subjectLeftOut ? null : page.area.code,
    england: typeof englandValue === 'number' ? englandValue : null,
  });
}

/** The area, the group's median and England over the metric page's periods. */
export function trendChart(page: MetricPage, id: string) {
  const format = { decimalPlaces: page.metric.decimal_places, unit: page.metric.unit };
  const first = page.overTime.periods[0]?.label ?? page.period.label;
  const span = first === page.period.label ? first : `${first} to ${page.period.label}`;
  return renderTimeSeries({
    id,
    title: `${page.metric.title}, ${span}: ${page.area.shortName}, the median of ${page.group.label} and England`,
    format,
    periods: page.overTime.periods,
    area: { name: page.area.shortName, values: page.overTime.area },
    groupMedian: { name: 'Group median', values: page.overTime.groupMedian },
    england: { name: 'England', values: page.overTime.england },
  });
}

/** Every council of the area's tier on England's map, the area marked. */
export function mapChart(page: MetricPage, id: string) {
  const format = { decimalPlaces: page.metric.decimal_places, unit: page.metric.unit };
  // A council outside England is not on England's map: the map then highlights none.
  const onMap = page.map.shapes.some((s) => s.code === page.area.code);
  return renderChoropleth({
    id,
    title: `${page.metric.title}, ${page.period.label}: every ${page.map.tier === 'upper' ? 'county-level' : 'district-level'} council in England`,
    format,
    polarity: page.metric.polarity,
    shapes: page.map.shapes,
    areas: page.map.areas,
    highlight: onMap ? page.area.code : null,
  });
}

/** The charts of a metric page, each with the data table that follows it. */
export function presentMetricPage(page: MetricPage) {
  const format = { decimalPlaces: page.metric.decimal_places, unit: page.metric.unit };
  const bars = rankedChart(page, 'ranked');
  const trend = trendChart(page, 'over-time');
  const map = mapChart(page, 'map');
  const own = page.leftOut.find((l) => l.code === page.area.code);
  // Each chart as a file with its title, source and licence: the same query draws the same chart.
  const query = new URLSearchParams({
    area: page.area.code,
    group: page.group.id,
    period: page.period.code,
  }).toString();
  const file = (chart: string, format: string) =>
    `/metrics/${encodeURIComponent(page.metric.slug)}/charts/${chart}.${format}?${query}`;
  const downloads = (chart: string) =>
    (['svg', 'png'] as const).map((format) => ({
      format: format.toUpperCase(),
      href: file(chart, format),
    }));
  // Each chart's table as shown, with the unrounded figures, from the same address.
  const tableDownloads = (chart: string) => [
    { format: 'CSV', href: file(chart, 'csv') },
    { format: 'Excel (XLSX)', href: file(chart, 'xlsx') },
  ];
  return {
    subjectNote:
      page.subjectLeftOut && own
        ? `${page.area.shortName}, ${page.period.label}: ${formatValue(shown(page.subjectLeftOut), format)}, not ranked. ${own.explanation}.`
        : null,
    bars: {
      svg: bars.svg,
      data: bars.table,
      table: renderDataTable(bars.table),
      downloads: downloads('ranked'),
      tableDownloads: tableDownloads('ranked'),
    },
    trend: {
      svg: trend.svg,
      data: trend.table,
      table: renderDataTable(trend.table),
      downloads: downloads('over-time'),
      tableDownloads: tableDownloads('over-time'),
    },
    map: {
      svg: map.svg,
      data: map.table,
      table: renderDataTable(map.table),
      downloads: downloads('map'),
      tableDownloads: tableDownloads('map'),
    },
  };
}
