/*
 * The results page's figures as tables and charts (page-only presenter): every figure the page
 * shows is a cell of one of these tables, so that the downloads hold exactly what it shows.
 */
import { formatNumber } from '../charts/format.ts';
import { renderStackedBars, type StackedSeries } from '../charts/stacked-bars.ts';
import { renderDataTable, type DataTable } from '../charts/table.ts';
import type { TableDownload } from '../data/formats/table-download.ts';
import { formatDate } from '../shared/format.ts';
import { councilTaxLevels } from './balance.ts';
import { meanOf, medianOf, shareOf, type Figure } from './results-maths.ts';
import type { Count, VersionResult } from './results.ts';
import type { Breakdown, ResultsView, VersionResults } from './results.service.ts';
import { rulesOf } from './simulation.schema.ts';

/** Counted (kept by moderation) and excluded: GOV.UK blue, and a pale grey outlined. */
const counted: StackedSeries = { name: 'Counted', fill: '#1d70b8', lightText: true };
const excluded: StackedSeries = {
  name: 'Excluded',
  fill: '#f3f2f1',
  lightText: false,
  outline: '#505a5f',
};
const editorSeries: readonly StackedSeries[] = [counted, excluded];
const publicSeries: readonly StackedSeries[] = [counted];

const percent = (f: Figure, places = 1) =>
  f.kind === 'value' ? `${formatNumber(f.value, places)}%` : 'No responses';
const share = (f: Figure) =>
  f.kind === 'value' ? `${formatNumber(f.value * 100, 1)}%` : 'No responses';
export const level = (basisPoints: number) => `${formatNumber(basisPoints / 100, 2)}%`;
const signed = (p: number) => (p > 0 ? `+${p}%` : `${p}%`);

