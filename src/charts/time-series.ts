/**
 * An area's figures over time against its group's median and England: "are we improving, and
 * faster or slower than others?"
 */
import {
  formatValue,
  missingWord,
  shown,
  unitNote,
  type Figure,
  type MetricFormat,
  type Shown,
} from './format.ts';
import { niceTicks, valueDomain } from './scale.ts';
import {
  chartId,
  colours,
  coordinate,
  escapeXml,
  linePath,
  listInProse,
  svgDocument,
  textWidth,
  wrapText,
} from './svg.ts';
import { confidenceInterval } from '../comparison/statistics.ts';
import type { Chart, DataTable } from './table.ts';

export interface PeriodLabel {
  /** As the period is published: "2019/20", "2023", "Q1 2024". */
  label: string;
}

/** A figure and, where the publisher gives one, its 95% confidence interval. */
export interface FigureWithInterval extends Figure {
  lci?: number | null;
  uci?: number | null;
}

/** One line: a figure for every period, in the order of the chart's periods. */
export interface Series {
  name: string;
  values: readonly FigureWithInterval[];
}

export interface TimeSeriesInput {
  /** The accessible name and the table's caption. */
  title: string;
  format: MetricFormat;
  /** Oldest first. */
  periods: readonly PeriodLabel[];
  area: Series;
  groupMedian?: Series | null;
  england?: Series | null;
  /** Element id prefix; derived from the title when absent. */
  id?: string;
}

type MarkerShape = 'circle' | 'square' | 'triangle';

interface LineStyle {
  colour: string;
  /** Absent for a solid line. */
  dash: string | null;
  width: number;
  marker: MarkerShape;
  /** How the description names the line for people who cannot see it. */
  words: string;
}

/**
 * Each line differs in dash pattern and marker shape as well as colour, so the chart reads in
 * greyscale and to every kind of colour vision. Blue and vermilion are a pair from Okabe and Ito's
 * colour-blind-safe palette (GOV.UK blue standing in for theirs); all three colours have at least
 * 3:1 contrast with white.
 */
const lineStyles = {
  area: {
    colour: colours.highlight,
    dash: null,
    width: 3,
    marker: 'circle',
    words: 'solid line, circles',
  },
  groupMedian: {
    colour: '#d55e00',
    dash: '8 4',
    width: 2,
    marker: 'square',
    words: 'dashed line, squares',
  },
  england: {
    colour: colours.secondaryText,
    dash: '2 3',
    width: 2,
    marker: 'triangle',
    words: 'dotted line, triangles',
  },
} as const satisfies Record<string, LineStyle>;

interface Line {
  series: Series;
  style: LineStyle;
  /** Names the line in bold: the chosen area. */
  bold: boolean;
  values: Shown[];
  /** Each period's interval, drawn as a whisker; null where there is none. */
  intervals: ({ lower: number; upper: number } | null)[];
}

const WIDTH = 640;
const HEIGHT = 340;
const FONT = 13;
const MARGIN = 8;
const LABEL_GAP = 16;
/** Between the value axis and the first period, so its marker clears the tick labels. */
const INSET = 10;
/** The key sample (a stretch of line with its marker) before each end label. */
const SAMPLE = 24;
/** End labels wider than this wrap onto more lines rather than squeeze the plot. */
const END_LABEL_WIDTH = 150;
/** Room under the period labels for the key to the whiskers. */
const KEY_ROW = 24;

function marker(shape: MarkerShape, x: number, y: number, title: string): string {
  const t = `<title>${escapeXml(title)}</title>`;
  switch (shape) {
    case 'circle':
      return `<circle cx="${coordinate(x)}" cy="${coordinate(y)}" r="4">${t}</circle>`;
    case 'square':
      return `<rect x="${coordinate(x - 4)}" y="${coordinate(y - 4)}" width="8" height="8">${t}</rect>`;
    case 'triangle':
      return (
        `<path d="M${coordinate(x)},${coordinate(y - 5)}L${coordinate(x + 5)},${coordinate(y + 4)}` +
        `L${coordinate(x - 5)},${coordinate(y + 4)}Z">${t}</path>`
      );
  }
}

function strokeAttributes(style: LineStyle): string {
  return (
    `fill="none" stroke="${style.colour}" stroke-width="${style.width}" stroke-linejoin="round"` +
    (style.dash === null ? '' : ` stroke-dasharray="${style.dash}"`)
  );
}

/**
 * Moves labels apart until none overlaps, keeping them inside [top, bottom] where they fit. Each
 * label is a block of lines centred on its wanted position; `lines` says how many it has.
 */
