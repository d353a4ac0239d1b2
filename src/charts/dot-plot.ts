/**
 * A ranking as a dot plot: one labelled row per council, so that every dot is named however long
 * the ranking. A long ranking shows its top and bottom with the count of those between (the
 * table after the chart lists them all), rather than thinning the labels to every ninth.
 */
import { formatValue, type MetricFormat } from './format.ts';
import { niceTicks, valueDomain } from './scale.ts';
import {
  MIN_FONT,
  chartId,
  colours,
  coordinate,
  escapeXml,
  svgDocument,
  textWidth,
} from './svg.ts';

export interface DotPlotRow {
  name: string;
  value: number;
  /** "1", "2=" and so on: the rank as the table shows it. */
  rank: string;
}

export interface DotPlotInput {
  id?: string;
  title: string;
  format: MetricFormat;
  /** The rows to draw, in rank order. */
  rows: readonly DotPlotRow[];
  /** More rows than this: the first and last `ends` are drawn, with a gap between. */
  ends?: number;
  /** England's figure in the period, drawn as a labelled line; null when there is none. */
  england: number | null;
}

const WIDTH = 640;
const FONT = 13;
const ROW = 22;
const TOP = 40;
const LABEL_RIGHT = 250;
const PLOT_LEFT = 264;
const PLOT_RIGHT = 540;
const VALUE_RIGHT = WIDTH - 8;
/** Long rankings show this many councils at each end. */
const ENDS = 15;

/** Cuts a name to fit the label column, with an ellipsis; the table has it whole. */
function fit(text: string, width: number): string {
  if (textWidth(text, FONT) <= width) return text;
  let cut = text;
  while (cut.length > 1 && textWidth(`${cut}…`, FONT) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** The rows drawn: all of them, or both ends with the number left out between. */
export function shownRows(
  rows: readonly DotPlotRow[],
  ends = ENDS,
): { top: DotPlotRow[]; omitted: number; bottom: DotPlotRow[] } {
  if (rows.length <= ends * 2 + 2) return { top: [...rows], omitted: 0, bottom: [] };
  return { top: rows.slice(0, ends), omitted: rows.length - ends * 2, bottom: rows.slice(-ends) };
}

export function renderDotPlot(input: DotPlotInput): string {
  const id = chartId(input.id, 'dot-plot', input.title);
  const { top, omitted, bottom } = shownRows(input.rows, input.ends);
  const values = [
    ...input.rows.map((r) => r.value),
    ...(input.england === null ? [] : [input.england]),
  ];
  const [low, high] = valueDomain(values, input.format.unit);
  const ticks = niceTicks(low, high, 4);
  const first = ticks.values[0] ?? low;
  const last = ticks.values.at(-1) ?? high;
  const x = (v: number) =>
    PLOT_LEFT + ((v - first) / (last - first || 1)) * (PLOT_RIGHT - PLOT_LEFT);
  const gapHeight = omitted > 0 ? ROW * 1.5 : 0;
  const height = TOP + (top.length + bottom.length) * ROW + gapHeight + 8;
  const tickFormat = { ...input.format, decimalPlaces: ticks.decimals, symbolsOnly: true };
  const content: string[] = ticks.values.map(
    (t) =>
      `<line x1="${coordinate(x(t))}" x2="${coordinate(x(t))}" y1="${TOP - 6}" y2="${coordinate(height - 8)}" stroke="${colours.gridline}"/>` +
      `<text x="${coordinate(x(t))}" y="${TOP - 12}" font-size="${MIN_FONT}" text-anchor="middle" fill="${colours.secondaryText}">${escapeXml(formatValue(t, tickFormat))}</text>`,
  );
  if (input.england !== null) {
    const ex = coordinate(x(input.england));
    const label = `England ${formatValue(input.england, input.format)}`;
    // Near the right edge the label runs leftwards from the line, so it is never cut off.
    const leftwards = x(input.england) + 4 + textWidth(label, MIN_FONT) > WIDTH;
    content.push(
      `<line x1="${ex}" x2="${ex}" y1="${TOP - 30}" y2="${coordinate(height - 8)}" stroke="${colours.text}" stroke-dasharray="4 3"/>`,
      `<text x="${ex}" y="${TOP - 28}" dx="${leftwards ? -4 : 4}" font-size="${MIN_FONT}"${leftwards ? ' text-anchor="end"' : ''} fill="${colours.text}">${escapeXml(label)}</text>`,
    );
  }
  const row = (r: DotPlotRow, y: number) =>
    `<text x="${LABEL_RIGHT}" y="${coordinate(y + 4)}" font-size="${FONT}" text-anchor="end" fill="${colours.text}">${escapeXml(fit(`${r.rank}. ${r.name}`, LABEL_RIGHT - 8))}</text>` +
    `<circle cx="${coordinate(x(r.value))}" cy="${coordinate(y)}" r="5" fill="${colours.highlight}"/>` +
    `<text x="${VALUE_RIGHT}" y="${coordinate(y + 4)}" font-size="${FONT}" text-anchor="end" fill="${colours.text}">${escapeXml(formatValue(r.value, { ...input.format, symbolsOnly: true }))}</text>`;
  top.forEach((r, i) => content.push(row(r, TOP + ROW * (i + 0.5))));
  if (omitted > 0) {
    const y = TOP + ROW * top.length + gapHeight / 2;
    content.push(
      `<text x="${LABEL_RIGHT}" y="${coordinate(y + 4)}" font-size="${FONT}" text-anchor="end" font-style="italic" fill="${colours.secondaryText}">… ${omitted} more in the table</text>`,
    );
    bottom.forEach((r, i) => content.push(row(r, TOP + gapHeight + ROW * (top.length + i + 0.5))));
  }
  const description =
    omitted > 0
      ? `The top ${top.length} and bottom ${bottom.length} of ${input.rows.length} councils, one labelled dot each; the ${omitted} between are in the table that follows.`
      : `${input.rows.length} councils, one labelled dot each, in rank order; the table that follows gives every figure.`;
  return svgDocument(
    {
      id,
      width: WIDTH,
      height,
      title: input.title,
      description,
      className: 'app-chart app-chart--dot-plot',
    },
    content,
  );
}
