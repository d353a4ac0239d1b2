/**
 * What every chart shares: escaping, coordinates, ids, the labelled <svg> element and rough text
 * measurement. Charts are strings so that a page renders them without a DOM, and the same input
 * always gives the same string, so pages can be cached and compared.
 */

import { coordinate, escapeXml, slug } from '../shared/svg.ts';

export { coordinate, escapeXml };

/**
 * The chart's id prefix: the one given, or the kind and the title's slug. aria-labelledby is a
 * space-separated list of ids, so an id must not contain spaces.
 */
export function chartId(given: string | undefined, kind: string, title: string): string {
  const id = given ?? `${kind}-${slug(title)}`;
  if (!/^[A-Za-z][\w-]*$/.test(id))
    throw new RangeError(`Chart id must be a letter followed by letters, digits, - or _: "${id}"`);
  return id;
}

/**
 * The service's system font stack, with no serif anywhere in it: an SVG saved or opened on its
 * own, or rasterised, falls back to a sans-serif rather than the renderer's default serif.
 */
export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

/** The smallest text a chart draws, in its own units; pages keep charts at least this scale. */
export const MIN_FONT = 12;

export interface SvgFrame {
  id: string;
  width: number;
  height: number;
  title: string;
  /** Omitted for sparklines, whose title says everything there is room to say. */
  description?: string;
  /** Class for the page's stylesheet to size the chart by; inline styles are forbidden by CSP. */
  className: string;
  /** Fixed size in CSS pixels; charts without it fill their container's width. */
  fixedSize?: boolean;
  /** The language of its words, for an SVG that may be kept and opened on its own. */
  lang?: string;
}

/**
 * The labelled <svg> around a chart's content: role="img" makes it one image to assistive
 * technology, named by its <title> and described by its <desc>.
 */
export function svgDocument(frame: SvgFrame, content: string[]): string {
  const { id, width, height } = frame;
  const size = frame.fixedSize
    ? `width="${coordinate(width)}" height="${coordinate(height)}"`
    : 'width="100%"';
  const labelledBy = frame.description === undefined ? `${id}-title` : `${id}-title ${id}-desc`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${coordinate(width)} ${coordinate(height)}" ` +
      `${size} class="${escapeXml(frame.className)}" font-family="${escapeXml(FONT_FAMILY)}" ` +
      `role="img" aria-labelledby="${labelledBy}"${frame.lang ? ` lang="${escapeXml(frame.lang)}"` : ''}>`,
    `<title id="${id}-title">${escapeXml(frame.title)}</title>`,
    ...(frame.description === undefined
      ? []
      : [`<desc id="${id}-desc">${escapeXml(frame.description)}</desc>`]),
    ...content,
    '</svg>',
  ].join('\n');
}

/**
 * Roughly how wide a line of text is in the system sans-serif fonts the service uses, so layouts
 * leave room for labels. Generous on purpose: too much room costs a little space, too little
 * makes labels overlap. Sized to DejaVu Sans, the widest of the usual sans-serifs and the font
 * PNG downloads are drawn in: measured with resvg at 13 px, its regular text is up to 5% and its
 * bold up to 10% wider than Arial-like metrics.
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let ems = 0;
  for (const char of text) {
    if (/[il.,:;'|!ıj ]/.test(char)) ems += 0.3;
    else if (/[mwMW@%—◆]/.test(char)) ems += 0.9;
    else if (/[A-Z£0-9]/.test(char)) ems += 0.66;
    else ems += 0.58;
  }
  return ems * fontSize * (bold ? 1.12 : 1);
}

/**
 * Breaks text into lines no wider than `width` at spaces, so a long name wraps instead of running
 * into its neighbours. A single word wider than the line keeps a line of its own.
 */
export function wrapText(text: string, width: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const last = lines.at(-1);
    if (last !== undefined && textWidth(`${last} ${word}`, fontSize, bold) <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

export function ordinal(n: number): string {
  const lastTwo = n % 100;
  const suffix =
    lastTwo >= 11 && lastTwo <= 13
      ? 'th'
      : n % 10 === 1
        ? 'st'
        : n % 10 === 2
          ? 'nd'
          : n % 10 === 3
            ? 'rd'
            : 'th';
  return `${n}${suffix}`;
}

/** What the areas are called in descriptions: councils unless the page says otherwise. */
export interface Noun {
  singular: string;
  plural: string;
}

export const councils: Noun = { singular: 'council', plural: 'councils' };

export function count(n: number, noun: Noun): string {
  return `${n} ${n === 1 ? noun.singular : noun.plural}`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "A", "A and B", "A, B and C": lists in descriptions read as prose. */
export function listInProse(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Names sorted as a reader expects, the same on every run of the same Node version. */
export const byName = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true }).compare;

export const colours = {
  text: '#0b0c0c',
  secondaryText: '#505a5f',
  /** GOV.UK blue: the chosen area, as links and focus are blue across the service. */
  highlight: '#1d70b8',
  /** 3.1:1 against white, enough for a bar to be seen as a shape (WCAG 1.4.11). */
  otherBar: '#8e9499',
  gridline: '#d9d9d9',
  background: '#ffffff',
} as const;

/**
 * Path data through the points in order, lifting the pen at every null so that nothing is drawn
 * across a missing figure. A point alone between gaps makes no line; callers mark it instead.
 */
export function linePath(points: readonly (readonly [number, number] | null)[]): string {
  const runs: string[][] = [[]];
  for (const point of points) {
    const run = runs.at(-1);
    if (point === null) {
      if (run && run.length > 0) runs.push([]);
    } else run?.push(`${coordinate(point[0])},${coordinate(point[1])}`);
  }
  return runs
    .filter((run) => run.length >= 2)
    .map((run) => `M${run.join('L')}`)
    .join('');
}