function dodge(
  wanted: readonly number[],
  lines: readonly number[],
  top: number,
  bottom: number,
): number[] {
  const order = wanted
    .map((y, i) => ({ y, i, h: (lines[i] ?? 1) * LABEL_GAP }))
    .sort((a, b) => a.y - b.y || a.i - b.i);
  for (let k = 1; k < order.length; k++) {
    const previous = order[k - 1];
    const current = order[k];
    if (previous && current)
      current.y = Math.max(current.y, previous.y + (previous.h + current.h) / 2);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const next = order[k + 1];
    const current = order[k];
    if (!current) continue;
    const lowest = next ? next.y - (next.h + current.h) / 2 : bottom - (current.h - LABEL_GAP) / 2;
    current.y = Math.max(top + (current.h - LABEL_GAP) / 2, Math.min(current.y, lowest));
  }
  const placed = [...wanted];
  for (const { y, i } of order) placed[i] = y;
  return placed;
}

/** A confidence interval: a vertical line between the limits with a cap at each end. */
function whisker(x: number, lower: number, upper: number): string {
  const l = coordinate(x - 4);
  const r = coordinate(x + 4);
  return (
    `<path d="M${coordinate(x)},${coordinate(lower)}V${coordinate(upper)}` +
    `M${l},${coordinate(lower)}H${r}M${l},${coordinate(upper)}H${r}" ` +
    `fill="none" stroke="${colours.text}" stroke-width="1.5"/>`
  );
}

/**
 * Each line's name at its right-hand end, beside a sample of its dash and marker, moved apart so
 * that no two overlap; a long name wraps onto more lines.
 */
function endLabels(
  ends: readonly { line: Line; y: number }[],
  wrap: (line: Line) => string[],
  plotRight: number,
  plotTop: number,
  plotBottom: number,
): string[] {
  const texts = ends.map((end) => wrap(end.line));
  const placed = dodge(
    ends.map((end) => end.y),
    texts.map((t) => t.length),
    plotTop,
    plotBottom,
  );
  return ends.flatMap((end, index) => {
    const lines = texts[index] ?? [];
    const labelY = (placed[index] ?? end.y) - ((lines.length - 1) * LABEL_GAP) / 2;
    const start = plotRight + 8;
    const weight = end.line.bold ? ' font-weight="bold"' : '';
    return [
      `<line x1="${coordinate(start)}" y1="${coordinate(labelY)}" x2="${coordinate(start + SAMPLE)}" y2="${coordinate(labelY)}" ` +
        `${strokeAttributes(end.line.style)}/>`,
      `<g fill="${end.line.style.colour}" stroke="${colours.background}" stroke-width="1">` +
        marker(end.line.style.marker, start + SAMPLE / 2, labelY, end.line.series.name) +
        '</g>',
      ...lines.map(
        (text, n) =>
          `<text x="${coordinate(start + SAMPLE + 6)}" y="${coordinate(labelY + n * LABEL_GAP + FONT * 0.35)}"` +
          `${weight}>${escapeXml(text)}</text>`,
      ),
    ];
  });
}

/**
 * Renders the lines over evenly spaced periods. A missing figure leaves a gap: nothing is
 * interpolated across it, and a figure with missing neighbours shows as a lone marker. Each line
 * is named at its right-hand end, beside a sample of its dash and marker, in place of a legend.
 * The value axis has round ticks and, for shares and rates near zero, starts at zero (the rule is
 * valueDomain's). Period labels thin out when they would collide, always keeping the latest.
 */
