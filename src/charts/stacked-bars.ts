/**
 * Counts stacked in horizontal bars, one bar a row, on one scale: "how many measures improved,
 * did not change or worsened", by theme and baseline. Each segment is labelled with its count
 * where there is room, a legend names the series in words, and the table that follows gives
 * every count.
 */
import { chartId, colours, coordinate, escapeXml, svgDocument, textWidth } from './svg.ts';
import type { Chart } from './table.ts';

export interface StackedSeries {
  name: string;
  /** Fill of its segments, and whether a label on it is written in white. */
  fill: string;
  lightText: boolean;
  /** An outline for a fill too pale to stand out from the background on its own (WCAG 1.4.11). */
  outline?: string;
}

export interface StackedBarsInput {
  title: string;
  description: string;
  series: readonly StackedSeries[];
  /** One bar each: its label and one count per series. */
  bars: readonly { label: string; counts: readonly number[] }[];
  /** What the counts count, for the table's heading: "measures". */
  unit: string;
  /** The heading of the table's first column, which names each bar. */
  rowHeading: string;
  /** The heading of the table's last column, each bar's total: "All <unit>" unless given. */
  totalHeading?: string;
  id?: string;
}

const fontSize = 14;
const barHeight = 28;
const gap = 14;
const width = 800;
const legendHeight = 34;

function labelWidth(bars: StackedBarsInput['bars']): number {
  return Math.min(380, Math.max(...bars.map((b) => textWidth(b.label, fontSize)), 60) + 12);
}

function legendMarks(series: readonly StackedSeries[]): string[] {
  let x = 0;
  return series.flatMap((s) => {
    const mark = [
      `<rect x="${coordinate(x)}" y="6" width="16" height="16" fill="${s.fill}" stroke="${colours.text}" stroke-width="0.5"/>`,
      `<text x="${coordinate(x + 22)}" y="19" font-size="${fontSize}" fill="${colours.text}">${escapeXml(s.name)}</text>`,
    ];
    x += 22 + textWidth(s.name, fontSize) + 20;
    return mark;
  });
}

function barMarks(input: StackedBarsInput, left: number, scale: number): string[] {
  return input.bars.flatMap((bar, row) => {
    const y = legendHeight + row * (barHeight + gap);
    const marks = [
      `<text x="${coordinate(left - 8)}" y="${coordinate(y + barHeight / 2 + 5)}" text-anchor="end" font-size="${fontSize}" fill="${colours.text}">${escapeXml(bar.label)}</text>`,
    ];
    let x = left;
    bar.counts.forEach((n, i) => {
      const series = input.series[i];
      if (!series || n === 0) return;
      const w = n * scale;
      marks.push(
        `<rect x="${coordinate(x)}" y="${coordinate(y)}" width="${coordinate(w)}" height="${barHeight}" fill="${series.fill}" stroke="${series.outline ?? colours.background}" stroke-width="1"/>`,
      );
      if (textWidth(String(n), fontSize) + 6 <= w)
        marks.push(
          `<text x="${coordinate(x + w / 2)}" y="${coordinate(y + barHeight / 2 + 5)}" text-anchor="middle" font-size="${fontSize}" fill="${series.lightText ? colours.background : colours.text}" aria-hidden="true">${n}</text>`,
        );
      x += w;
    });
    return marks;
  });
}

export function renderStackedBars(input: StackedBarsInput): Chart {
  const id = chartId(input.id, 'stacked-bars', input.title);
  const left = labelWidth(input.bars);
  const most = Math.max(1, ...input.bars.map((b) => b.counts.reduce((sum, n) => sum + n, 0)));
  const scale = (width - left - 10) / most;
  const height = legendHeight + input.bars.length * (barHeight + gap);
  const svg = svgDocument(
    {
      id,
      width,
      height,
      title: input.title,
      description: input.description,
      className: 'app-chart app-chart--stacked',
    },
    [...legendMarks(input.series), ...barMarks(input, left, scale)],
  );
  return {
    svg,
    table: {
      caption: input.title,
      columns: [
        { heading: input.rowHeading, numeric: false },
        ...input.series.map((s) => ({ heading: s.name, numeric: true })),
        { heading: input.totalHeading ?? `All ${input.unit}`, numeric: true },
      ],
      rows: input.bars.map((bar) => ({
        cells: [
          bar.label,
          ...bar.counts.map(String),
          String(bar.counts.reduce((sum, n) => sum + n, 0)),
        ],
        highlighted: false,
      })),
    },
  };
}
