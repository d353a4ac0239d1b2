/**
 * Every area of a type shaded by its value: "where are the high and low values?" The shapes are
 * the boundary paths of src/maps/boundaries.ts, in its shared coordinate space.
 */
import type { Polarity } from '../db/vocabulary.ts';
import { quantileType7 } from '../comparison/statistics.ts';
import {
  formatValue,
  missingWord,
  shown,
  unitNote,
  type AreaFigure,
  type MetricFormat,
  type Shown,
} from './format.ts';
import {
  byName,
  capitalise,
  chartId,
  colours,
  coordinate,
  count,
  councils,
  escapeXml,
  listInProse,
  svgDocument,
  textWidth,
  type Noun,
} from './svg.ts';
import type { Chart, DataTableRow } from './table.ts';
import { groupBy } from '../shared/group-by.ts';

/** One area's outline, as src/maps/area-map.ts takes it. */
export interface ChoroplethShape {
  code: string;
  name: string;
  path: string;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface ChoroplethInput {
  /** The accessible name and the table's caption. */
  title: string;
  format: MetricFormat;
  polarity: Polarity;
  shapes: readonly ChoroplethShape[];
  /** The figures; a shape without one is drawn as having no value. */
  areas: readonly AreaFigure[];
  /** The chosen area's code, or null when no area is chosen. */
  highlight: string | null;
  noun?: Noun;
  /** Element id prefix; derived from the title when absent. */
  id?: string;
}

/**
 * Palettes from ColorBrewer (Cynthia Brewer, colorbrewer2.org, Apache 2.0 licence), 5-class
 * sequential schemes that it marks as safe for colour-blind readers, lightest first. YlGnBu, for
 * metrics with a polarity, where the darkest class is the best fifth: the map answers "where is
 * it going well?", so the eye is drawn to the best areas, whichever direction is better; the key
 * says which way that is. Purples, for metrics without one, where the darkest class is the highest
 * and the hue, free of green's "good", suggests no judgement.
 */
const judgedPalette = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'] as const;
const neutralPalette = ['#f2f0f7', '#cbc9e2', '#9e9ac8', '#756bb1', '#54278f'] as const;
const CLASSES = 5;

const WIDTH = 640;
const FONT = 13;
const MARGIN = 8;
const MAP_WIDTH = 400;
const MIN_MAP_HEIGHT = 240;
const MAX_MAP_HEIGHT = 560;
const SWATCH_WIDTH = 24;
const SWATCH_HEIGHT = 16;
const KEY_ROW = 24;
/** Hatching lines this many pixels apart, on the map and in the key alike. */
const HATCH = 6;

export interface ValueClass {
  /** 1 is the darkest: the best, or the highest for no-judgement metrics. */
  rank: number;
  colour: string;
  /** The smallest and largest values in the class, so class ranges never overlap as shown. */
  min: number;
  max: number;
  members: number;
}

/**
 * Quantile classes: the type-7 20th, 40th, 60th and 80th percentiles of the values split them
 * into five classes of about equal size, a value equal to a break going to the class below it so
 * that tied values always share a class. Classes left empty by ties are dropped, and the palette
 * is spread over those that remain so the darkest colour still means the best (or highest).
 */
export function quantileClasses(values: readonly number[], polarity: Polarity): ValueClass[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const breaks = [1, 2, 3, 4].map((k) => quantileType7(sorted, k / CLASSES));
  const groups = groupBy(sorted, (value) => breaks.filter((b) => value > b).length);
  const ascending = [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, members]) => members);
  const bestFirst = polarity === 'lower-is-better' ? ascending : ascending.reverse();
  const palette = polarity === 'no-judgement' ? neutralPalette : judgedPalette;
  return bestFirst.map((members, i) => {
    const shade =
      bestFirst.length === 1
        ? Math.floor(CLASSES / 2)
        : CLASSES - 1 - Math.round((i * (CLASSES - 1)) / (bestFirst.length - 1));
    return {
      rank: i + 1,
      colour: palette[shade] ?? palette[0],
      min: members[0] ?? 0,
      max: members.at(-1) ?? 0,
      members: members.length,
    };
  });
}