export function renderTimeSeries(input: TimeSeriesInput): Chart {
  const id = chartId(input.id, 'trend', input.title);
  const periods = input.periods;
  if (periods.length === 0) throw new RangeError('A time series needs at least one period');
  const styled = [
    { series: input.area, style: lineStyles.area, bold: true },
    ...(input.groupMedian
      ? [{ series: input.groupMedian, style: lineStyles.groupMedian, bold: false }]
      : []),
    ...(input.england ? [{ series: input.england, style: lineStyles.england, bold: false }] : []),
  ];
  for (const { series } of styled)
    if (series.values.length !== periods.length)
      throw new RangeError(
        `${series.name} has ${series.values.length} figures for ${periods.length} periods`,
      );
  const lines: Line[] = styled.map((line) => ({
    ...line,
    values: line.series.values.map(shown),
    // Only the chosen area's intervals are drawn: whiskers on every line would tangle.
    intervals: line.series.values.map((v) =>
      line.bold && typeof shown(v) === 'number'
        ? confidenceInterval({
            value: v.value,
            status: v.status,
            lci: v.lci ?? null,
            uci: v.uci ?? null,
          })
        : null,
    ),
  }));
  const withIntervals = lines.some((l) => l.intervals.some((i) => i !== null));
  const numbers = lines
    .flatMap((l) => [
      ...l.values,
      ...l.intervals.flatMap((i) => (i === null ? [] : [i.lower, i.upper])),
    ])
    .filter((v): v is number => typeof v === 'number');
  const [low, high] = valueDomain(numbers, input.format.unit);
  const ticks = niceTicks(low, high);
  const first = ticks.values[0] ?? low;
  const last = ticks.values.at(-1) ?? high;
  const tickLabel = (value: number) =>
    formatValue(value, {
      decimalPlaces: ticks.decimals,
      unit: input.format.unit,
      symbolsOnly: true,
    });

  const note = unitNote(input.format.unit);
  const plotTop = MARGIN + (note === null ? 6 : FONT + 14);
  const plotBottom = HEIGHT - 34;
  const widest = Math.max(...periods.map((p) => textWidth(p.label, FONT))) + 12;
  // The first period's label is centred under it, so it must not start left of the chart.
  const firstHalf = textWidth(periods[0]?.label ?? '', FONT) / 2;
  const plotLeft = Math.max(
    MARGIN + Math.max(...ticks.values.map((t) => textWidth(tickLabel(t), FONT))) + 8,
    MARGIN + firstHalf - INSET,
  );
  const drawn = lines.filter((l) => l.values.some((v) => typeof v === 'number'));
  const endLabel = (line: Line) => wrapText(line.series.name, END_LABEL_WIDTH, FONT, line.bold);
  const labelWidth = Math.max(
    0,
    ...drawn.flatMap((l) => endLabel(l).map((text) => textWidth(text, FONT, l.bold))),
  );
  const lastHalf = textWidth(periods.at(-1)?.label ?? '', FONT) / 2;
  const plotRight =
    WIDTH - MARGIN - Math.max(drawn.length > 0 ? labelWidth + SAMPLE + 16 : 0, lastHalf - INSET);
  const inset = periods.length === 1 ? (plotRight - plotLeft) / 2 : INSET;
  const spacing =
    periods.length === 1 ? 0 : (plotRight - plotLeft - 2 * inset) / (periods.length - 1);
  const x = (index: number) => plotLeft + inset + index * spacing;
  const y = (value: number) =>
    plotBottom - ((value - first) / (last - first)) * (plotBottom - plotTop);

  const content: string[] = [];
  if (note !== null)
    content.push(
      `<text x="${coordinate(MARGIN)}" y="${coordinate(MARGIN + FONT)}" fill="${colours.secondaryText}">${escapeXml(note)}</text>`,
    );
  for (const tick of ticks.values) {
    const ty = coordinate(y(tick));
    content.push(
      `<line x1="${coordinate(plotLeft)}" y1="${ty}" x2="${coordinate(plotRight)}" y2="${ty}" ` +
        `stroke="${tick === 0 ? colours.text : colours.gridline}" stroke-width="1"/>`,
      `<text x="${coordinate(plotLeft - 6)}" y="${coordinate(y(tick) + FONT * 0.35)}" text-anchor="end">` +
        `${escapeXml(tickLabel(tick))}</text>`,
    );
  }

  const every = spacing === 0 ? 1 : Math.max(1, Math.ceil(widest / spacing));
  periods.forEach((period, index) => {
    if ((periods.length - 1 - index) % every !== 0) return;
    content.push(
      `<line x1="${coordinate(x(index))}" y1="${coordinate(plotBottom)}" x2="${coordinate(x(index))}" ` +
        `y2="${coordinate(plotBottom + 4)}" stroke="${colours.secondaryText}" stroke-width="1"/>`,
      `<text x="${coordinate(x(index))}" y="${coordinate(plotBottom + 8 + FONT)}" text-anchor="middle">` +
        `${escapeXml(period.label)}</text>`,
    );
  });

  const ends: { line: Line; y: number }[] = [];
  for (const line of lines) {
    const values = line.values;
    line.intervals.forEach((interval, index) => {
      if (interval) content.push(whisker(x(index), y(interval.lower), y(interval.upper)));
    });
    const path = linePath(values.map((v, i) => (typeof v === 'number' ? [x(i), y(v)] : null)));
    if (path !== '') content.push(`<path d="${path}" ${strokeAttributes(line.style)}/>`);
    const markers = values.flatMap((value, index) =>
      typeof value === 'number'
        ? [
            marker(
              line.style.marker,
              x(index),
              y(value),
              `${line.series.name}, ${periods[index]?.label ?? ''}: ${formatValue(value, input.format)}`,
            ),
          ]
        : [],
    );
    if (markers.length > 0) {
      content.push(
        `<g fill="${line.style.colour}" stroke="${colours.background}" stroke-width="1">`,
        ...markers,
        '</g>',
      );
      const latest = values.findLast((v): v is number => typeof v === 'number');
      if (latest !== undefined) ends.push({ line, y: y(latest) });
    }
  }

  content.push(...endLabels(ends, endLabel, plotRight, plotTop, plotBottom));
  if (withIntervals)
    content.push(
      `<g id="${id}-legend">`,
      whisker(MARGIN + 8, HEIGHT - 2, HEIGHT + 10),
      `<text x="${coordinate(MARGIN + 22)}" y="${coordinate(HEIGHT + 4 + FONT * 0.35)}">` +
        `${escapeXml(`95% confidence interval of ${input.area.name}`)}</text>`,
      '</g>',
    );

  const svg = svgDocument(
    {
      id,
      width: WIDTH,
      height: HEIGHT + (withIntervals ? KEY_ROW : 0),
      title: input.title,
      description: describe(input, lines),
      className: 'app-chart app-chart--trend',
    },
    [`<g font-size="${FONT}" fill="${colours.text}">`, ...content, '</g>'],
  );

  const table: DataTable = {
    caption: input.title,
    columns: [
      { heading: 'Period', numeric: false },
      ...lines.flatMap(({ series, intervals }) => [
        { heading: series.name, numeric: true },
        ...(intervals.some((i) => i !== null)
          ? [{ heading: `${series.name}: 95% confidence interval`, numeric: true }]
          : []),
      ]),
    ],
    rows: periods.map((period, index) => ({
      cells: [
        period.label,
        ...lines.flatMap((line) => {
          const value = formatValue(line.values[index] ?? 'no-value', input.format);
          if (!line.intervals.some((i) => i !== null)) return [value];
          const interval = line.intervals[index];
          return [
            value,
            interval
              ? `${formatValue(interval.lower, input.format)} to ${formatValue(interval.upper, input.format)}`
              : 'none',
          ];
        }),
      ],
      highlighted: false,
      unrounded: [
        null,
        ...lines.flatMap((line) => {
          const value = line.values[index];
          const figure = typeof value === 'number' ? value : null;
          return line.intervals.some((i) => i !== null) ? [figure, null] : [figure];
        }),
      ],
    })),
  };
  return { svg, table };
}

