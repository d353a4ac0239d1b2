/**
 * Several councils' figures over time on one chart, with England for reference: "which of these
 * is improving, and which falling behind?" The single-area trend chart (time-series.ts) has
 * three fixed lines; this one has up to a dozen, each named at its end.
 */
import {
  formatValue,
  missingWord,
  shown,
  unitNote,
  type Figure,
  type MetricFormat,
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
} from './svg.ts';
import type { Chart, DataTable } from './table.ts';

export interface MultiLineInput {
  /** The accessible name and the table's caption. */
  title: string;
  format: MetricFormat;
  /** Oldest first. */
  periods: readonly { label: string }[];
  /** One line each, a figure for every period; a reference line (England) is drawn apart. */
  lines: readonly { name: string; values: readonly Figure[]; reference?: boolean }[];
  /** Element id prefix; derived from the title when absent. */
  id?: string;
}

type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond';

interface LineStyle {
  colour: string;
  dash: string | null;
  marker: MarkerShape;
  words: string;
}

/**
 * Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart also by marker
 * shape and, from the fifth line, by dashes, so that no line is known by its colour alone.
 */
const palette = [
  ['#1d70b8', 'blue'],
  ['#d4351c', 'red'],
  ['#00703c', 'green'],
  ['#4c2c92', 'purple'],
  ['#912b88', 'pink'],
  ['#8a5a00', 'brown'],
  ['#005a70', 'teal'],
  ['#b02f6a', 'crimson'],
  ['#505a5f', 'grey'],
  ['#3b5f1f', 'olive'],
] as const;
const shapes: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond'];
const shapeWords: Record<MarkerShape, string> = {
  circle: 'circles',
  square: 'squares',
  triangle: 'triangles',
  diamond: 'diamonds',
};

/** The style of the nth council's line; England is black, dotted, without markers' colour. */
export function lineStyle(index: number, reference = false): LineStyle {
  if (reference)
    return { colour: colours.text, dash: '2 3', marker: 'triangle', words: 'black dotted line' };
  const [colour, name] = palette[index % palette.length] ?? palette[0];
  const marker = shapes[index % shapes.length] ?? 'circle';
  const dash = Math.floor(index / shapes.length) % 2 === 1 ? '8 4' : null;
  return {
    colour,
    dash,
    marker,
    words: `${name} ${dash ? 'dashed' : 'solid'} line, ${shapeWords[marker]}`,
  };
}

const WIDTH = 640;
const FONT = 13;
const MARGIN = 8;
const LABEL_GAP = 16;
const INSET = 10;
const SAMPLE = 20;

function marker(shape: MarkerShape, x: number, y: number, title: string): string {
  const t = title === '' ? '' : `<title>${escapeXml(title)}</title>`;
  const [cx, cy] = [coordinate(x), coordinate(y)];
  switch (shape) {
    case 'circle':
      return `<circle cx="${cx}" cy="${cy}" r="4">${t}</circle>`;
    case 'square':
      return `<rect x="${coordinate(x - 4)}" y="${coordinate(y - 4)}" width="8" height="8">${t}</rect>`;
    case 'triangle':
      return `<path d="M${cx},${coordinate(y - 5)}L${coordinate(x + 5)},${coordinate(y + 4)}L${coordinate(x - 5)},${coordinate(y + 4)}Z">${t}</path>`;
    case 'diamond':
      return `<path d="M${cx},${coordinate(y - 5)}L${coordinate(x + 5)},${cy}L${cx},${coordinate(y + 5)}L${coordinate(x - 5)},${cy}Z">${t}</path>`;
  }
}

function stroke(style: LineStyle): string {
  return (
    `fill="none" stroke="${style.colour}" stroke-width="2" stroke-linejoin="round"` +
    (style.dash === null ? '' : ` stroke-dasharray="${style.dash}"`)
  );
}