/** A time taken, from a band's start in seconds: "2 min 35 s", "an hour or more". */
export function durationText(f: Figure): string {
  if (f.kind !== 'value') return 'No responses';
  const s = Math.round(f.value);
  if (s >= 3600) return 'an hour or more';
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

export interface ShownChart {
  title: string;
  svg: string;
  /** The table that follows the chart, as HTML, and as data for the downloads. */
  table: string;
  data: DataTable;
}

export interface ResultsPage {
  editors: boolean;
  summary: DataTable;
  days: ShownChart | null;
  versions: VersionSection[];
  breakdown: DataTable | null;
  summaryHtml: string;
  breakdownHtml: string | null;
  /** Too few responses kept for the public to see any figure of them. */
  tooFew: boolean;
}

interface VersionSection {
  version: number;
  responses: Count;
  lines: DataTable;
  linesHtml: string;
  distributions: ShownChart[];
  councilTax: ShownChart | null;
}

function chartOf(
  editors: boolean,
  id: string,
  title: string,
  unit: string,
  rowHeading: string,
  bars: { label: string; responses: Count }[],
): ShownChart {
  const chart = renderStackedBars({
    id,
    title,
    description: bars
      .map(
        (b) =>
          `${b.label}: ${b.responses.included}${editors ? ` counted, ${b.responses.all - b.responses.included} excluded` : ''}.`,
      )
      .join(' '),
    series: editors ? editorSeries : publicSeries,
    unit,
    rowHeading,
    bars: bars.map((b) => ({
      label: b.label,
      counts: editors
        ? [b.responses.included, b.responses.all - b.responses.included]
        : [b.responses.included],
    })),
  });
  return { title, svg: chart.svg, table: renderDataTable(chart.table), data: chart.table };
}

const total = (result: VersionResult): Count =>
  result.councilTax.reduce(
    (sum, c) => ({ all: sum.all + c.responses.all, included: sum.included + c.responses.included }),
    { all: 0, included: 0 },
  );

function lineTable(view: ResultsView, section: VersionResults): DataTable {
  const editors = view.audience === 'editors';
  const rules = rulesOf(section.definition);
  const adopted = view.adopted?.version === section.version ? view.adopted : null;
  const names = new Map(
    [...section.definition.services, ...section.definition.income].map((l) => [l.id, l.name.en]),
  );
  const columns = [
    { heading: 'Line', numeric: false },
    { heading: 'Kind', numeric: false },
    { heading: 'Mean change', numeric: true },
    { heading: 'Median change', numeric: true },
    ...(editors
      ? [
          { heading: 'Mean with excluded', numeric: true },
          { heading: 'Median with excluded', numeric: true },
        ]
      : []),
    ...(view.adopted ? [{ heading: 'Adopted by the council', numeric: true }] : []),
  ];
  const rows = rules.lines.map((rule) => {
    const line = section.result.lines.find((l) => l.id === rule.id);
    const steps = (pick: keyof Count) =>
      (line?.steps ?? []).map((s) => ({ value: s.percent, responses: s.responses[pick] }));
    const mean = (pick: keyof Count) =>
      percent(meanOf(line?.percentSum[pick] ?? 0, line?.responses[pick] ?? 0));
    const adoptedCell = adopted?.choices[rule.id];
    return {
      highlighted: false,
      cells: [
        names.get(rule.id) ?? rule.id,
        rule.kind === 'service' ? 'Service' : 'Income',
        mean('included'),
        percent(medianOf(steps('included')), 0),
        ...(editors ? [mean('all'), percent(medianOf(steps('all')), 0)] : []),
        ...(view.adopted ? [adoptedCell === undefined ? 'Not entered' : signed(adoptedCell)] : []),
      ],
    };
  });
  return { caption: `Each line’s chosen change, version ${section.version}`, columns, rows };
}

function councilTaxChart(view: ResultsView, section: VersionResults): ShownChart | null {
  const rule = section.definition.councilTax;
  if (!rule) return null;
  const editors = view.audience === 'editors';
  const whole = total(section.result);
  const adopted = view.adopted?.version === section.version ? view.adopted : null;
  const bars = councilTaxLevels(rule).map((bp) => {
    const found = section.result.councilTax.find((c) => c.basisPoints === bp);
    const responses = found?.responses ?? { all: 0, included: 0 };
    const mark = adopted?.councilTaxBasisPoints === bp ? ' (adopted)' : '';
    return {
      label: `${level(bp)}${mark}`,
      responses,
      share: shareOf(responses.included, whole.included),
      shareWithExcluded: shareOf(responses.all, whole.all),
    };
  });
  const title = `Council tax rise chosen for ${rule.year}, version ${section.version}`;
  const chart = chartOf(
    editors,
    `council-tax-v${section.version}`,
    title,
    'responses',
    'Rise',
    bars,
  );
  const table: DataTable = {
    caption: `${title}: shares`,
    columns: [
      { heading: 'Rise', numeric: false },
      { heading: 'Responses', numeric: true },
      { heading: 'Share', numeric: true },
      ...(editors
        ? [
            { heading: 'With excluded', numeric: true },
            { heading: 'Share with excluded', numeric: true },
          ]
        : []),
    ],
    rows: bars.map((b) => ({
      highlighted: false,
      cells: [
        b.label,
        String(b.responses.included),
        share(b.share),
        ...(editors ? [String(b.responses.all), share(b.shareWithExcluded)] : []),
      ],
    })),
  };
  return { title, svg: chart.svg, table: renderDataTable(table), data: table };
}

function versionSection(view: ResultsView, section: VersionResults): VersionSection {
  const editors = view.audience === 'editors';
  const lines = lineTable(view, section);
  const distributions = rulesOf(section.definition).lines.map((rule) => {
    const line = section.result.lines.find((l) => l.id === rule.id);
    const name = [...section.definition.services, ...section.definition.income].find(
      (l) => l.id === rule.id,
    );
    const title = `${name?.name.en ?? rule.id}: responses by change chosen, version ${section.version}`;
    const bars = (line?.steps ?? []).map((s) => ({
      label: signed(s.percent),
      responses: s.responses,
    }));
    return chartOf(
      editors,
      `line-${rule.id}-v${section.version}`,
      title,
      'responses',
      'Change',
      bars,
    );
  });
  return {
    version: section.version,
    responses: total(section.result),
    lines,
    linesHtml: renderDataTable(lines),
    distributions,
    councilTax: councilTaxChart(view, section),
  };
}

const sumCounts = (counts: readonly Count[]): Count =>
  counts.reduce((a, c) => ({ all: a.all + c.all, included: a.included + c.included }), {
    all: 0,
    included: 0,
  });

function byDay(view: ResultsView): { label: string; day: string; responses: Count }[] {
  const days = new Map<string, Count[]>();
  for (const v of view.versions)
    for (const d of v.result.days) days.set(d.day, [...(days.get(d.day) ?? []), d.responses]);
  return [...days.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, counts]) => ({ day, label: formatDate(day), responses: sumCounts(counts) }));
}

