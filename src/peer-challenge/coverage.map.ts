import type { ChoroplethShape } from '../charts/choropleth.ts';
import { byName, chartId, colours, coordinate, escapeXml, svgDocument } from '../charts/svg.ts';
import type { Chart } from '../charts/table.ts';
import { challengeType } from './challenge-types.ts';
import { coverageStatuses, type CouncilCoverage, type CoverageStatus } from './coverage.ts';

/**
 * Distinct in lightness as well as hue, so that they stay apart for readers who do not see
 * red and green: dark blue for current, pale orange for due, dark red for overdue.
 */
const fills: Record<CoverageStatus, string> = {
  current: '#2c7fb8',
  due: '#fdae61',
  overdue: '#b2182b',
};

export const statusTitles: Record<CoverageStatus, string> = {
  current: 'Current',
  due: 'Due (none within four years)',
  overdue: 'Overdue (none within five years)',
};

const WIDTH = 640;
const MAP = 400;
const MARGIN = 8;
const FONT = 13;
const KEY_ROW = 24;

/** The councils left off the map for want of a boundary, in words; empty when none is. */
function unmapped(councils: readonly CouncilCoverage[], drawn: number): string {
  const left = councils.length - drawn;
  return left === 0 ? '' : ` ${left} of the councils have no boundary to draw and are not on it.`;
}

/** The key beside the map: each status's colour and how many councils are drawn in it. */
function statusKey(counts: readonly number[]): string[] {
  const keyX = MARGIN + MAP + 24;
  return coverageStatuses.flatMap((status, i) => {
    const y = MARGIN + i * KEY_ROW;
    const words = `${status[0]?.toUpperCase()}${status.slice(1)}: ${counts[i]}`;
    return [
      `<rect x="${keyX}" y="${y}" width="24" height="16" fill="${fills[status]}" stroke="${colours.secondaryText}" stroke-width="0.5"/>`,
      `<text x="${keyX + 32}" y="${coordinate(y + 8 + FONT * 0.35)}">${escapeXml(words)}</text>`,
    ];
  });
}

/**
 * The councils on one boundary layer shaded by coverage status, beside a key, and the table of
 * every council drawn: its status and its last corporate peer challenge or finance peer review.
 */
export function renderCoverageMap(input: {
  title: string;
  id: string;
  shapes: readonly ChoroplethShape[];
  councils: readonly CouncilCoverage[];
}): Chart {
  const id = chartId(input.id, 'coverage', input.title);
  const byCode = new Map(input.councils.map((c) => [c.code, c]));
  const drawn = input.shapes.flatMap((shape) => {
    const council = byCode.get(shape.code);
    return council ? [{ ...shape, council }] : [];
  });
  if (drawn.length === 0) throw new RangeError('A coverage map needs at least one council');
  const minX = Math.min(...drawn.map((s) => s.minX));
  const minY = Math.min(...drawn.map((s) => s.minY));
  const maxX = Math.max(...drawn.map((s) => s.maxX));
  const maxY = Math.max(...drawn.map((s) => s.maxY));
  const scale = Math.min(MAP / (maxX - minX), MAP / (maxY - minY));
  const height = (maxY - minY) * scale;
  const transform = `translate(${coordinate(MARGIN - minX * scale)} ${coordinate(MARGIN - minY * scale)}) scale(${Number(scale.toPrecision(6))})`;
  const paths = drawn.map((shape) => {
    const status = shape.council.status;
    return (
      `<path d="${escapeXml(shape.path)}" fill="${fills[status]}" data-code="${escapeXml(shape.code)}" ` +
      `data-status="${status}" vector-effect="non-scaling-stroke">` +
      `<title>${escapeXml(`${shape.name}: ${statusTitles[status]}`)}</title></path>`
    );
  });
  const counts = coverageStatuses.map(
    (status) => drawn.filter((s) => s.council.status === status).length,
  );
  const svg = svgDocument(
    {
      id,
      width: WIDTH,
      height: Math.max(height, KEY_ROW * 3) + 2 * MARGIN,
      title: input.title,
      description:
        `Map of ${drawn.length} councils shaded by whether a corporate peer challenge is due: ` +
        coverageStatuses.map((s, i) => `${counts[i]} ${s}`).join(', ') +
        '. Dark blue is current, pale orange due, dark red overdue.' +
        unmapped(input.councils, drawn.length),
      className: 'app-chart app-chart--map',
    },
    [
      `<g font-size="${FONT}" fill="${colours.text}">`,
      `<g transform="${transform}" stroke="${colours.background}" stroke-width="0.5" stroke-linejoin="round" fill-rule="evenodd">`,
      ...paths,
      '</g>',
      ...statusKey(counts),
      '</g>',
    ],
  );
  const rows = drawn
    .map((s) => s.council)
    .sort((a, b) => byName(a.name, b.name))
    .map((c) => ({
      cells: [
        c.name,
        statusTitles[c.status],
        c.last ? `${challengeType(c.last.type).title}, ${c.last.on}` : 'None recorded',
      ],
      highlighted: false,
    }));
  return {
    svg,
    table: {
      caption: input.title,
      columns: [
        { heading: 'Council', numeric: false },
        { heading: 'Status', numeric: false },
        { heading: 'Last challenge', numeric: false },
      ],
      rows,
    },
  };
}
