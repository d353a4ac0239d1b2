/**
 * A value-for-money quadrant: the group's councils as points, cost across and outcome up, the
 * group's medians drawn as dashed lines that divide the chart into four named quadrants. The
 * chosen council is a labelled diamond, England a labelled square, every other council a dot
 * numbered as in the table that follows, which lists every council (those without both figures
 * too) with its quadrant in words: nothing is told by colour alone.
 */
import type { Polarity } from '../db/vocabulary.ts';
import { formatValue, type MetricFormat } from './format.ts';
import {
  placeInQuadrants,
  placementWords,
  placeWords,
  quadrantsInOrder,
  type AxisFigure,
  type Placement,
  type QuadrantPoint,
} from './quadrant-maths.ts';
import { niceTicks, valueDomain } from './scale.ts';
import {
  MIN_FONT,
  byName,
  chartId,
  colours,
  coordinate,
  escapeXml,
  listInProse,
  svgDocument,
  textWidth,
  wrapText,
} from './svg.ts';
import type { Chart, DataTableRow } from './table.ts';

export interface QuadrantAxis {
  /** The measure's title, as its page names it. */
  title: string;
  /** The period's label: the two measures may be of different periods. */
  period: string;
  format: MetricFormat;
}

export interface QuadrantChartInput {
  id?: string;
  title: string;
  cost: QuadrantAxis;
  outcome: QuadrantAxis & { polarity: Polarity };
  /** The group's councils, the chosen one among them. */
  points: readonly QuadrantPoint[];
  /** The chosen council's code, or null. */
  highlight: string | null;
  /** England's figures, drawn for reference but no part of the medians. */
  england: { cost: AxisFigure; outcome: AxisFigure };
}

const WIDTH = 640;
const LEFT = 104;
const RIGHT = WIDTH - 20;
const PLOT_HEIGHT = 360;
const FONT = 13;
const LINE = 16;

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const overlaps = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** A text's box at (x, y) with its anchor, by the charts' generous width estimate. */
function textBox(text: string, x: number, y: number, anchor: string, size: number): Box {
  const width = textWidth(text, size);
  const left = anchor === 'end' ? x - width : anchor === 'middle' ? x - width / 2 : x;
  return { left, right: left + width, top: y - size * 0.8, bottom: y + size * 0.2 };
}

function figureText(figure: AxisFigure, format: MetricFormat): string {
  if (figure === 'not-compared') return 'not compared';
  return formatValue(figure, format);
}

/** The councils in the table's order: the chosen one first, then the others by name. */
function ordered(points: readonly QuadrantPoint[], highlight: string | null) {
  return [...points].sort(
    (a, b) => Number(b.code === highlight) - Number(a.code === highlight) || byName(a.name, b.name),
  );
}

/** An axis: where a figure is drawn, and its ticks. */
interface Scale {
  at: (value: number) => number;
  ticks: number[];
  decimals: number;
}

/** An axis's scale from `from` to `to`, covering its figures, England's and its median. */
function axisScale(
  input: QuadrantChartInput,
  key: 'cost' | 'outcome',
  middle: number | null,
  from: number,
  to: number,
): Scale {
  const values = [...input.points.map((p) => p[key]), input.england[key], middle].filter(
    (v): v is number => typeof v === 'number' && Number.isFinite(v),
  );
  const [low, high] = valueDomain(values, input[key].format.unit);
  const { values: ticks, decimals } = niceTicks(low, high, 5);
  const first = ticks[0] ?? low;
  const last = ticks.at(-1) ?? high;
  return {
    at: (v) => from + ((v - first) / (last - first || 1)) * (to - from),
    ticks,
    decimals,
  };
}

function axisTitle(axis: QuadrantAxis, width: number, prefix: string): string[] {
  return wrapText(`${prefix}${axis.title}, ${axis.period}`, width, FONT, true);
}