function classOf(value: Shown, classes: readonly ValueClass[]): ValueClass | null {
  if (typeof value !== 'number') return null;
  return classes.find((c) => value >= c.min && value <= c.max) ?? null;
}

function classWords(c: ValueClass, total: number, polarity: Polarity): string {
  const end = polarity === 'no-judgement' ? ['highest', 'lowest'] : ['best', 'worst'];
  const note =
    total === 1 ? '' : c.rank === 1 ? ` (${end[0]})` : c.rank === total ? ` (${end[1]})` : '';
  return `${c.rank} of ${total}${note}`;
}

function hatchPattern(id: string, size: number): string {
  const s = coordinate(size);
  return (
    `<pattern id="${id}" patternUnits="userSpaceOnUse" width="${s}" height="${s}" patternTransform="rotate(45)">` +
    `<rect width="${s}" height="${s}" fill="${colours.background}"/>` +
    `<line x1="0" y1="0" x2="0" y2="${s}" stroke="#6f777b" stroke-width="${coordinate(size / 3)}"/>` +
    '</pattern>'
  );
}

/**
 * Renders the map beside its key. Areas are shaded by quantile class (see quantileClasses);
 * areas without a value are hatched, which no class colour resembles; the chosen area has a thick
 * black outline on white, visible on every shade, and its name on the map and in the key. The
 * data table lists every area by name with its value and class.
 */
