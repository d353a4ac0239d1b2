/**
 * The league table as a file: each set's table as the page shows it (England and the regions
 * first, marked as reference rows, then the councils in the page's order, ranks and rounding as
 * shown), with the unrounded figure, the measure's title, unit, period, source and licence.
 */
import type { TableDownload } from '../data/formats/table-download.ts';
import type { presentLeagueTable } from './league-table.presenter.ts';

type League = ReturnType<typeof presentLeagueTable>;

export interface LeagueMetric {
  slug: string;
  title: string;
  unit: string | null;
  decimalPlaces: number;
  source: { organisation: string | null; url: string | null; licence: string | null };
}

export const leagueColumns = [
  'measure',
  'measure_id',
  'unit',
  'period',
  'ranked_among',
  'row',
  'rank_shown',
  'rank',
  'area_code',
  'area_name',
  'area_type',
  'value_shown',
  'value',
  'status',
  'source',
  'licence',
] as const;

interface ShownRow {
  code: string;
  name: string;
  type: string;
  value: string;
  /** How the figure is held back from the public, when the reader sees one that is. */
  withheld: string | null;
  unrounded: number | null;
  status: string;
}

/** One row per row of the page's tables, in the page's order. */
export function leagueRows(metric: LeagueMetric, league: League) {
  const line = (among: string, row: ShownRow, kind: string, shown: string, rank: number | null) => [
    metric.title,
    metric.slug,
    metric.unit,
    league.periodLabel,
    among,
    kind,
    shown,
    rank,
    row.code,
    row.name,
    row.type,
    row.withheld ? `${row.value} (${row.withheld})` : row.value,
    row.unrounded,
    row.status,
    metric.source.organisation,
    metric.source.licence,
  ];
  return league.sets.flatMap((set) => {
    const among = set.label ?? 'every council';
    return [
      ...league.reference.map((r) => line(among, r, 'reference', 'Reference', null)),
      ...set.rows.map((r) => line(among, r, 'council', r.rank || r.notRanked, r.rankNumber)),
    ];
  });
}

export function leagueDownload(metric: LeagueMetric, league: League, url: string): TableDownload {
  return {
    sheet: 'League table',
    columns: leagueColumns,
    rows: leagueRows(metric, league),
    figures: { columns: ['value'], decimalPlaces: () => metric.decimalPlaces },
    widths: { measure: 40, ranked_among: 28, rank_shown: 28, area_name: 32, area_type: 22 },
    about: {
      title: league.title,
      facts: [
        ['Measure', metric.title],
        ['Unit', metric.unit ?? 'None'],
        ['Period', league.periodLabel],
        ['Source', [metric.source.organisation, metric.source.url].filter(Boolean).join(', ')],
        ['Licence', metric.source.licence ?? 'Not stated'],
        ['Page', url],
        ['Downloaded', new Date().toISOString()],
        [
          'Reading it',
          'Rows marked "reference" (England and the regions) head each table as on the page and are not ranked. value_shown is the figure as the page shows it; value is unrounded.',
        ],
      ],
    },
  };
}