/** Gridlines and tick labels of both axes. */
function drawAxes(
  x: Scale,
  y: Scale,
  input: QuadrantChartInput,
  top: number,
  bottom: number,
): string[] {
  const label = (v: number, axis: QuadrantAxis, decimals: number) =>
    formatValue(v, { ...axis.format, decimalPlaces: decimals, symbolsOnly: true });
  return [
    ...x.ticks.map((t) => {
      const text = label(t, input.cost, x.decimals);
      // The last label is kept inside the chart, ending at its edge rather than centred.
      const over = x.at(t) + textWidth(text, MIN_FONT) / 2 > WIDTH - 2;
      const at = over
        ? `x="${WIDTH - 2}" text-anchor="end"`
        : `x="${coordinate(x.at(t))}" text-anchor="middle"`;
      return (
        `<line x1="${coordinate(x.at(t))}" x2="${coordinate(x.at(t))}" y1="${top}" y2="${bottom}" stroke="${colours.gridline}"/>` +
        `<text ${at} y="${bottom + 18}" font-size="${MIN_FONT}" fill="${colours.secondaryText}">${escapeXml(text)}</text>`
      );
    }),
    ...y.ticks.map(
      (t) =>
        `<line x1="${LEFT}" x2="${RIGHT}" y1="${coordinate(y.at(t))}" y2="${coordinate(y.at(t))}" stroke="${colours.gridline}"/>` +
        `<text x="${LEFT - 6}" y="${coordinate(y.at(t) + 4)}" font-size="${MIN_FONT}" text-anchor="end" fill="${colours.secondaryText}">${escapeXml(label(t, input.outcome, y.decimals))}</text>`,
    ),
    `<rect x="${LEFT}" y="${top}" width="${RIGHT - LEFT}" height="${bottom - top}" fill="none" stroke="${colours.secondaryText}"/>`,
  ];
}

interface Mark {
  point: QuadrantPoint;
  number: number;
  x: number;
  y: number;
}

/**
 * Each mark's label beside it, inside the plot, where it overlaps no label or mark placed before
 * it: to the right, left, above or below, then further out; failing all, the first inside it.
 */
function placeLabels(
  marks: readonly { x: number; y: number; text: string; size: number }[],
  taken: Box[],
  plot: Box,
) {
  return marks.map((m) => {
    // Near first, then further out: a crowded corner pushes a label a little away from its dot.
    const tries = [1, 2.5].flatMap((far) => [
      { x: m.x + 9 * far, y: m.y + 4, anchor: 'start' },
      { x: m.x - 9 * far, y: m.y + 4, anchor: 'end' },
      { x: m.x, y: m.y - 9 * far, anchor: 'middle' },
      { x: m.x, y: m.y + 8 + 9 * far, anchor: 'middle' },
    ]);
    const inside = (t: (typeof tries)[number]) => {
      const box = textBox(m.text, t.x, t.y, t.anchor, m.size);
      return (
        box.left >= plot.left &&
        box.right <= plot.right &&
        box.top >= plot.top &&
        box.bottom <= plot.bottom
      );
    };
    const clear = (t: (typeof tries)[number]) =>
      !taken.some((b) => overlaps(b, textBox(m.text, t.x, t.y, t.anchor, m.size)));
    const chosen = tries.find((t) => inside(t) && clear(t)) ??
      tries.find(inside) ?? { x: m.x + 9, y: m.y + 4, anchor: 'start' };
    taken.push(textBox(m.text, chosen.x, chosen.y, chosen.anchor, m.size));
    return chosen;
  });
}

function diamond(x: number, y: number, r: number): string {
  const [cx, cy] = [coordinate(x), coordinate(y)];
  return `<path d="M${cx},${coordinate(y - r)}L${coordinate(x + r)},${cy}L${cx},${coordinate(y + r)}L${coordinate(x - r)},${cy}Z" fill="${colours.highlight}" stroke="${colours.background}"/>`;
}

