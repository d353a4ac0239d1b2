/**
 * How charts show a figure's standing against England by the confidence-interval rule in
 * compareWithBenchmark: a colour for each answer and, always, a fill pattern as well, so the
 * answer reads in greyscale, in print and to every kind of colour vision, and a legend in words.
 */
import type { Significance } from '../comparison/statistics.ts';
import { colours, coordinate, escapeXml, textWidth } from './svg.ts';

interface SignificanceStyle {
  colour: string;
  /** Solid, or white stripes through the colour in one of two directions. */
  pattern: 'solid' | 'diagonal' | 'horizontal';
  words: string;
  /** The words after a count in a sentence: "3 better than England". */
  counted: string;
}

/**
 * Green, amber and red as in Fingertips, each at least 3:1 against white (WCAG 1.4.11); light and
 * dark blue for measures where neither direction is better. Similar is striped across and worse
 * diagonally, so better, similar and worse differ in shape as well as colour.
 */
export const significanceStyles: Record<Significance, SignificanceStyle> = {
  better: {
    colour: '#00703c',
    pattern: 'solid',
    words: 'Better than England',
    counted: 'better than England',
  },
  similar: {
    colour: '#a06c00',
    pattern: 'horizontal',
    words: 'Similar to England',
    counted: 'similar to England',
  },
  worse: {
    colour: '#d4351c',
    pattern: 'diagonal',
    words: 'Worse than England',
    counted: 'worse than England',
  },
  higher: {
    colour: '#1d70b8',
    pattern: 'solid',
    words: 'Higher than England',
    counted: 'higher than England',
  },
  lower: {
    colour: '#003078',
    pattern: 'diagonal',
    words: 'Lower than England',
    counted: 'lower than England',
  },
  'not-tested': {
    colour: colours.otherBar,
    pattern: 'solid',
    words: 'Not compared: no confidence interval',
    counted: 'not compared (no confidence interval)',
  },
};

/** Order of the legend: as a reader scans from good to bad. */
export const significanceOrder: readonly Significance[] = [
  'better',
  'higher',
  'similar',
  'lower',
  'worse',
  'not-tested',
];

/** The fill for a bar or swatch: a plain colour, or the chart's pattern for the answer. */
export function significanceFill(chart: string, answer: Significance): string {
  const style = significanceStyles[answer];
  return style.pattern === 'solid' ? style.colour : `url(#${chart}-${answer})`;
}

/** <pattern> definitions for the answers a chart uses, with ids prefixed by the chart's. */
export function significancePatterns(chart: string, used: ReadonlySet<Significance>): string[] {
  const patterns = significanceOrder.flatMap((answer) => {
    const style = significanceStyles[answer];
    if (!used.has(answer) || style.pattern === 'solid') return [];
    const turn = style.pattern === 'diagonal' ? ' patternTransform="rotate(45)"' : '';
    return [
      `<pattern id="${chart}-${answer}" width="6" height="6" patternUnits="userSpaceOnUse"${turn}>` +
        `<rect width="6" height="6" fill="${style.colour}"/>` +
        `<rect y="4" width="6" height="2" fill="${colours.background}"/></pattern>`,
    ];
  });
  return patterns.length > 0 ? ['<defs>', ...patterns, '</defs>'] : [];
}

export interface LegendEntry {
  /** The swatch: SVG drawn in a 16 by 12 box whose top left is (0, 0). */
  swatch: string;
  words: string;
}

export function significanceEntries(chart: string, used: ReadonlySet<Significance>) {
  return significanceOrder
    .filter((answer) => used.has(answer))
    .map((answer): LegendEntry => ({
      swatch: `<rect width="16" height="12" fill="${significanceFill(chart, answer)}"/>`,
      words: significanceStyles[answer].words,
    }));
}

const SWATCH = 16;
const ROW = 20;

/**
 * A legend laid out in rows from `left` to `right`, starting with its first baseline row at
 * `top`: entries go on the same row while they fit, so none overlaps. Returns the SVG and the
 * height used.
 */
export function legend(
  entries: readonly LegendEntry[],
  left: number,
  right: number,
  top: number,
  fontSize: number,
): { svg: string[]; height: number } {
  if (entries.length === 0) return { svg: [], height: 0 };
  const svg: string[] = [];
  let x = left;
  let y = top;
  for (const entry of entries) {
    const width = SWATCH + 6 + textWidth(entry.words, fontSize);
    if (x > left && x + width > right) {
      x = left;
      y += ROW;
    }
    svg.push(
      `<g transform="translate(${coordinate(x)} ${coordinate(y)})">${entry.swatch}</g>`,
      `<text x="${coordinate(x + SWATCH + 6)}" y="${coordinate(y + 6 + fontSize * 0.35)}">` +
        `${escapeXml(entry.words)}</text>`,
    );
    x += width + 16;
  }
  return { svg, height: y - top + ROW };
}