function summaryTable(view: ResultsView, days: { responses: Count }[], tooFew: boolean): DataTable {
  const editors = view.audience === 'editors';
  const responses = sumCounts(days.map((d) => d.responses));
  const durations = view.versions.flatMap((v) => v.result.durations);
  const median = (pick: keyof Count) =>
    durationText(
      medianOf(durations.map((d) => ({ value: d.seconds, responses: d.responses[pick] }))),
    );
  const shown = view.formViews.reduce((sum, d) => sum + d.shown, 0);
  const row = (name: string, counted: string, all?: string) => ({
    highlighted: false,
    cells: editors ? [name, counted, all ?? counted] : [name, counted],
  });
  const rows = [row('Responses', String(responses.included), String(responses.all))];
  if (!tooFew) rows.push(row('Median time taken', median('included'), median('all')));
  if (editors) {
    rows.push(row('Excluded by moderation', '', String(responses.all - responses.included)));
    rows.push(row('Times the form was first shown', String(shown)));
    rows.push(
      row(
        'Completion rate (responses ÷ times the form was first shown)',
        share(shareOf(responses.included, shown)),
        share(shareOf(responses.all, shown)),
      ),
    );
  }
  return {
    caption: 'Responses',
    columns: [
      { heading: 'Figure', numeric: false },
      { heading: editors ? 'Without excluded' : 'Responses counted', numeric: true },
      ...(editors ? [{ heading: 'With excluded', numeric: true }] : []),
    ],
    rows,
  };
}

function breakdownTable(section: VersionResults, breakdown: Breakdown): DataTable {
  const lines = [...section.definition.services, ...section.definition.income];
  const tax = section.definition.councilTax !== null;
  return {
    caption: `By ${breakdown.question.label.toLowerCase()}, version ${breakdown.version} (responses counted; groups of fewer than 10 suppressed)`,
    columns: [
      { heading: breakdown.question.label, numeric: false },
      { heading: 'Responses', numeric: true },
      ...lines.map((l) => ({ heading: `${l.name.en}: mean change`, numeric: true })),
      ...(tax ? [{ heading: 'Mean council tax rise', numeric: true }] : []),
    ],
    rows: breakdown.groups.map((g) => {
      const hidden = (why: string) => [why, ...lines.map(() => why), ...(tax ? [why] : [])];
      const cells =
        g.suppressed === false
          ? [
              String(g.responses),
              ...lines.map((l) => percent(g.figures.means[l.id] ?? { kind: 'no-responses' })),
              ...(tax
                ? [
                    g.figures.meanBasisPoints.kind === 'value'
                      ? level(g.figures.meanBasisPoints.value)
                      : 'No responses',
                  ]
                : []),
            ]
          : hidden(g.suppressed === 'small' ? 'Suppressed (fewer than 10)' : 'Suppressed');
      return { highlighted: false, cells: [g.label, ...cells] };
    }),
  };
}

/**
 * The page: for the public, nothing at all while fewer than 10 responses are counted (each
 * figure would be a small group's), and never the excluded responses' part.
 */
export function resultsPage(view: ResultsView, breakdown: Breakdown | null): ResultsPage {
  const editors = view.audience === 'editors';
  const days = byDay(view);
  const counted = sumCounts(days.map((d) => d.responses)).included;
  const tooFew = !editors && counted < 10;
  const breakdownVersion = view.versions.find((v) => v.version === breakdown?.version);
  const summary = summaryTable(view, days, tooFew);
  const shownBreakdown =
    breakdown && breakdownVersion && !tooFew ? breakdownTable(breakdownVersion, breakdown) : null;
  return {
    editors,
    tooFew,
    summary,
    summaryHtml: renderDataTable(summary),
    breakdownHtml: shownBreakdown ? renderDataTable(shownBreakdown) : null,
    days:
      days.length === 0 || tooFew
        ? null
        : chartOf(editors, 'responses-per-day', 'Responses per day', 'responses', 'Day', days),
    versions: tooFew ? [] : view.versions.map((v) => versionSection(view, v)),
    breakdown: shownBreakdown,
  };
}

/** Every table the page shows, in its order: what the downloads hold. */
export function pageTables(page: ResultsPage): DataTable[] {
  return [
    page.summary,
    ...(page.days ? [page.days.data] : []),
    ...page.versions.flatMap((v) => [
      v.lines,
      ...v.distributions.map((d) => d.data),
      ...(v.councilTax ? [v.councilTax.data] : []),
    ]),
    ...(page.breakdown ? [page.breakdown] : []),
  ];
}

/** The tables as one download: a row per cell, named by its table, row and column. */
export function resultsDownload(page: ResultsPage, pageUrl: string): TableDownload {
  return {
    sheet: 'Results',
    columns: ['table', 'row', 'column', 'value'],
    rows: pageTables(page).flatMap((table) =>
      table.rows.flatMap((row) =>
        row.cells
          .slice(1)
          .map((cell, i) => [
            table.caption,
            row.cells[0] ?? '',
            table.columns[i + 1]?.heading ?? '',
            cell,
          ]),
      ),
    ),
    widths: { table: 50, row: 30, column: 30, value: 20 },
    about: {
      title: 'Budget simulation results',
      facts: [
        ['Page', pageUrl],
        ['Downloaded', new Date().toISOString()],
        [
          'Reading it',
          'Each row is one cell of a table on the results page, as the page shows it.',
        ],
      ],
    },
  };
}