/** Label positions moved apart until none overlaps, kept inside [top, bottom]. */
export function spreadLabels(wanted: readonly number[], top: number, bottom: number): number[] {
  const order = wanted.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  order.forEach((item, k) => {
    const previous = order[k - 1];
    if (previous) item.y = Math.max(item.y, previous.y + LABEL_GAP);
  });
  for (let k = order.length - 1; k >= 0; k--) {
    const item = order[k];
    const next = order[k + 1];
    if (item) item.y = Math.min(item.y, next ? next.y - LABEL_GAP : bottom);
  }
  for (const item of order) item.y = Math.max(item.y, top);
  const placed = [...wanted];
  for (const { y, i } of order) placed[i] = y;
  return placed;
}

/**
 * Renders the lines over evenly spaced periods. A missing figure leaves a gap; each line is
 * named at its right-hand end beside a sample of its stroke and marker, in place of a legend, and
 * the chart grows taller when the names need more room than the plot has.
 */
export function renderMultiLine(input: MultiLineInput): Chart {
  const id = chartId(input.id, 'lines', input.title);
  const { periods } = input;
  if (periods.length === 0) throw new RangeError('A line chart needs at least one period');
  let councilIndex = 0;
  const lines = input.lines.map((line) => {
    if (line.values.length !== periods.length)
      throw new RangeError(
        `${line.name} has ${line.values.length} figures for ${periods.length} periods`,
      );
    const style = lineStyle(line.reference ? 0 : councilIndex++, line.reference);
    return { name: line.name, style, values: line.values.map(shown) };
  });
  const numbers = lines.flatMap((l) => l.values).filter((v): v is number => typeof v === 'number');
  const [low, high] = valueDomain(numbers, input.format.unit);
  const ticks = niceTicks(low, high);
  const first = ticks.values[0] ?? low;
  const last = ticks.values.at(-1) ?? high;
  const tickLabel = (v: number) =>
    formatValue(v, { decimalPlaces: ticks.decimals, unit: input.format.unit, symbolsOnly: true });
  const note = unitNote(input.format.unit);
  const plotTop = MARGIN + (note === null ? 6 : FONT + 14);
  const height = Math.max(340, plotTop + lines.length * LABEL_GAP + 60);
  const plotBottom = height - 34;
  const plotLeft =
    MARGIN +
    Math.max(
      Math.max(...ticks.values.map((t) => textWidth(tickLabel(t), FONT))) + 8,
      textWidth(periods[0]?.label ?? '', FONT) / 2 - INSET,
    );
  const labelWidth = Math.max(0, ...lines.map((l) => textWidth(l.name, FONT)));
  const plotRight = WIDTH - MARGIN - labelWidth - SAMPLE - 14;
  const inset = periods.length === 1 ? (plotRight - plotLeft) / 2 : INSET;
  const spacing =
    periods.length === 1 ? 0 : (plotRight - plotLeft - 2 * inset) / (periods.length - 1);
  const x = (i: number) => plotLeft + inset + i * spacing;
  const y = (v: number) =>
    plotBottom - ((v - first) / (last - first || 1)) * (plotBottom - plotTop);

  const content: string[] = [];
  if (note !== null)
    content.push(
      `<text x="${MARGIN}" y="${MARGIN + FONT}" fill="${colours.secondaryText}">${escapeXml(note)}</text>`,
    );
  for (const tick of ticks.values)
    content.push(
      `<line x1="${coordinate(plotLeft)}" y1="${coordinate(y(tick))}" x2="${coordinate(plotRight)}" y2="${coordinate(y(tick))}" stroke="${tick === 0 ? colours.text : colours.gridline}" stroke-width="1"/>`,
      `<text x="${coordinate(plotLeft - 6)}" y="${coordinate(y(tick) + FONT * 0.35)}" text-anchor="end">${escapeXml(tickLabel(tick))}</text>`,
    );
  const widest = Math.max(...periods.map((p) => textWidth(p.label, FONT))) + 12;
  const every = spacing === 0 ? 1 : Math.max(1, Math.ceil(widest / spacing));
  periods.forEach((period, i) => {
    if ((periods.length - 1 - i) % every === 0)
      content.push(
        `<text x="${coordinate(x(i))}" y="${coordinate(plotBottom + 8 + FONT)}" text-anchor="middle">${escapeXml(period.label)}</text>`,
      );
  });

  const ends: { index: number; y: number }[] = [];
  lines.forEach((line, index) => {
    const path = linePath(line.values.map((v, i) => (typeof v === 'number' ? [x(i), y(v)] : null)));
    if (path !== '') content.push(`<path d="${path}" ${stroke(line.style)}/>`);
    const markers = line.values.flatMap((v, i) =>
      typeof v === 'number'
        ? [
            marker(
              line.style.marker,
              x(i),
              y(v),
              `${line.name}, ${periods[i]?.label ?? ''}: ${formatValue(v, input.format)}`,
            ),
          ]
        : [],
    );
    if (markers.length === 0) return;
    content.push(
      `<g fill="${line.style.colour}" stroke="${colours.background}" stroke-width="1">`,
      ...markers,
      '</g>',
    );
    const latest = line.values.findLast((v): v is number => typeof v === 'number');
    if (latest !== undefined) ends.push({ index, y: y(latest) });
  });
  const placed = spreadLabels(
    ends.map((e) => e.y),
    plotTop,
    plotBottom,
  );
  ends.forEach((end, k) => {
    const line = lines[end.index];
    if (!line) return;
    const labelY = placed[k] ?? end.y;
    const start = plotRight + 8;
    content.push(
      `<line x1="${coordinate(start)}" y1="${coordinate(labelY)}" x2="${coordinate(start + SAMPLE)}" y2="${coordinate(labelY)}" ${stroke(line.style)}/>`,
      `<g fill="${line.style.colour}" stroke="${colours.background}" stroke-width="1">${marker(line.style.marker, start + SAMPLE / 2, labelY, '')}</g>`,
      `<text x="${coordinate(start + SAMPLE + 6)}" y="${coordinate(labelY + FONT * 0.35)}">${escapeXml(line.name)}</text>`,
    );
  });

  const svg = svgDocument(
    {
      id,
      width: WIDTH,
      height,
      title: input.title,
      description: describe(input, lines),
      className: 'app-chart app-chart--trend',
    },
    [`<g font-size="${FONT}" fill="${colours.text}">`, ...content, '</g>'],
  );
  return { svg, table: overTimeTable(input) };
}

