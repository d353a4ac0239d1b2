/**
 * A group's values as horizontal bars, best first, with the chosen area marked and the group
 * median drawn across them: "where do we stand among councils like us?" at a glance.
 */
import type { Polarity } from '../db/vocabulary.ts';
import {
  compareGroup,
  compareWithBenchmark,
  confidenceInterval,
  type Significance,
  type Standing,
} from '../comparison/statistics.ts';
import {
  formatValue,
  missingWord,
  unitNote,
  type AreaFigure,
  type MetricFormat,
} from './format.ts';
import {
  capitalise,
  chartId,
  colours,
  coordinate,
  count,
  councils,
  escapeXml,
  listInProse,
  ordinal,
  svgDocument,
  textWidth,
  type Noun,
} from './svg.ts';
import {
  legend,
  significanceEntries,
  significanceFill,
  significancePatterns,
  significanceOrder,
  significanceStyles,
  type LegendEntry,
} from './significance.ts';
import type { Chart, DataTable, DataTableRow } from './table.ts';

export interface RankedBarsInput {
  /** The accessible name and the table's caption. */
  title: string;
  format: MetricFormat;
  polarity: Polarity;
  areas: readonly AreaFigure[];
  /** The chosen area's code, or null when no area is chosen. */
  highlight: string | null;
  /** What the areas are called in the description; councils by default. */
  noun?: Noun;
  /** Element id prefix; derived from the title when absent. */
  id?: string;
  /**
   * England's value in the same period: drawn as a labelled line and, where an area's figure
   * has a confidence interval, the benchmark its bar is coloured against.
   */
  england?: number | null;
}

const WIDTH = 640;
const FONT = 13;
const MARGIN = 8;
/** Bars share this height, each row between MIN_ROW and ROOMY_ROW high. */
const BARS_HEIGHT = 640;
const ROOMY_ROW = 22;
const MIN_ROW = 2;
/** Rows at least this high have room for a label each; thinner rows are labelled sparsely. */
const LABELLED_ROW = 14;
/** Between sparse labels, so that they read as signposts rather than a wall of text. */
const SPARSE_LABEL_SPACING = 28;
const MISSING_ROW = 20;
/** More areas without a value than this are counted in a sentence, not listed one a row. */
const MISSING_LISTED = 10;
const MARKER = '◆';
/** Rows thinner than this have no room for a whisker; the chosen area's keeps one. */
const WHISKER_ROW = 6;
const REFERENCE_ROW = FONT + 8;
/** A white outline under the glyphs, so a reference line crossing a label does not cut it. */
const HALO = ` stroke="${colours.background}" stroke-width="3" paint-order="stroke"`;

/**
 * Which rows keep their labels when there are too many to label all: the chosen area always,
 * then the worst and every `step`th from the best, skipping any that would crowd a kept label.
 */
function labelledRows(rows: number, step: number, highlighted: number | null): Set<number> {
  const kept = new Set<number>();
  const fits = (i: number) => [...kept].every((k) => Math.abs(k - i) >= step);
  if (highlighted !== null) kept.add(highlighted);
  if (rows > 0 && fits(rows - 1)) kept.add(rows - 1);
  for (let i = 0; i < rows; i += step) if (fits(i)) kept.add(i);
  return kept;
}