export function renderChoropleth(input: ChoroplethInput): Chart {
  const id = chartId(input.id, 'choropleth', input.title);
  const noun = input.noun ?? councils;
  if (input.shapes.length === 0) throw new RangeError('A choropleth needs at least one shape');
  const figures = new Map<string, AreaFigure>();
  for (const area of input.areas) {
    if (figures.has(area.code)) throw new RangeError(`area ${area.code} appears twice in the map`);
    figures.set(area.code, area);
  }
  const shapes = new Map<string, ChoroplethShape>();
  for (const shape of input.shapes) {
    if (shapes.has(shape.code))
      throw new RangeError(`shape ${shape.code} appears twice in the map`);
    shapes.set(shape.code, shape);
  }
  if (input.highlight !== null && !figures.has(input.highlight) && !shapes.has(input.highlight))
    throw new RangeError(`The highlighted area ${input.highlight} is not in the map`);

  const valueOf = (code: string): Shown => {
    const figure = figures.get(code);
    return figure ? shown(figure) : 'not-available';
  };
  const nameOf = (code: string) => figures.get(code)?.name ?? shapes.get(code)?.name ?? code;
  // Classes describe every area with a value, drawn or not, so the table's classes agree.
  const classes = quantileClasses(
    [...figures.keys()].map(valueOf).filter((v): v is number => typeof v === 'number'),
    input.polarity,
  );
  const label = (value: number) => formatValue(value, { ...input.format, symbolsOnly: true });
  const range = (c: ValueClass) =>
    c.min === c.max ? label(c.min) : `${label(c.min)} to ${label(c.max)}`;

  const minX = Math.min(...input.shapes.map((s) => s.minX));
  const minY = Math.min(...input.shapes.map((s) => s.minY));
  const maxX = Math.max(...input.shapes.map((s) => s.maxX));
  const maxY = Math.max(...input.shapes.map((s) => s.maxY));
  if (!(maxX > minX && maxY > minY))
    throw new RangeError(
      `The shapes have an empty or invalid bounding box: ${minX},${minY} to ${maxX},${maxY}`,
    );
  const mapHeight = Math.min(
    MAX_MAP_HEIGHT,
    Math.max(MIN_MAP_HEIGHT, (MAP_WIDTH * (maxY - minY)) / (maxX - minX)),
  );
  const scale = Math.min(MAP_WIDTH / (maxX - minX), mapHeight / (maxY - minY));
  const offsetX = MARGIN + (MAP_WIDTH - (maxX - minX) * scale) / 2 - minX * scale;
  const offsetY = MARGIN + (mapHeight - (maxY - minY) * scale) / 2 - minY * scale;

  const hatchMap = `${id}-no-value-map`;
  const hatchKey = `${id}-no-value-key`;
  const fillOf = (code: string) => classOf(valueOf(code), classes)?.colour ?? `url(#${hatchMap})`;
  const hoverText = (code: string) => {
    const value = valueOf(code);
    const c = classOf(value, classes);
    const classText = c ? `, class ${classWords(c, classes.length, input.polarity)}` : '';
    return `${nameOf(code)}: ${formatValue(value, input.format)}${classText}`;
  };
  const chosenShape = input.highlight === null ? undefined : shapes.get(input.highlight);

  const content = [
    `<defs>${hatchPattern(hatchMap, HATCH / scale)}${hatchPattern(hatchKey, HATCH)}</defs>`,
    `<g transform="translate(${coordinate(offsetX)} ${coordinate(offsetY)}) scale(${Number(scale.toPrecision(6))})">`,
    // As in area-map.ts: even-odd filling draws enclaves as holes whichever way they are wound.
    `<g stroke="${colours.background}" stroke-width="0.5" stroke-linejoin="round" fill-rule="evenodd">`,
    ...input.shapes.map(
      (shape) =>
        `<path d="${escapeXml(shape.path)}" fill="${fillOf(shape.code)}" data-code="${escapeXml(shape.code)}" ` +
        `vector-effect="non-scaling-stroke"><title>${escapeXml(hoverText(shape.code))}</title></path>`,
    ),
    '</g>',
    ...(chosenShape
      ? [
          `<g fill="none" stroke-linejoin="round" fill-rule="evenodd">`,
          `<path d="${escapeXml(chosenShape.path)}" stroke="${colours.background}" stroke-width="5" vector-effect="non-scaling-stroke"/>`,
          `<path d="${escapeXml(chosenShape.path)}" stroke="${colours.text}" stroke-width="2.5" vector-effect="non-scaling-stroke"/>`,
          '</g>',
        ]
      : []),
    '</g>',
  ];

  if (chosenShape) {
    const name = nameOf(chosenShape.code);
    const half = textWidth(name, FONT, true) / 2;
    const centre = ((chosenShape.minX + chosenShape.maxX) / 2) * scale + offsetX;
    const above = chosenShape.minY * scale + offsetY - 6;
    const baseline = above - FONT > MARGIN ? above : chosenShape.maxY * scale + offsetY + 6 + FONT;
    // A white halo keeps the name legible over any shade.
    content.push(
      `<text x="${coordinate(Math.min(Math.max(centre, MARGIN + half), MARGIN + MAP_WIDTH - half))}" ` +
        `y="${coordinate(baseline)}" text-anchor="middle" font-weight="bold" stroke="${colours.background}" ` +
        `stroke-width="3" stroke-linejoin="round" paint-order="stroke">${escapeXml(name)}</text>`,
    );
  }

  const keyX = MARGIN + MAP_WIDTH + 24;
  let y = MARGIN;
  const keyText = (text: string, extra = '') =>
    `<text x="${coordinate(keyX + SWATCH_WIDTH + 8)}" y="${coordinate(y + SWATCH_HEIGHT / 2 + FONT * 0.35)}"${extra}>${escapeXml(text)}</text>`;
  const swatch = (fill: string, extra = '') =>
    `<rect x="${coordinate(keyX)}" y="${coordinate(y)}" width="${SWATCH_WIDTH}" height="${SWATCH_HEIGHT}" fill="${fill}"${extra}/>`;
  const note = unitNote(input.format.unit);
  if (note !== null) {
    y += FONT;
    content.push(
      `<text x="${coordinate(keyX)}" y="${coordinate(y)}" fill="${colours.secondaryText}">${escapeXml(note)}</text>`,
    );
    y += 8;
  }
  if (classes.length > 0) {
    y += FONT;
    const heading = input.polarity === 'no-judgement' ? 'Highest at the top' : 'Best at the top';
    content.push(
      `<text x="${coordinate(keyX)}" y="${coordinate(y)}" font-weight="bold">${heading}</text>`,
    );
    y += 8;
  }
  for (const c of classes) {
    content.push(
      swatch(c.colour, ` stroke="${colours.secondaryText}" stroke-width="0.5"`),
      keyText(range(c)),
    );
    y += KEY_ROW;
  }
  const withoutValue = [...shapes.keys()].filter((code) => typeof valueOf(code) !== 'number');
  if (withoutValue.length > 0) {
    content.push(
      swatch(`url(#${hatchKey})`, ` stroke="${colours.secondaryText}" stroke-width="0.5"`),
      keyText('No value'),
    );
    y += KEY_ROW;
  }
  if (chosenShape) {
    y += 8;
    content.push(
      swatch('none', ` stroke="${colours.background}" stroke-width="5"`),
      swatch('none', ` stroke="${colours.text}" stroke-width="2.5"`),
      keyText(nameOf(chosenShape.code), ' font-weight="bold"'),
    );
    y += KEY_ROW;
  }

  const svg = svgDocument(
    {
      id,
      width: WIDTH,
      height: Math.max(MARGIN + mapHeight, y) + MARGIN,
      title: input.title,
      description: describe(input, classes, valueOf, nameOf, withoutValue.length, noun, range),
      className: 'app-chart app-chart--map',
    },
    [`<g font-size="${FONT}" fill="${colours.text}">`, ...content, '</g>'],
  );

  const codes = [...new Set([...shapes.keys(), ...figures.keys()])].sort(
    (a, b) => byName(nameOf(a), nameOf(b)) || (a < b ? -1 : a > b ? 1 : 0),
  );
  const rows: DataTableRow[] = codes.map((code) => {
    const value = valueOf(code);
    const c = classOf(value, classes);
    return {
      cells: [
        nameOf(code),
        formatValue(value, input.format),
        c ? classWords(c, classes.length, input.polarity) : 'no class',
      ],
      highlighted: code === input.highlight,
      unrounded: [null, typeof value === 'number' ? value : null, null],
    };
  });
  return {
    svg,
    table: {
      caption: input.title,
      columns: [
        { heading: capitalise(noun.singular), numeric: false },
        { heading: 'Value', numeric: true },
        { heading: 'Class', numeric: true },
      ],
      rows,
    },
  };
}