/** The figures as a table: a row for each line, a column for each period, oldest first. */
function overTimeTable(input: MultiLineInput): DataTable {
  return {
    caption: input.title,
    columns: [
      { heading: 'Council', numeric: false },
      ...input.periods.map((p) => ({ heading: p.label, numeric: true })),
    ],
    rows: input.lines.map((line) => ({
      cells: [line.name, ...line.values.map((v) => formatValue(shown(v), input.format))],
      highlighted: false,
    })),
  };
}

function describe(
  input: MultiLineInput,
  lines: readonly { name: string; style: LineStyle; values: ReturnType<typeof shown>[] }[],
): string {
  const labels = input.periods.map((p) => p.label);
  const span = labels.length === 1 ? `for ${labels[0]}` : `from ${labels[0]} to ${labels.at(-1)}`;
  const sentences = [
    `Line chart ${span}, one line for each of ${listInProse(lines.map((l) => l.name))}.`,
  ];
  for (const { name, style, values } of lines) {
    const present = values.flatMap((v, i) => (typeof v === 'number' ? [{ v, i }] : []));
    const start = present[0];
    const end = present.at(-1);
    const at = (p: { v: number; i: number }) =>
      `${formatValue(p.v, input.format)} in ${labels[p.i]}`;
    if (!start || !end) {
      const reasons = [
        ...new Set(values.flatMap((v) => (typeof v === 'number' ? [] : [missingWord(v)]))),
      ];
      sentences.push(`${name} has no figures (${reasons.join(', ')}).`);
    } else
      sentences.push(
        start === end
          ? `${name} (${style.words}) has one figure, ${at(start)}.`
          : `${name} (${style.words}) went from ${at(start)} to ${at(end)}.`,
      );
  }
  return sentences.join(' ');
}
