/**
 * A group's values as horizontal bars, best first, with the chosen area marked and the group
 * median drawn across them: "where do we stand among councils like us?" at a glance.
 */
import type { Polarity } from '../db/vocabulary.ts';
import { compareGroup, type Standing } from '../comparison/statistics.ts';
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
  ordinal,
  svgDocument,
  textWidth,
  type Noun,
} from './svg.ts';
import type { Chart, DataTableRow } from './table.ts';

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
  const comparison = compareGroup(
    input.areas.map((a) => ({
      area: a.code,
      value: a.value,
      status: a.status,
      lci: null,
      uci: null,
    })),
    input.polarity,
  );
  if (input.highlight !== null && !names.has(input.highlight))
    throw new RangeError(`The highlighted area ${input.highlight} is not in the chart`);
  const nameOf = (code: string) => names.get(code) ?? code;
  const label = (value: number) => formatValue(value, { ...input.format, symbolsOnly: true });
  const full = (standing: Standing) =>
    formatValue(standing.comparable ? standing.value : standing.reason, input.format);

  const ranked = comparison.standings.filter((s): s is Ranked => s.comparable);
  const unranked = comparison.standings.filter((s): s is Unranked => !s.comparable);
  const highlightedRank = ranked.findIndex((s) => s.area === input.highlight);
  const highlightedRow = highlightedRank >= 0 ? highlightedRank : null;
  const row = Math.min(ROOMY_ROW, Math.max(MIN_ROW, BARS_HEIGHT / Math.max(1, ranked.length)));
  const step = row >= LABELLED_ROW ? 1 : Math.ceil(SPARSE_LABEL_SPACING / row);
  const labelled = labelledRows(ranked.length, step, highlightedRow);
  const listedMissing =
    unranked.length <= MISSING_LISTED
      ? unranked
      : unranked.filter((s) => s.area === input.highlight);
  const unlisted = unranked.length - listedMissing.length;

  const isHighlighted = (code: string) => code === input.highlight;
  const nameLabel = (code: string) =>
    isHighlighted(code) ? `${MARKER} ${nameOf(code)}` : nameOf(code);
  const labelCodes = [
    ...ranked.filter((_, i) => labelled.has(i)).map((s) => s.area),
    ...listedMissing.map((s) => s.area),
  ];
  const nameWidth = Math.min(
    WIDTH * 0.4,
    Math.max(0, ...labelCodes.map((code) => textWidth(nameLabel(code), FONT, isHighlighted(code)))),
  );
  const valueWidth =
    Math.max(
      0,
      ...ranked.filter((_, i) => labelled.has(i)).map((s) => textWidth(label(s.value), FONT, true)),
    ) + 6;

  const values = ranked.map((s) => s.value);
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const nameRight = MARGIN + nameWidth;
  const plotLeft = nameRight + 8 + (low < 0 ? valueWidth : 0);
  const plotRight = WIDTH - MARGIN - valueWidth;
  const x = (value: number) =>
    high === low ? plotLeft : plotLeft + ((value - low) / (high - low)) * (plotRight - plotLeft);

  const note = unitNote(input.format.unit);
  const median = comparison.statistics?.median ?? null;
  let y = MARGIN;
  const content: string[] = [];
  if (note !== null) {
    y += FONT;
    content.push(
      `<text x="${coordinate(plotLeft)}" y="${coordinate(y)}" fill="${colours.secondaryText}">${escapeXml(note)}</text>`,
    );
    y += 6;
  }
  if (median !== null) y += FONT + 10;
  const barsTop = y;

  const bars: string[] = [];
  const chosenBar: string[] = [];
  const texts: string[] = [];
  ranked.forEach((standing, index) => {
    const top = barsTop + index * row;
    const middle = top + row / 2;
    const highlighted = isHighlighted(standing.area);
    // Both ends rounded before the width is taken, so every bar meets the zero line exactly.
    const zeroEnd = Number(coordinate(x(0)));
    const valueEnd = Number(coordinate(x(standing.value)));
    const left = Math.min(zeroEnd, valueEnd);
    const width = Math.abs(valueEnd - zeroEnd);
    // A dense row is too thin to see; the chosen bar keeps a visible height over its neighbours.
    const height = highlighted ? Math.max(row * 0.75, 8) : row >= 8 ? row * 0.75 : row;
    const bar =
      `<rect x="${coordinate(left)}" y="${coordinate(middle - height / 2)}" width="${coordinate(width)}" ` +
      `height="${coordinate(height)}" fill="${highlighted ? colours.highlight : colours.otherBar}"` +
      (highlighted ? ` stroke="${colours.text}" stroke-width="1.5"` : '') +
      `><title>${escapeXml(`${nameOf(standing.area)}: ${full(standing)}`)}</title></rect>`;
    // Drawn last, so its outline is not hidden under its neighbours'.
    (highlighted ? chosenBar : bars).push(bar);
    if (!labelled.has(index)) return;
    const weight = highlighted ? ' font-weight="bold"' : '';
    const baseline = coordinate(middle + FONT * 0.35);
    texts.push(
      `<text x="${coordinate(nameRight)}" y="${baseline}" text-anchor="end"${weight}>` +
        `${escapeXml(fitText(nameLabel(standing.area), nameWidth, highlighted))}</text>`,
    );
    const below = standing.value < 0;
    texts.push(
      `<text x="${coordinate(x(standing.value) + (below ? -4 : 4))}" y="${baseline}"` +
        `${below ? ' text-anchor="end"' : ''}${weight}>${escapeXml(label(standing.value))}</text>`,
    );
  });
  const barsBottom = barsTop + ranked.length * row;
  content.push(...bars, ...chosenBar);
  if (ranked.length > 0)
    content.push(
      `<line x1="${coordinate(x(0))}" y1="${coordinate(barsTop)}" x2="${coordinate(x(0))}" ` +
        `y2="${coordinate(barsBottom)}" stroke="${colours.text}" stroke-width="1"/>`,
    );
  if (median !== null) {
    const medianText = `Group median ${label(median)}`;
    const half = textWidth(medianText, FONT) / 2;
    const centre = Math.min(Math.max(x(median), plotLeft + half), WIDTH - MARGIN - half);
    content.push(
      `<line x1="${coordinate(x(median))}" y1="${coordinate(barsTop - 6)}" x2="${coordinate(x(median))}" ` +
        `y2="${coordinate(barsBottom)}" stroke="${colours.text}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
      `<text x="${coordinate(centre)}" y="${coordinate(barsTop - 10)}" text-anchor="middle">` +
        `${escapeXml(medianText)}</text>`,
    );
  }
  content.push(...texts);

  y = barsBottom + (listedMissing.length > 0 ? 6 : 0);
  for (const standing of listedMissing) {
    const highlighted = isHighlighted(standing.area);
    const weight = highlighted ? ' font-weight="bold"' : '';
    const baseline = coordinate(y + MISSING_ROW / 2 + FONT * 0.35);
    content.push(
      `<text x="${coordinate(nameRight)}" y="${baseline}" text-anchor="end"${weight}>` +
        `${escapeXml(fitText(nameLabel(standing.area), nameWidth, highlighted))}</text>`,
      `<text x="${coordinate(plotLeft)}" y="${baseline}" fill="${colours.secondaryText}" font-style="italic"${weight}>` +
        `${escapeXml(missingWord(standing.reason))}</text>`,
    );
    y += MISSING_ROW;
  }
  if (unlisted > 0) {
    const others = listedMissing.length > 0 ? 'other ' : '';
    y += FONT + 8;
    content.push(
      `<text x="${coordinate(MARGIN)}" y="${coordinate(y)}" fill="${colours.secondaryText}">` +
        `${escapeXml(`${unlisted} ${others}${unlisted === 1 ? noun.singular : noun.plural} with no value ${unlisted === 1 ? 'is' : 'are'} listed in the table.`)}</text>`,
    );
  }

  const svg = svgDocument(
    {
      id,
      width: WIDTH,
      height: y + MARGIN,
      title: input.title,
      description: describe(input, comparison.standings, median, unlisted, noun, nameOf),
      className: 'app-chart app-chart--bars',
    },
    [`<g font-size="${FONT}" fill="${colours.text}">`, ...content, '</g>'],
  );

  const rows: DataTableRow[] = comparison.standings.map((standing) => ({
    cells: [nameOf(standing.area), rankText(standing, comparison.standings), full(standing)],
    highlighted: isHighlighted(standing.area),
  }));
  return {
    svg,
    table: {
      caption: input.title,
      columns: [
        { heading: capitalise(noun.singular), numeric: false },
        { heading: 'Rank', numeric: true },
        { heading: 'Value', numeric: true },
      ],
      rows,
    },
  };
}

function describe(
  input: RankedBarsInput,
  standings: readonly Standing[],
  median: number | null,
  unlisted: number,
  noun: Noun,
  nameOf: (code: string) => string,
): string {
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
  if (missing > 0) {
    const where = unlisted > 0 ? 'listed in the table' : 'listed at the end without a bar';
    sentences.push(
      `${capitalise(count(missing, noun))} ${missing === 1 ? 'has' : 'have'} no value and ${missing === 1 ? 'is' : 'are'} ${where}.`,
    );
  }
  return sentences.join(' ');
}