function describe(
  input: ChoroplethInput,
  classes: readonly ValueClass[],
  valueOf: (code: string) => Shown,
  nameOf: (code: string) => string,
  withoutValue: number,
  noun: Noun,
  range: (c: ValueClass) => string,
): string {
  const drawn = input.shapes.length;
  const drawnCodes = new Set(input.shapes.map((s) => s.code));
  const sentences: string[] = [];
  if (classes.length === 0)
    sentences.push(`Map of ${count(drawn, noun)}, none of which has a value.`);
  else {
    const darker =
      input.polarity === 'no-judgement'
        ? 'higher values are darker'
        : `${input.polarity === 'higher-is-better' ? 'higher' : 'lower'} is better, and better classes are darker`;
    sentences.push(
      `Map of ${count(drawn, noun)} shaded in ${classes.length} ${classes.length === 1 ? 'class' : 'classes'} ` +
        `with about the same number of ${noun.plural} in each (quantiles); ${darker}.`,
      `From darkest to lightest the classes are ${listInProse(classes.map(range))}.`,
    );
  }
  if (input.highlight !== null) {
    const name = nameOf(input.highlight);
    const value = valueOf(input.highlight);
    const c = classOf(value, classes);
    const outlined = drawnCodes.has(input.highlight) ? `${name} (thick outline)` : name;
    sentences.push(
      typeof value === 'number'
        ? `${outlined} has ${formatValue(value, input.format)}` +
            (c ? `, in class ${classWords(c, classes.length, input.polarity)}.` : '.')
        : `${outlined} has no value: ${missingWord(value)}.`,
    );
  }
  if (withoutValue > 0)
    sentences.push(
      `${capitalise(count(withoutValue, noun))} ${withoutValue === 1 ? 'has' : 'have'} no value and ${withoutValue === 1 ? 'is' : 'are'} hatched.`,
    );
  const undrawn = input.areas.filter((a) => !drawnCodes.has(a.code));
  if (undrawn.length > 0)
    sentences.push(
      `Not on the map for want of a boundary, but in the table: ${listInProse(undrawn.map((a) => a.name))}.`,
    );
  return sentences.join(' ');
}
