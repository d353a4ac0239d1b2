import { coordinate, escapeXml, slug } from '../shared/svg.ts';

/** One area's outline, in the shared coordinate space of src/maps/boundaries.ts. */
export interface MapShape {
  code: string;
  name: string;
  path: string;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /**
   * Focus shapes are highlighted and decide the view; context shapes only surround them, and
   * decide the view only when there is no focus shape.
   */
  role: 'focus' | 'context';
}

export interface AreaMapInput {
  /** The accessible name, read out by screen readers. */
  title: string;
  /** What the map shows, for people who cannot see it. */
  description: string;
  shapes: MapShape[];
  /** Margin around the focus shapes, as a fraction of their width and height on each side. */
  padding?: number;
  /**
   * Prefix for the element ids, for pages with two maps of the same title; derived from the title
   * when absent.
   */
  id?: string;
}

const CONTEXT_FILL = '#d9d9d9';
const FOCUS_FILL = '#1d70b8';
const FOCUS_STROKE = '#003078';

/**
 * Renders an inline SVG map that zooms to the focus shapes and draws the context shapes beneath
 * them. It scales to the width of its container, its height following from the viewBox. The same
 * input always gives the same string, so pages can be cached and compared.
 */
export function renderAreaMap(input: AreaMapInput): string {
  const focus = input.shapes.filter((shape) => shape.role === 'focus');
  const context = input.shapes.filter((shape) => shape.role === 'context');
  const view = viewBox(focus.length > 0 ? focus : context, input.padding ?? 0.1);
  const id = input.id ?? `map-${slug(input.title)}`;
  // aria-labelledby is a space-separated list of ids, so an id must not contain spaces.
  if (!/^[A-Za-z][\w-]*$/.test(id))
    throw new RangeError(`Map id must be a letter followed by letters, digits, - or _: "${id}"`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${view}" width="100%" ` +
      `role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeXml(input.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(input.description)}</desc>`,
    // Fill and stroke are inherited from the group; vector-effect is not, so each path has it.
    // Even-odd filling draws holes (an enclave of another council) whichever way they are wound.
    `<g fill="${CONTEXT_FILL}" stroke="#ffffff" stroke-width="1" stroke-linejoin="round" fill-rule="evenodd">`,
    ...context.map(renderPath),
    '</g>',
    `<g fill="${FOCUS_FILL}" stroke="${FOCUS_STROKE}" stroke-width="1.5" stroke-linejoin="round" fill-rule="evenodd">`,
    ...focus.map(renderPath),
    '</g>',
    '</svg>',
  ].join('\n');
}

function renderPath(shape: MapShape): string {
  return (
    `<path d="${escapeXml(shape.path)}" data-code="${escapeXml(shape.code)}" ` +
    `vector-effect="non-scaling-stroke"><title>${escapeXml(shape.name)}</title></path>`
  );
}

/**
 * The union of the shapes' boxes, grown by the padding fraction of its own width and height so the
 * map keeps the shapes' proportions.
 */
function viewBox(shapes: MapShape[], padding: number): string {
  if (shapes.length === 0) throw new RangeError('An area map needs at least one shape');
  if (!Number.isFinite(padding) || padding < 0)
    throw new RangeError(`Map padding must be a non-negative number, not ${padding}`);
  const minX = Math.min(...shapes.map((s) => s.minX));
  const minY = Math.min(...shapes.map((s) => s.minY));
  const maxX = Math.max(...shapes.map((s) => s.maxX));
  const maxY = Math.max(...shapes.map((s) => s.maxY));
  const width = maxX - minX;
  const height = maxY - minY;
  if (!(width > 0 && height > 0))
    throw new RangeError(
      `The shapes to show have an empty or invalid bounding box: ${minX},${minY} to ${maxX},${maxY}`,
    );
  return [
    minX - width * padding,
    minY - height * padding,
    width * (1 + 2 * padding),
    height * (1 + 2 * padding),
  ]
    .map(coordinate)
    .join(' ');
}
