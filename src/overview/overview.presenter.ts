import { renderStackedBars, type StackedSeries } from '../charts/stacked-bars.ts';
import { renderDataTable } from '../charts/table.ts';
import { themeLabels } from '../metrics/metrics.schema.ts';
import { themes, type Theme } from '../db/vocabulary.ts';
import { parsePeriod } from '../periods/period.ts';
import type { Direction, Tally } from './direction.ts';
import type { MeasureDirection } from './overview.service.ts';

/** The four directions as the charts draw them: GOV.UK green, grey, red, and a pale grey. */
const series: readonly StackedSeries[] = [
  { name: 'Improved', fill: '#00703c', lightText: true },
  { name: 'No change', fill: '#b1b4b6', lightText: false },
  { name: 'Worsened', fill: '#d4351c', lightText: true },
  { name: 'Not comparable', fill: '#f3f2f1', lightText: false, outline: '#505a5f' },
];

export const directionWords: Readonly<Record<Direction, string>> = {
  improved: 'Improved',
  'no-change': 'No change',
  worsened: 'Worsened',
  'not-comparable': 'Not comparable',
};

const reasonWords: Readonly<Record<string, string>> = {
  'not-held': 'not held on this copy',
  'no-baseline': 'no figure in the baseline year',
  'no-latest': 'no figure in the latest period',
  'no-later-period': 'no period after the baseline',
  'method-change': 'the method changed since the baseline',
  'no-judgement': 'neither higher nor lower is better',
};

const counts = (t: Tally) => [t.improved, t.noChange, t.worsened, t.notComparable];

export const themeLabel = (theme: string) =>
  (themes as readonly string[]).includes(theme) ? themeLabels[theme as Theme] : theme;

function periodLabel(code: string | null): string {
  if (code === null) return '–';
  const parsed = parsePeriod(code);
  return parsed.ok ? parsed.period.label : code;
}

function figure(value: number | null): string {
  return value === null ? '–' : String(Math.round(value * 100) / 100);
}

/** A chart and its table, as the template places them. */
function chartView(input: Parameters<typeof renderStackedBars>[0]) {
  const chart = renderStackedBars(input);
  return { svg: chart.svg, table: renderDataTable(chart.table), title: input.title };
}

export interface BaselineOverview {
  baseline: { id: string; label: string };
  totals: Tally;
  byTheme: ({ theme: string } & Tally)[];
}

/** The sector's two charts: all measures against each baseline, then by theme and baseline. */
export function sectorCharts(basketTitle: string, overviews: readonly BaselineOverview[]) {
  const labels = overviews.map((o) => o.baseline.label);
  const all = chartView({
    id: 'overview-all',
    title: `Direction of travel of the measures of the ${basketTitle} basket, most recent compared with ${labels.join(' and with ')}`,
    description: overviews
      .map(
        (o) =>
          `Since ${o.baseline.label}: ${o.totals.improved} improved, ${o.totals.noChange} did not change, ${o.totals.worsened} worsened, ${o.totals.notComparable} cannot be compared.`,
      )
      .join(' '),
    series,
    unit: 'measures',
    rowHeading: 'Compared with',
    bars: overviews.map((o) => ({ label: `Since ${o.baseline.label}`, counts: counts(o.totals) })),
  });
  const themesSeen = [...new Set(overviews.flatMap((o) => o.byTheme.map((t) => t.theme)))];
  const byTheme = chartView({
    id: 'overview-themes',
    title: `By theme, compared with ${labels.join(' and with ')}`,
    description: `For each theme, the measures that improved, did not change, worsened or cannot be compared since each baseline. The table below gives every count.`,
    series,
    unit: 'measures',
    rowHeading: 'Theme and baseline',
    bars: themesSeen.flatMap((theme) =>
      overviews.map((o) => {
        const t = o.byTheme.find((b) => b.theme === theme);
        return {
          label: `${themeLabel(theme)}, since ${o.baseline.id}`,
          counts: t ? counts(t) : [0, 0, 0, 0],
        };
      }),
    ),
  });
  return [all, byTheme];
}

/** A council's chart: its counts beside England's. */
export function councilChart(name: string, baseline: string, own: Tally, sector: Tally) {
  return chartView({
    id: 'overview-council',
    title: `Direction of travel of ${name} and England since ${baseline}`,
    description: `${name}: ${own.improved} improved, ${own.noChange} did not change, ${own.worsened} worsened, ${own.notComparable} cannot be compared. England: ${sector.improved} improved, ${sector.noChange} did not change, ${sector.worsened} worsened, ${sector.notComparable} cannot be compared.`,
    series,
    unit: 'measures',
    rowHeading: 'Area',
    bars: [
      { label: name, counts: counts(own) },
      { label: 'England', counts: counts(sector) },
    ],
  });
}

/** The rows of a measures table: each measure's two figures and its direction in words. */
export function measureRows(measures: readonly MeasureDirection[]) {
  return measures.map((m) => ({
    metric: m.metric,
    title: m.title,
    theme: themeLabel(m.theme),
    baseline: `${figure(m.baseline.value)} (${periodLabel(m.baseline.period)})`,
    latest: `${figure(m.latest.value)} (${periodLabel(m.latest.period)})`,
    direction: directionWords[m.direction],
    reason: m.reason === null ? null : (reasonWords[m.reason] ?? m.reason),
    byIntervals: m.decidedBy === 'intervals',
  }));
}