function describe(
  input: QuadrantChartInput,
  rows: readonly { point: QuadrantPoint; placement: Placement }[],
  medians: { cost: number | null; outcome: number | null },
): string {
  const polarity = input.outcome.polarity;
  const placed = rows.filter((r) => r.placement.kind === 'placed');
  const counts = quadrantsInOrder(polarity).map((q) => {
    const n = placed.filter(
      (r) =>
        r.placement.kind === 'placed' &&
        r.placement.cost === q.cost &&
        r.placement.outcome === q.outcome,
    ).length;
    return `${n} ${placeWords(q.cost, q.outcome, polarity).toLowerCase()}`;
  });
  const own = rows.find((r) => r.point.code === input.highlight);
  const ownWords = own
    ? `${own.point.name}: ${placementWords(own.placement, polarity).toLowerCase()}. `
    : '';
  const unplaced = rows.length - placed.length;
  const medianWords =
    medians.cost === null || medians.outcome === null
      ? 'The group has too few figures for medians.'
      : `Dashed lines mark the group's medians, ${formatValue(medians.cost, input.cost.format)} and ${formatValue(medians.outcome, input.outcome.format)}.`;
  return (
    `${placed.length} councils of the group drawn as points, cost across, outcome up. ${medianWords} ` +
    `${ownWords}In the quadrants: ${listInProse(counts)}.` +
    (unplaced > 0 ? ` ${unplaced} without both figures are listed in the table only.` : '') +
    ' The table that follows gives every figure.'
  );
}

export function renderQuadrant(input: QuadrantChartInput): Chart {
  const id = chartId(input.id, 'quadrant', input.title);
  const polarity = input.outcome.polarity;
  const points = ordered(input.points, input.highlight);
  const { medians, placements } = placeInQuadrants(points);
  const rows = points.map((point, i) => ({
    point,
    placement: placements[i] ?? ({ kind: 'missing', cost: null, outcome: null } as Placement),
  }));
  const yTitle = axisTitle(input.outcome, WIDTH - 16, '↑ ');
  const top = 12 + yTitle.length * LINE + 8;
  const bottom = top + PLOT_HEIGHT;
  const xTitle = axisTitle(input.cost, RIGHT - LEFT, '');
  const legendY = bottom + 40 + xTitle.length * LINE + 8;
  const x = axisScale(input, 'cost', medians.cost, LEFT + 8, RIGHT - 8);
  const y = axisScale(input, 'outcome', medians.outcome, bottom - 8, top + 8);
  const content = drawAxes(x, y, input, top, bottom);
  yTitle.forEach((line, i) =>
    content.push(
      `<text x="8" y="${12 + (i + 1) * LINE - 4}" font-size="${FONT}" font-weight="bold" fill="${colours.text}">${escapeXml(line)}</text>`,
    ),
  );
  xTitle.forEach((line, i) =>
    content.push(
      `<text x="${(LEFT + RIGHT) / 2}" y="${bottom + 38 + i * LINE}" font-size="${FONT}" font-weight="bold" text-anchor="middle" fill="${colours.text}">${escapeXml(line)}${i === xTitle.length - 1 ? ' →' : ''}</text>`,
    ),
  );
  const taken: Box[] = [];
  content.push(...quadrantLabels(polarity, top, bottom, taken));
  if (medians.cost !== null && medians.outcome !== null)
    content.push(...medianLines(x.at(medians.cost), y.at(medians.outcome), top, bottom, taken));
  let number = 0;
  const marks: Mark[] = rows.flatMap(({ point }) => {
    const { cost, outcome } = point;
    if (typeof cost !== 'number' || typeof outcome !== 'number') return [];
    number++;
    return [{ point, number, x: x.at(cost), y: y.at(outcome) }];
  });
  const plot = { left: LEFT + 2, right: RIGHT - 2, top: top + 2, bottom: bottom - 2 };
  content.push(...drawMarks(marks, input, x, y, taken, plot));
  const chosen = marks.find((m) => m.point.code === input.highlight)?.point.name ?? null;
  const englandDrawn = [input.england.cost, input.england.outcome].every(
    (f) => typeof f === 'number',
  );
  const key = legend(chosen, medians.cost !== null, englandDrawn);
  key.forEach((line, i) =>
    content.push(
      `<text x="8" y="${legendY + i * LINE}" font-size="${MIN_FONT}" fill="${colours.secondaryText}">${escapeXml(line)}</text>`,
    ),
  );
  const height = legendY + (key.length - 1) * LINE + 12;
  const numbers = new Map(marks.map((m) => [m.point.code, m.number]));
  return {
    svg: svgDocument(
      {
        id,
        width: WIDTH,
        height,
        title: input.title,
        description: describe(input, rows, medians),
        className: 'app-chart app-chart--quadrant',
      },
      content,
    ),
    table: quadrantTable(input, rows, numbers, medians),
  };
}

