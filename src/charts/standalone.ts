/**
 * A chart as a file of its own, for a committee paper or a slide: the page's chart inside a frame
 * that carries what the page around it would have said, its title and subtitle above, its source
 * and licence below, so that a copy pasted anywhere still says what it shows and where it is from.
 */
import { colours, coordinate, escapeXml, svgDocument, textWidth, wrapText } from './svg.ts';

export interface Credits {
  /** What the chart shows; the chart's own accessible name when absent. */
  title?: string;
  /** Who, against whom and when: "Hartlepool compared with similar councils, 2023/24". */
  subtitle?: string;
  source: string;
  licence: string;
}

const PADDING = 16;
const TITLE = 18;
const SUBTITLE = 14;
const SMALL = 12;

/** The chart's viewBox size and accessible name, read back from the SVG a chart module wrote. */
function chartFacts(svg: string): { width: number; height: number; title: string } {
  const box = /^<svg [^>]*viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  const title = /<title id="[^"]*-title">([^<]*)<\/title>/.exec(svg);
  if (!box?.[1] || !box[2]) throw new RangeError('Not a chart: the SVG has no viewBox');
  const unescaped = (title?.[1] ?? '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
  return { width: Number(box[1]), height: Number(box[2]), title: unescaped };
}

/** Wrapped at spaces, and a word too long for a line (an address) cut wherever it must be. */
function wrapAnywhere(text: string, width: number, size: number): string[] {
  return wrapText(text, width, size).flatMap((line) => {
    const pieces: string[] = [];
    let rest = line;
    while (textWidth(rest, size) > width) {
      let cut = rest.length - 1;
      while (cut > 1 && textWidth(rest.slice(0, cut), size) > width) cut--;
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    return [...pieces, rest];
  });
}

function textLines(
  lines: readonly string[],
  top: number,
  size: number,
  attributes: string,
): { svg: string[]; bottom: number } {
  const step = Math.round(size * 1.3);
  return {
    svg: lines.map(
      (line, i) =>
        `<text x="${PADDING}" y="${coordinate(top + size + i * step)}" font-size="${size}"${attributes}>` +
        `${escapeXml(line)}</text>`,
    ),
    bottom: top + size + (lines.length - 1) * step + Math.round(size * 0.4),
  };
}

/**
 * Wraps a chart module's SVG with its credits, at a fixed size so viewers and rasterisers draw
 * it at its natural size. The chart is nested as it is, with its ids and its own title and
 * description.
 */
export function standaloneSvg(chart: string, id: string, credits: Credits): string {
  const facts = chartFacts(chart);
  const width = facts.width + 2 * PADDING;
  const lineWidth = width - 2 * PADDING;
  const title = credits.title ?? facts.title;
  const head = textLines(
    wrapText(title, lineWidth, TITLE, true),
    PADDING - 4,
    TITLE,
    ' font-weight="bold"',
  );
  const sub = textLines(
    credits.subtitle === undefined ? [] : wrapText(credits.subtitle, lineWidth, SUBTITLE),
    head.bottom + 2,
    SUBTITLE,
    ` fill="${colours.secondaryText}"`,
  );
  const chartTop = (credits.subtitle === undefined ? head.bottom : sub.bottom) + 12;
  const nested = chart.replace(
    /^<svg [^>]*>/,
    `<svg x="${PADDING}" y="${coordinate(chartTop)}" width="${coordinate(facts.width)}" ` +
      `height="${coordinate(facts.height)}" viewBox="0 0 ${coordinate(facts.width)} ${coordinate(facts.height)}">`,
  );
  const foot = textLines(
    [
      ...wrapAnywhere(`Source: ${credits.source}`, lineWidth, SMALL),
      ...wrapAnywhere(`Licence: ${credits.licence}`, lineWidth, SMALL),
    ],
    chartTop + facts.height + 8,
    SMALL,
    ` fill="${colours.secondaryText}"`,
  );
  return svgDocument(
    {
      id,
      width,
      height: foot.bottom + PADDING,
      title: credits.subtitle === undefined ? title : `${title}. ${credits.subtitle}`,
      description: `${title}. Source: ${credits.source}. Licence: ${credits.licence}.`,
      className: 'app-chart-download',
      fixedSize: true,
    },
    [
      `<rect width="${coordinate(width)}" height="${coordinate(foot.bottom + PADDING)}" fill="${colours.background}"/>`,
      `<g fill="${colours.text}">`,
      ...head.svg,
      ...sub.svg,
      ...foot.svg,
      '</g>',
      nested,
    ],
  );
}
