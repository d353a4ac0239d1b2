/**
 * What the compare page shows and its downloads hold, from the service's figures: one table per
 * measure, ranked within each set of councils the measure compares, with England below them for
 * reference, and each council's trend over time. The page and the CSV/XLSX read the same rows,
 * so a download holds exactly what is on the screen.
 */
import { formatValue, shown, type MetricFormat } from '../charts/format.ts';
import { renderMultiLine } from '../charts/multi-line.ts';
import { ordinal } from '../charts/svg.ts';
import { renderDataTable } from '../charts/table.ts';
import type { ComparisonService } from './comparison.service.ts';
import { compareGroup } from './statistics.ts';

export type CompareResult = Awaited<ReturnType<ComparisonService['compareOverTime']>>;
type MetricResult = CompareResult['metrics'][number];

/** One row of a measure's table: a council, or England for reference. */
export interface CompareRow {
  name: string;
  code: string;
  /** As shown: "67.9%", or the words for why there is no figure. */
  shown: string;
  /** Unrounded, for the downloads; null when there is no figure. */
  value: number | null;
  /** "2nd of 5", "not ranked", or "reference" for England. */
  rank: string;
  /** Which councils the rank is among, when the measure ranks some apart from others. */
  rankedAmong: string;
  england: boolean;
  /** Seen through the reader's sight before the public may (embargoed or restricted). */
  notYetPublic: boolean;
}

export interface CompareMeasure {
  slug: string;
  title: string;
  unit: string | null;
  period: string;
  rows: CompareRow[];
  /** Why councils are ranked in separate sets or not at all. */
  notes: string[];
  trend: { svg: string; table: string } | null;
}

function rankedRows(metric: MetricResult, format: MetricFormat): CompareRow[] {
  const byCode = new Map(metric.values.map((v) => [v.code, v]));
  const several = metric.sets.length > 1;
  return metric.sets.flatMap((set) => {
    const values = set.codes.flatMap((code) => {
      const v = byCode.get(code);
      return v ? [{ area: code, ...v }] : [];
    });
    const among = several && set.label ? set.label : '';
    const ranked = compareGroup(values, metric.polarity).standings.map((s) => {
      const v = byCode.get(s.area);
      return {
        name: v?.name ?? s.area,
        code: s.area,
        shown: v ? formatValue(shown(v), format) : '',
        value: v?.value ?? null,
        rank: s.comparable ? `${ordinal(s.rank)} of ${s.outOf}` : 'not ranked',
        rankedAmong: among,
        england: false,
        notYetPublic: v?.unpublished ?? false,
      };
    });
    const left = set.leftOut.map((l) => {
      const v = byCode.get(l.code);
      return {
        name: l.name,
        code: l.code,
        shown: v ? formatValue(shown(v), format) : '',
        value: v?.value ?? null,
        rank: 'not ranked',
        rankedAmong: among,
        england: false,
        notYetPublic: v?.unpublished ?? false,
      };
    });
    return [...ranked, ...left];
  });
}

function trendChart(metric: MetricResult, names: string[], format: MetricFormat) {
  const { periods, areas, england } = metric.overTime;
  if (periods.length < 2) return null;
  const chart = renderMultiLine({
    id: `trend-${metric.slug}`,
    title: `${metric.title}, ${periods[0]?.label} to ${periods.at(-1)?.label}`,
    format,
    periods,
    lines: [
      ...areas.map((values, i) => ({ name: names[i] ?? '', values })),
      { name: 'England', values: england, reference: true },
    ],
  });
  return { svg: chart.svg, table: renderDataTable(chart.table) };
}

/** The page's and the downloads' view of a comparison, measure by measure. */
export function presentComparison(result: CompareResult): CompareMeasure[] {
  const names = result.areas.map((a) => a.name);
  return result.metrics.map((metric) => {
    const format = { decimalPlaces: metric.decimalPlaces, unit: metric.unit };
    const england: CompareRow = {
      name: 'England',
      code: 'E92000001',
      shown: formatValue(shown(metric.england), format),
      value: metric.england.value,
      rank: 'reference',
      rankedAmong: '',
      england: true,
      notYetPublic: false,
    };
    return {
      slug: metric.slug,
      title: metric.title,
      unit: metric.unit,
      period: metric.period?.label ?? 'no figures published',
      rows: metric.period ? [...rankedRows(metric, format), england] : [],
      notes: [
        ...(metric.sets.length > 1
          ? ['This measure is not comparable across types of council: each type is ranked apart.']
          : []),
        ...metric.sets.flatMap((set) => set.leftOut.map((l) => `${l.explanation}.`)),
      ],
      trend: trendChart(metric, names, format),
    };
  });
}

/**
 * The download's rows: every measure's table as shown, in the order shown. A reader shown
 * figures not yet public gets a column saying which (the public's download is unchanged).
 */
export function downloadRows(measures: readonly CompareMeasure[]) {
  const marked = measures.some((m) => m.rows.some((r) => r.notYetPublic));
  const header = [
    'measure',
    'unit',
    'period',
    'area_code',
    'area_name',
    'value_shown',
    'value',
    'rank',
    'ranked_among',
    ...(marked ? ['not_yet_public'] : []),
  ];
  const rows = measures.flatMap((m) =>
    m.rows.map((r) => [
      m.title,
      m.unit ?? '',
      m.period,
      r.code,
      r.name,
      r.shown,
      r.value,
      r.rank,
      r.rankedAmong,
      ...(marked ? [r.notYetPublic ? 'yes' : 'no'] : []),
    ]),
  );
  return { header, rows };
}