/** The medians as dashed lines across the plot. */
function medianLines(mx: number, my: number, top: number, bottom: number, taken: Box[]): string[] {
  // Labels keep off the median lines where they can: a number across a dashed line is misread.
  taken.push(
    { left: mx - 1, right: mx + 1, top, bottom },
    { left: LEFT, right: RIGHT, top: my - 1, bottom: my + 1 },
  );
  const [x, y] = [coordinate(mx), coordinate(my)];
  return [
    `<line x1="${x}" x2="${x}" y1="${top}" y2="${bottom}" stroke="${colours.text}" stroke-dasharray="6 4"/>`,
    `<line x1="${LEFT}" x2="${RIGHT}" y1="${y}" y2="${y}" stroke="${colours.text}" stroke-dasharray="6 4"/>`,
  ];
}

/** The quadrants' names in their corners, the lower-cost ones on the left. */
function quadrantLabels(polarity: Polarity, top: number, bottom: number, taken: Box[]): string[] {
  const corners = [
    { cost: 'lower', outcome: 'higher', x: LEFT + 6, y: top + 16, anchor: 'start' },
    { cost: 'higher', outcome: 'higher', x: RIGHT - 6, y: top + 16, anchor: 'end' },
    { cost: 'lower', outcome: 'lower', x: LEFT + 6, y: bottom - 8, anchor: 'start' },
    { cost: 'higher', outcome: 'lower', x: RIGHT - 6, y: bottom - 8, anchor: 'end' },
  ] as const;
  return corners.map((c) => {
    const words = placeWords(c.cost, c.outcome, polarity);
    taken.push(textBox(words, c.x, c.y, c.anchor, MIN_FONT));
    return `<text x="${c.x}" y="${c.y}" font-size="${MIN_FONT}" font-style="italic" text-anchor="${c.anchor}" fill="${colours.secondaryText}">${escapeXml(words)}</text>`;
  });
}

