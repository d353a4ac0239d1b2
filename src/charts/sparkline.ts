/** A word-sized trend line for a table cell, as in the area profile's headline metrics. */
import { formatValue, shown, type Figure, type MetricFormat } from './format.ts';
import type { Chart } from './table.ts';
import type { PeriodLabel } from './time-series.ts';
import { chartId, colours, coordinate, linePath, listInProse, svgDocument } from './svg.ts';

export interface SparklineInput {
  /** Required: a page shows many sparklines, often with the same description. */
  id: string;
  /** What the figures are, for the data table's caption: "Claimant count, Hartlepool". */
  caption: string;
  format: MetricFormat;
  /** Oldest first; only the latest MAX_PERIODS are drawn. */
  periods: readonly PeriodLabel[];
  values: readonly Figure[];
}

/** A sparkline shows recent change; longer histories belong to the time-series chart. */
export const MAX_PERIODS = 10;
const WIDTH = 100;
const HEIGHT = 24;
const PAD = 3;

/**
 * "Rising from 63.9% in 2018 to 70.1% in 2023": the first and latest figures in the window and
 * which way they moved. Rising and falling say nothing of better or worse, and nothing of
 * significance: the profile's direction-of-travel column does that. Two figures that format the
 * same are "level", so the words never contradict the numbers shown.
 */
export function describeTrend(
  labels: readonly string[],
  values: readonly Figure[],
  format: MetricFormat,
): string {
  const points = values.flatMap((figure, i) => {
    const value = shown(figure);
    return typeof value === 'number' ? [{ value, label: labels[i] ?? '' }] : [];
  });
  const missing = values.flatMap((figure, i) =>
    typeof shown(figure) === 'number' ? [] : [labels[i] ?? ''],
  );
  const start = points[0];
  const end = points.at(-1);
  if (!start || !end) return 'No figures to show';
  const at = (point: { value: number; label: string }) =>
    `${formatValue(point.value, format)} in ${point.label}`;
  let text: string;
  if (start === end) text = `One figure: ${at(start)}`;
  else {
    const from = formatValue(start.value, format);
    const to = formatValue(end.value, format);
    text =
      from === to
        ? `Level at ${to} from ${start.label} to ${end.label}`
        : `${end.value > start.value ? 'Rising' : 'Falling'} from ${at(start)} to ${at(end)}`;
  }
  return missing.length > 0 ? `${text}; no figure for ${listInProse(missing)}` : text;
}

/**
 * A line through the latest figures, scaled to their own range (a sparkline shows shape, not
 * size), with a gap wherever a figure is missing and a dot on the latest one. It has a fixed size
 * of 100 by 24 CSS pixels, which the stylesheet may override through its class.
 */
export function renderSparkline(input: SparklineInput): Chart {
  const id = chartId(input.id, 'sparkline', input.caption);
  if (input.values.length !== input.periods.length)
    throw new RangeError(
      `A sparkline has ${input.values.length} figures for ${input.periods.length} periods`,
    );
  const periods = input.periods.slice(-MAX_PERIODS);
  const figures = input.values.slice(-MAX_PERIODS);
  const labels = periods.map((p) => p.label);
  const values = figures.map(shown);
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const low = Math.min(...numbers);
  const high = Math.max(...numbers);
  const x = (i: number) =>
    periods.length === 1 ? WIDTH / 2 : PAD + (i * (WIDTH - 2 * PAD)) / (periods.length - 1);
  const y = (v: number) =>
    high === low ? HEIGHT / 2 : HEIGHT - PAD - ((v - low) / (high - low)) * (HEIGHT - 2 * PAD);

  const points = values.map((v, i) => (typeof v === 'number' ? ([x(i), y(v)] as const) : null));
  const dot = (point: readonly [number, number], radius: number, fill: string) =>
    `<circle cx="${coordinate(point[0])}" cy="${coordinate(point[1])}" r="${radius}" fill="${fill}"/>`;
  const content: string[] = [];
  const path = linePath(points);
  if (path !== '')
    content.push(
      `<path d="${path}" fill="none" stroke="${colours.secondaryText}" stroke-width="1.5" ` +
        'stroke-linejoin="round" stroke-linecap="round"/>',
    );
  const latest = points.findLastIndex((point) => point !== null);
  points.forEach((point, i) => {
    // A figure between gaps draws no line, so it gets a dot of its own; the latest has a bigger one.
    if (point === null || i === latest) return;
    if (!points[i - 1] && !points[i + 1]) content.push(dot(point, 1.5, colours.secondaryText));
  });
  const last = points[latest];
  if (last) content.push(dot(last, 2.5, colours.highlight));

  const svg = svgDocument(
    {
      id,
      width: WIDTH,
      height: HEIGHT,
      title: describeTrend(labels, figures, input.format),
      className: 'app-sparkline',
      fixedSize: true,
    },
    content,
  );
  return {
    svg,
    table: {
      caption: input.caption,
      columns: [
        { heading: 'Period', numeric: false },
        { heading: 'Value', numeric: true },
      ],
      rows: periods.map((period, i) => ({
        cells: [period.label, formatValue(values[i] ?? 'no-value', input.format)],
        highlighted: false,
      })),
    },
  };
}