function describe(input: TimeSeriesInput, lines: readonly Line[]): string {
  const labels = input.periods.map((p) => p.label);
  const span = labels.length === 1 ? `for ${labels[0]}` : `from ${labels[0]} to ${labels.at(-1)}`;
  const sentences = [`Line chart ${span}.`];
  for (const { series, intervals } of lines)
    if (intervals.some((i) => i !== null))
      sentences.push(
        `Vertical bars show the 95% confidence interval of each figure for ${series.name}.`,
      );
  for (const { series, style, values } of lines) {
    const present = values.flatMap((v, i) => (typeof v === 'number' ? [{ v, i }] : []));
    const gaps = values.flatMap((v, i) => (typeof v === 'number' ? [] : [{ reason: v, i }]));
    const start = present[0];
    const end = present.at(-1);
    if (!start || !end) {
      sentences.push(`${series.name} has no figures.`);
      continue;
    }
    const at = (point: { v: number; i: number }) =>
      `${formatValue(point.v, input.format)} in ${labels[point.i]}`;
    const name = `${series.name} (${style.words})`;
    let sentence =
      start === end
        ? `${name} has one figure, ${at(start)}`
        : `${name} went from ${at(start)} to ${at(end)}`;
    if (gaps.length > 0 && gaps.length <= 4) {
      const reasons = [...new Set(gaps.map((gap) => missingWord(gap.reason)))];
      sentence += `; no figure for ${listInProse(gaps.map((gap) => labels[gap.i] ?? ''))} (${reasons.join(', ')})`;
    } else if (gaps.length > 4) {
      sentence += `; no figure for ${gaps.length} of the ${labels.length} periods`;
    }
    sentences.push(`${sentence}.`);
  }
  return sentences.join(' ');
}