/** The councils' dots, the chosen council's diamond and England's square, each labelled. */
function drawMarks(
  marks: readonly Mark[],
  input: QuadrantChartInput,
  x: Scale,
  y: Scale,
  taken: Box[],
  plot: Box,
): string[] {
  const { cost, outcome } = input.england;
  const england =
    typeof cost === 'number' && typeof outcome === 'number'
      ? { x: x.at(cost), y: y.at(outcome) }
      : null;
  // The chosen council and England are labelled first, so that theirs take the best places.
  const labelled = [
    ...marks
      .filter((m) => m.point.code === input.highlight)
      .map((m) => ({ ...m, text: m.point.name, size: FONT })),
    ...(england ? [{ ...england, text: 'England', size: FONT }] : []),
    ...marks
      .filter((m) => m.point.code !== input.highlight)
      .map((m) => ({ ...m, text: String(m.number), size: MIN_FONT })),
  ];
  // Every mark's own place is taken first: no label is drawn over a dot.
  for (const m of [...marks, ...(england ? [england] : [])])
    taken.push({ left: m.x - 6, right: m.x + 6, top: m.y - 6, bottom: m.y + 6 });
  const places = placeLabels(labelled, taken, plot);
  const shapes = marks.map((m) =>
    m.point.code === input.highlight
      ? diamond(m.x, m.y, 8)
      : `<circle cx="${coordinate(m.x)}" cy="${coordinate(m.y)}" r="5" fill="${colours.otherBar}" stroke="${colours.text}" stroke-width="0.5"/>`,
  );
  if (england)
    shapes.push(
      `<rect x="${coordinate(england.x - 5)}" y="${coordinate(england.y - 5)}" width="10" height="10" fill="${colours.text}"/>`,
    );
  const labels = labelled.map((m, i) => {
    const at = places[i] ?? { x: m.x, y: m.y, anchor: 'start' };
    const bold = m.size === FONT ? ' font-weight="bold"' : '';
    return `<text x="${coordinate(at.x)}" y="${coordinate(at.y)}" font-size="${m.size}"${bold} text-anchor="${at.anchor}" fill="${colours.text}">${escapeXml(m.text)}</text>`;
  });
  return [...shapes, ...labels];
}

/** What the marks mean, in words (shapes and lines, no colour), in lines that fit the chart. */
function legend(chosen: string | null, medians: boolean, england: boolean): string[] {
  const words = [
    ...(medians ? ["Dashed lines: the group's medians."] : []),
    ...(chosen ? [`◆ ${chosen}.`] : []),
    ...(england ? ['■ England.'] : []),
    'Other councils numbered as in the table.',
  ].join(' ');
  return wrapText(words, WIDTH - 16, MIN_FONT);
}

function quadrantTable(
  input: QuadrantChartInput,
  rows: readonly { point: QuadrantPoint; placement: Placement }[],
  numbers: ReadonlyMap<string, number>,
  medians: { cost: number | null; outcome: number | null },
) {
  const polarity = input.outcome.polarity;
  const unrounded = (f: AxisFigure) => (typeof f === 'number' ? f : null);
  const council = rows.map(({ point, placement }): DataTableRow => ({
    cells: [
      point.name,
      String(numbers.get(point.code) ?? 'not drawn'),
      figureText(point.cost, input.cost.format),
      figureText(point.outcome, input.outcome.format),
      placementWords(placement, polarity),
    ],
    highlighted: point.code === input.highlight,
    unrounded: [null, null, unrounded(point.cost), unrounded(point.outcome), null],
  }));
  const median = (v: number | null, format: MetricFormat) =>
    v === null ? 'not available' : formatValue(v, format);
  return {
    caption: input.title,
    columns: [
      { heading: 'Council', numeric: false },
      { heading: 'Point', numeric: true },
      { heading: `${input.cost.title} (${input.cost.period})`, numeric: true },
      { heading: `${input.outcome.title} (${input.outcome.period})`, numeric: true },
      { heading: 'Quadrant', numeric: false },
    ],
    rows: [
      ...council,
      {
        cells: [
          "The group's median",
          'dashed lines',
          median(medians.cost, input.cost.format),
          median(medians.outcome, input.outcome.format),
          'Divides the quadrants',
        ],
        highlighted: false,
        unrounded: [null, null, medians.cost, medians.outcome, null],
      },
      {
        cells: [
          'England',
          typeof input.england.cost === 'number' && typeof input.england.outcome === 'number'
            ? 'square'
            : 'not drawn',
          figureText(input.england.cost, input.cost.format),
          figureText(input.england.outcome, input.outcome.format),
          'For reference: not in the group',
        ],
        highlighted: false,
        unrounded: [
          null,
          null,
          unrounded(input.england.cost),
          unrounded(input.england.outcome),
          null,
        ],
      },
    ],
  };
}