/** Cuts text to fit a width, with an ellipsis; the data table always has the full name. */
function fitText(text: string, width: number, bold: boolean): string {
  if (textWidth(text, FONT, bold) <= width) return text;
  let cut = text;
  while (cut.length > 1 && textWidth(`${cut}…`, FONT, bold) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

type Ranked = Extract<Standing, { comparable: true }>;
type Unranked = Extract<Standing, { comparable: false }>;

function isTied(standing: Ranked, standings: readonly Standing[]): boolean {
  return standings.filter((s) => s.comparable && s.rank === standing.rank).length > 1;
}

function rankText(standing: Standing, standings: readonly Standing[]): string {
  if (!standing.comparable) return 'not ranked';
  return isTied(standing, standings) ? `${standing.rank} (joint)` : String(standing.rank);
}

/**
 * Renders the bars best first by the metric's polarity (highest first for no-judgement metrics,
 * which the description says), using the comparison API's ranking so the two always agree. Each
 * bar starts at zero and is labelled with its value; the chosen area's bar is blue, outlined,
 * and its label bold with a ◆, so it is found without seeing colour. Areas without a value come
 * last with the reason in words and no bar. With more than 45 bars the rows narrow and only some
 * are labelled (always the chosen area, the best and the worst); the table has every one.
 */
export function renderRankedBars(input: RankedBarsInput): Chart {
  const id = chartId(input.id, 'bars', input.title);
  const noun = input.noun ?? councils;
  const names = new Map(input.areas.map((a) => [a.code, a.name]));
  const values = input.areas.map((a) => ({
    area: a.code,
    value: a.value,
    status: a.status,
    lci: a.lci ?? null,
    uci: a.uci ?? null,
  }));
  const measuredOf = new Map(values.map((v) => [v.area, v]));
  const comparison = compareGroup(values, input.polarity);
  if (input.highlight !== null && !names.has(input.highlight))
    throw new RangeError(`The highlighted area ${input.highlight} is not in the chart`);
  const england =
    input.england !== undefined && input.england !== null && Number.isFinite(input.england)
      ? input.england
      : null;
  const intervalOf = (code: string) => {
    const measured = measuredOf.get(code);
    return measured ? confidenceInterval(measured) : null;
  };
  const ranked = comparison.standings.filter((s): s is Ranked => s.comparable);
  const unranked = comparison.standings.filter((s): s is Unranked => !s.comparable);
  // Coloured by significance only when there is something to test: England and an interval.
  const tested = england !== null && ranked.some((s) => intervalOf(s.area) !== null);
  const significance = new Map<string, Significance>(
    tested
      ? ranked.map((s) => {
          const measured = measuredOf.get(s.area);
          return [
            s.area,
            measured ? compareWithBenchmark(measured, england, input.polarity) : 'not-tested',
          ];
        })
      : [],
  );
  const context: BarsContext = {
    id,
    input,
    noun,
    nameOf: (code) => names.get(code) ?? code,
    label: (value) => formatValue(value, { ...input.format, symbolsOnly: true }),
    full: (standing) =>
      formatValue(standing.comparable ? standing.value : standing.reason, input.format),
    intervalOf,
    significance,
    england,
  };
  const layout = layOut(context, ranked, unranked, comparison.statistics?.median ?? null);
  const content = [
    ...significancePatterns(id, new Set(significance.values())),
    ...drawBars(context, layout, ranked),
  ];
  const height = drawBelowBars(context, layout, unranked, content);

  const svg = svgDocument(
    {
      id,
      width: WIDTH,
      height: height + MARGIN,
      title: input.title,
      description: describe(context, comparison.standings, layout),
      className: 'app-chart app-chart--bars',
    },
    [`<g font-size="${FONT}" fill="${colours.text}">`, ...content, '</g>'],
  );
  return { svg, table: dataTable(context, comparison.standings) };
}

interface BarsContext {
  id: string;
  input: RankedBarsInput;
  noun: Noun;
  nameOf: (code: string) => string;
  /** A value as a label on the chart: symbols, no unit words. */
  label: (value: number) => string;
  /** A value or the reason for its absence, in full. */
  full: (standing: Standing) => string;
  intervalOf: (code: string) => { lower: number; upper: number } | null;
  /** Each ranked area's answer against England; empty when nothing is tested. */
  significance: ReadonlyMap<string, Significance>;
  england: number | null;
}

interface BarsLayout {
  row: number;
  labelled: Set<number>;
  listedMissing: Unranked[];
  unlisted: number;
  nameWidth: number;
  nameRight: number;
  plotLeft: number;
  barsTop: number;
  median: number | null;
  references: { name: string; value: number; dash: string | null }[];
  x: (value: number) => number;
  /** Everything drawn before the bars: the unit note and the reference labels. */
  head: string[];
}

/**
 * Rows, labels and the value scale. The scale covers every value, interval and reference line
 * and starts at zero, so bars are read by their length.
 */
function layOut(
  context: BarsContext,
  ranked: readonly Ranked[],
  unranked: readonly Unranked[],
  median: number | null,
): BarsLayout {
  const { input, label } = context;
  const highlightedRank = ranked.findIndex((s) => s.area === input.highlight);
  const row = Math.min(ROOMY_ROW, Math.max(MIN_ROW, BARS_HEIGHT / Math.max(1, ranked.length)));
  const step = row >= LABELLED_ROW ? 1 : Math.ceil(SPARSE_LABEL_SPACING / row);
  const labelled = labelledRows(ranked.length, step, highlightedRank >= 0 ? highlightedRank : null);
  const listedMissing =
    unranked.length <= MISSING_LISTED
      ? [...unranked]
      : unranked.filter((s) => s.area === input.highlight);
  const labelCodes = [
    ...ranked.filter((_, i) => labelled.has(i)).map((s) => s.area),
    ...listedMissing.map((s) => s.area),
  ];
  const nameWidth = Math.min(
    WIDTH * 0.4,
    Math.max(
      0,
      ...labelCodes.map((code) =>
        textWidth(nameLabel(context, code), FONT, code === input.highlight),
      ),
    ),
  );
  const valueWidth =
    Math.max(
      0,
      ...ranked.filter((_, i) => labelled.has(i)).map((s) => textWidth(label(s.value), FONT, true)),
    ) + 6;
  const references = [
    ...(context.england === null ? [] : [{ name: 'England', value: context.england, dash: null }]),
    ...(median === null ? [] : [{ name: 'Group median', value: median, dash: '5 3' }]),
  ];
  const extent = ranked.flatMap((s) => {
    const interval = context.intervalOf(s.area);
    return interval ? [s.value, interval.lower, interval.upper] : [s.value];
  });
  extent.push(...references.map((r) => r.value));
  const low = Math.min(0, ...extent);
  const high = Math.max(0, ...extent);
  const nameRight = MARGIN + nameWidth;
  const plotLeft = nameRight + 8 + (low < 0 ? valueWidth : 0);
  const plotRight = WIDTH - MARGIN - valueWidth;
  const x = (value: number) =>
    high === low ? plotLeft : plotLeft + ((value - low) / (high - low)) * (plotRight - plotLeft);

  const head: string[] = [];
  let y = MARGIN;
  const note = unitNote(input.format.unit);
  if (note !== null) {
    y += FONT;
    head.push(
      `<text x="${coordinate(plotLeft)}" y="${coordinate(y)}" fill="${colours.secondaryText}">${escapeXml(note)}</text>`,
    );
    y += 6;
  }
  // Each reference line is labelled on a row of its own, so the labels never overlap.
  for (const reference of references) {
    y += REFERENCE_ROW;
    const text = `${reference.name} ${label(reference.value)}`;
    const half = textWidth(text, FONT) / 2;
    const centre = Math.min(Math.max(x(reference.value), plotLeft + half), WIDTH - MARGIN - half);
    head.push(
      `<text x="${coordinate(centre)}" y="${coordinate(y - 6)}" text-anchor="middle"${HALO}>${escapeXml(text)}</text>`,
    );
  }
  return {
    row,
    labelled,
    listedMissing,
    unlisted: unranked.length - listedMissing.length,
    nameWidth,
    nameRight,
    plotLeft,
    barsTop: y + (references.length > 0 ? 4 : 0),
    median,
    references,
    x,
    head,
  };
}

function nameLabel(context: BarsContext, code: string): string {
  const name = context.nameOf(code);
  return code === context.input.highlight ? `${MARKER} ${name}` : name;
}

function barFill(context: BarsContext, code: string, highlighted: boolean): string {
  const answer = context.significance.get(code);
  if (answer !== undefined) return significanceFill(context.id, answer);
  return highlighted ? colours.highlight : colours.otherBar;
}

/** The bars, their whiskers, the zero line, the reference lines and the labels, in that order. */
function drawBars(context: BarsContext, layout: BarsLayout, ranked: readonly Ranked[]): string[] {
  const { input, label, nameOf } = context;
  const { row, x, barsTop } = layout;
  const bars: string[] = [];
  const chosenBar: string[] = [];
  const texts: string[] = [];
  ranked.forEach((standing, index) => {
    const middle = barsTop + index * row + row / 2;
    const highlighted = standing.area === input.highlight;
    // Both ends rounded before the width is taken, so every bar meets the zero line exactly.
    const zeroEnd = Number(coordinate(x(0)));
    const valueEnd = Number(coordinate(x(standing.value)));
    // A dense row is too thin to see; the chosen bar keeps a visible height over its neighbours.
    const height = highlighted ? Math.max(row * 0.75, 8) : row >= 8 ? row * 0.75 : row;
    const answer = context.significance.get(standing.area);
    const tooltip = `${nameOf(standing.area)}: ${context.full(standing)}${answer === undefined ? '' : `, ${significanceStyles[answer].words.toLowerCase()}`}`;
    const interval = context.intervalOf(standing.area);
    const whisker =
      interval && (row >= WHISKER_ROW || highlighted)
        ? drawWhisker(x(interval.lower), x(interval.upper), middle, Math.min(height, 10))
        : '';
    // Drawn last, so its outline is not hidden under its neighbours'.
    (highlighted ? chosenBar : bars).push(
      `<rect x="${coordinate(Math.min(zeroEnd, valueEnd))}" y="${coordinate(middle - height / 2)}" ` +
        `width="${coordinate(Math.abs(valueEnd - zeroEnd))}" height="${coordinate(height)}" ` +
        `fill="${barFill(context, standing.area, highlighted)}"` +
        (highlighted ? ` stroke="${colours.text}" stroke-width="1.5"` : '') +
        `><title>${escapeXml(tooltip)}</title></rect>` +
        whisker,
    );
    if (!layout.labelled.has(index)) return;
    const weight = highlighted ? ' font-weight="bold"' : '';
    const baseline = coordinate(middle + FONT * 0.35);
    texts.push(
      `<text x="${coordinate(layout.nameRight)}" y="${baseline}" text-anchor="end"${weight}>` +
        `${escapeXml(fitText(nameLabel(context, standing.area), layout.nameWidth, highlighted))}</text>`,
    );
    // The value sits beyond the bar and its whisker, whichever reaches further.
    const below = standing.value < 0;
    const end = below
      ? Math.min(x(standing.value), interval && whisker ? x(interval.lower) : Infinity)
      : Math.max(x(standing.value), interval && whisker ? x(interval.upper) : -Infinity);
    texts.push(
      `<text x="${coordinate(end + (below ? -4 : 4))}" y="${baseline}"` +
        `${below ? ' text-anchor="end"' : ''}${weight}${HALO}>${escapeXml(label(standing.value))}</text>`,
    );
  });
  const barsBottom = barsTop + ranked.length * row;
  const lines = ranked.length === 0 ? [] : [verticalLine(x(0), barsTop, barsBottom, 1, null)];
  layout.references.forEach((reference, index) => {
    const top = barsTop - 4 - (layout.references.length - 1 - index) * REFERENCE_ROW;
    lines.push(verticalLine(x(reference.value), top, barsBottom, 1.5, reference.dash));
  });
  return [...layout.head, ...bars, ...chosenBar, ...lines, ...texts];
}

function verticalLine(x: number, top: number, bottom: number, width: number, dash: string | null) {
  return (
    `<line x1="${coordinate(x)}" y1="${coordinate(top)}" x2="${coordinate(x)}" y2="${coordinate(bottom)}" ` +
    `stroke="${colours.text}" stroke-width="${width}"${dash === null ? '' : ` stroke-dasharray="${dash}"`}/>`
  );
}

/** A confidence interval: a line between the limits with a cap at each end. */
function drawWhisker(left: number, right: number, middle: number, cap: number): string {
  const top = coordinate(middle - cap / 2);
  const bottom = coordinate(middle + cap / 2);
  const l = coordinate(left);
  const r = coordinate(right);
  const m = coordinate(middle);
  return (
    `<path d="M${l},${m}H${r}M${l},${top}V${bottom}M${r},${top}V${bottom}" ` +
    `fill="none" stroke="${colours.text}" stroke-width="1.5"/>`
  );
}

/**
 * The areas without a value, the count of those not listed, and the legend, appended to
 * `content`. Returns the bottom of what was drawn.
 */
function drawBelowBars(
  context: BarsContext,
  layout: BarsLayout,
  unranked: readonly Unranked[],
  content: string[],
): number {
  const { input, noun } = context;
  let y =
    layout.barsTop +
    (input.areas.length - unranked.length) * layout.row +
    (layout.listedMissing.length > 0 ? 6 : 0);
  for (const standing of layout.listedMissing) {
    const highlighted = standing.area === input.highlight;
    const weight = highlighted ? ' font-weight="bold"' : '';
    const baseline = coordinate(y + MISSING_ROW / 2 + FONT * 0.35);
    content.push(
      `<text x="${coordinate(layout.nameRight)}" y="${baseline}" text-anchor="end"${weight}>` +
        `${escapeXml(fitText(nameLabel(context, standing.area), layout.nameWidth, highlighted))}</text>`,
      `<text x="${coordinate(layout.plotLeft)}" y="${baseline}" fill="${colours.secondaryText}" font-style="italic"${weight}>` +
        `${escapeXml(missingWord(standing.reason))}</text>`,
    );
    y += MISSING_ROW;
  }
  if (layout.unlisted > 0) {
    const others = layout.listedMissing.length > 0 ? 'other ' : '';
    const n = layout.unlisted;
    y += FONT + 8;
    content.push(
      `<text x="${coordinate(MARGIN)}" y="${coordinate(y)}" fill="${colours.secondaryText}">` +
        `${escapeXml(`${n} ${others}${n === 1 ? noun.singular : noun.plural} with no value ${n === 1 ? 'is' : 'are'} listed in the table.`)}</text>`,
    );
  }
  const entries = keyEntries(context, layout);
  if (entries.length === 0) return y;
  const key = legend(entries, MARGIN, WIDTH - MARGIN, y + 12, FONT);
  content.push(`<g id="${context.id}-legend">`, ...key.svg, '</g>');
  return y + 12 + key.height;
}

/** The legend: the chosen area's mark, the reference lines, the interval and the colours. */
function keyEntries(context: BarsContext, layout: BarsLayout): LegendEntry[] {
  const entries: LegendEntry[] = [];
  if (context.input.highlight !== null)
    entries.push({
      swatch: `<text x="8" y="10.5" text-anchor="middle" font-weight="bold">${MARKER}</text>`,
      words: `${context.nameOf(context.input.highlight)} (outlined)`,
    });
  for (const reference of layout.references)
    entries.push({
      swatch:
        `<line x1="8" y1="0" x2="8" y2="12" stroke="${colours.text}" stroke-width="1.5"` +
        `${reference.dash === null ? '' : ` stroke-dasharray="3 2"`}/>`,
      words: reference.dash === null ? 'England' : 'Group median (dashed)',
    });
  if (context.input.areas.some((a) => context.intervalOf(a.code) !== null))
    entries.push({ swatch: drawWhisker(1, 15, 6, 8), words: '95% confidence interval' });
  const used = new Set(context.significance.values());
  return [...entries, ...significanceEntries(context.id, used)];
}

function dataTable(context: BarsContext, standings: readonly Standing[]): DataTable {
  const { input, noun, nameOf } = context;
  const withIntervals = input.areas.some((a) => context.intervalOf(a.code) !== null);
  const tested = context.significance.size > 0;
  const rows: DataTableRow[] = standings.map((standing) => {
    const interval = context.intervalOf(standing.area);
    const answer = context.significance.get(standing.area);
    return {
      cells: [
        nameOf(standing.area),
        rankText(standing, standings),
        context.full(standing),
        ...(withIntervals
          ? [
              interval && standing.comparable
                ? `${formatValue(interval.lower, input.format)} to ${formatValue(interval.upper, input.format)}`
                : 'none',
            ]
          : []),
        ...(tested
          ? [answer === undefined ? 'not compared' : significanceStyles[answer].words]
          : []),
      ],
      highlighted: standing.area === input.highlight,
      unrounded: [
        null,
        null,
        standing.comparable ? standing.value : null,
        ...(withIntervals ? [null] : []),
        ...(tested ? [null] : []),
      ],
    };
  });
  return {
    caption: input.title,
    columns: [
      { heading: capitalise(noun.singular), numeric: false },
      { heading: 'Rank', numeric: true },
      { heading: 'Value', numeric: true },
      ...(withIntervals ? [{ heading: '95% confidence interval', numeric: true }] : []),
      ...(tested
        ? [
            {
              heading: `Compared with England (${formatValue(context.england ?? 0, input.format)})`,
              numeric: false,
            },
          ]
        : []),
    ],
    rows,
  };
}

function describe(
  context: BarsContext,
  standings: readonly Standing[],
  { median, unlisted }: BarsLayout,
): string {
  const { input, noun, nameOf } = context;
  const ranked = standings.filter((s) => s.comparable).length;
  const missing = standings.length - ranked;
  const order =
    input.polarity === 'no-judgement'
      ? 'sorted from highest to lowest value; a higher value is neither better nor worse.'
      : `sorted best first: ${input.polarity === 'higher-is-better' ? 'higher' : 'lower'} is better.`;
  const sentences = [`Bar chart of ${count(ranked, noun)} with a value, ${order}`];
  const medianText = median === null ? null : formatValue(median, input.format);
  const chosen = standings.find((s) => s.area === input.highlight);
  if (chosen?.comparable) {
    sentences.push(
      `${nameOf(chosen.area)} ranks ${isTied(chosen, standings) ? 'joint ' : ''}${ordinal(chosen.rank)} of ${count(ranked, noun)} ` +
        `with ${formatValue(chosen.value, input.format)}` +
        (medianText === null ? '.' : `; the group median is ${medianText}.`),
    );
  } else {
    if (chosen)
      sentences.push(`${nameOf(chosen.area)} has no value: ${missingWord(chosen.reason)}.`);
    if (medianText !== null) sentences.push(`The group median is ${medianText}.`);
  }
  if (context.england !== null)
    sentences.push(
      `England's value, ${formatValue(context.england, input.format)}, is drawn as a solid line.`,
    );
  if (context.significance.size > 0) {
    const answers = [...context.significance.values()];
    const parts = significanceOrder.flatMap((answer) => {
      const n = answers.filter((a) => a === answer).length;
      return n > 0 ? [`${n} ${significanceStyles[answer].counted}`] : [];
    });
    sentences.push(
      `Bars are coloured and patterned by comparison with England using 95% confidence intervals: ${listInProse(parts)}.`,
    );
  }
  if (missing > 0) {
    const where = unlisted > 0 ? 'listed in the table' : 'listed at the end without a bar';
    sentences.push(
      `${capitalise(count(missing, noun))} ${missing === 1 ? 'has' : 'have'} no value and ${missing === 1 ? 'is' : 'are'} ${where}.`,
    );
  }
  return sentences.join(' ');
}
