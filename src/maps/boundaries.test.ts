import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { DataFileError } from '../shared/errors.ts';
import { MAP_SIZE, readBoundaries, type Boundary } from './boundaries.ts';

const dataDir = process.env.OPENLG_DATA_DIR ?? path.resolve('../shared/data');
const boundaryFile = path.join(dataDir, 'areas/boundaries/ons-uk-topo.json');

/** Replays a path's relative moves in whole tenths, as a renderer would, and returns its box. */
function traceBox(d: string): Pick<Boundary, 'minX' | 'minY' | 'maxX' | 'maxY'> {
  const tokens = d.match(/[Mlz]|-?\d+(?:\.\d+)?/g) ?? [];
  const xs: number[] = [];
  const ys: number[] = [];
  let command = '';
  let x = 0;
  let y = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (/[Mlz]/.test(token)) {
      command = token;
      continue;
    }
    const dx = Math.round(Number(token) * 10);
    const dy = Math.round(Number(tokens[++i]) * 10);
    [x, y] = command === 'M' ? [dx, dy] : [x + dx, y + dy];
    xs.push(x);
    ys.push(y);
  }
  return {
    minX: Math.min(...xs) / 10,
    minY: Math.min(...ys) / 10,
    maxX: Math.max(...xs) / 10,
    maxY: Math.max(...ys) / 10,
  };
}

describe('readBoundaries on the ONS UK TopoJSON', () => {
  let result: Awaited<ReturnType<typeof readBoundaries>>;
  const find = (layer: Boundary['layer'], code: string): Boundary | undefined =>
    result.boundaries.find((b) => b.layer === layer && b.areaCode === code);

  before(async () => {
    result = await readBoundaries(boundaryFile, 'areas/boundaries/ons-uk-topo.json');
  });

  it('has Hartlepool as a district and as an upper-tier area, and England as a country', () => {
    assert.match(find('ltla', 'E06000001')?.path ?? '', /^M/);
    assert.match(find('utla', 'E06000001')?.path ?? '', /^M/);
    assert.ok(find('ctry', 'E92000001'));
  });

  it('keeps one boundary per code in each layer, including former and non-English areas', () => {
    const count = (layer: Boundary['layer']) =>
      result.boundaries.filter((b) => b.layer === layer).length;
    // The file holds no two versions of one code: a changed area gets a new code.
    assert.deepEqual(
      ['ltla', 'utla', 'cauth', 'rgn', 'ctry'].map((layer) => count(layer as Boundary['layer'])),
      [407, 230, 20, 12, 4],
    );
    const keys = new Set(result.boundaries.map((b) => `${b.layer} ${b.areaCode}`));
    assert.equal(keys.size, result.boundaries.length);
    assert.ok(find('ltla', 'E07000246'), 'Somerset West and Taunton, abolished in 2023');
    assert.ok(find('ltla', 'S12000047'), 'Fife');
    assert.ok(find('ltla', 'W06000015'), 'Cardiff');
    assert.ok(find('ltla', 'N09000003'), 'Belfast');
  });

  it('reports the counts and the size of the path data', () => {
    assert.ok(
      result.notes.some((note) =>
        /673 boundaries \(ltla 407, utla 230, cauth 20, rgn 12, ctry 4\), \d+ KB/.test(note),
      ),
      result.notes.join('\n'),
    );
    assert.ok(!result.notes.some((note) => /superseded|reversed/.test(note)));
  });

  it('draws every area inside the fitted extent, with a box that matches its path', () => {
    for (const b of result.boundaries) {
      assert.match(b.path, /^(M-?[\d.]+,-?[\d.]+l[-\d., ]*z)+$/, `${b.layer} ${b.areaCode}`);
      assert.ok(b.minX >= 0 && b.minY >= 0, `${b.layer} ${b.areaCode}`);
      assert.ok(b.maxX <= MAP_SIZE && b.maxY <= MAP_SIZE, `${b.layer} ${b.areaCode}`);
      assert.ok(b.minX < b.maxX && b.minY < b.maxY, `${b.layer} ${b.areaCode}`);
      assert.deepEqual(traceBox(b.path), {
        minX: b.minX,
        minY: b.minY,
        maxX: b.maxX,
        maxY: b.maxY,
      });
    }
  });

  it('projects areas where they are: Hartlepool is small and north-east of Cornwall', () => {
    const hartlepool = find('ltla', 'E06000001')!;
    const cornwall = find('ltla', 'E06000052')!;
    assert.ok(hartlepool.maxX - hartlepool.minX < MAP_SIZE * 0.05);
    assert.ok(hartlepool.maxY - hartlepool.minY < MAP_SIZE * 0.05);
    assert.ok(hartlepool.maxY < cornwall.minY, 'north: smaller y');
    assert.ok(hartlepool.minX > cornwall.maxX, 'east: larger x');
  });
});

/** A clockwise square in longitude and latitude, the winding d3-geo expects of an outer ring. */
function square(lon: number, lat: number, size: number): number[][] {
  return [
    [lon, lat],
    [lon, lat + size],
    [lon + size, lat + size],
    [lon + size, lat],
    [lon, lat],
  ];
}

/** A topology in plain coordinates (no transform) with one polygon per area. */
function topology(layers: Record<string, { properties: object; ring: number[][] }[]>): object {
  const arcs: number[][][] = [];
  const objects = Object.fromEntries(
    Object.entries(layers).map(([name, areas]) => [
      name,
      {
        type: 'GeometryCollection',
        geometries: areas.map(({ properties, ring }) => {
          arcs.push(ring);
          return { type: 'Polygon', arcs: [[arcs.length - 1]], properties };
        }),
      },
    ]),
  );
  return { type: 'Topology', arcs, objects };
}

const area = (areacd: string, ring = square(-2, 53, 0.1), extra: object = {}) => ({
  properties: { areacd, areanm: areacd, ...extra },
  ring,
});

const allLayers = {
  uk: [area('K02000001', square(-6, 50, 8))],
  ctry: [area('E92000001', square(-5, 50, 5))],
  rgn: [area('E12000001')],
  cauth: [area('E47000001')],
  utla: [area('E06000001')],
  ltla: [area('E06000001')],
};

describe('readBoundaries on other input', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'openlg-boundaries-'));
  });
  const write = async (name: string, content: string): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, content);
    return file;
  };

  it('keeps only the current version of a code and says how many it dropped', async () => {
    const file = await write(
      'versions.json',
      JSON.stringify(
        topology({
          ...allLayers,
          // The versions expected to win, drawn again in other layers to compare with.
          utla: [area('E06000001', square(-1, 52, 0.2))],
          cauth: [area('E47000001', square(-3, 55, 0.1))],
          ltla: [
            area('E06000001', square(-2, 53, 0.1), { end: 2019 }),
            area('E06000001', square(-1, 52, 0.2)),
            area('E06000002', square(-3, 54, 0.1), { end: 2019 }),
            area('E06000002', square(-3, 55, 0.1), { start: 2020, end: 2022 }),
          ],
        }),
      ),
    );
    const { boundaries, notes } = await readBoundaries(file, 'versions.json');
    const box = ({ minX, minY, maxX, maxY }: Boundary) => [minX, minY, maxX, maxY];
    const ltla = boundaries.filter((b) => b.layer === 'ltla');
    assert.deepEqual(
      ltla.map((b) => b.areaCode),
      ['E06000001', 'E06000002'],
    );
    assert.deepEqual(box(ltla[0]!), box(boundaries.find((b) => b.layer === 'utla')!));
    assert.deepEqual(box(ltla[1]!), box(boundaries.find((b) => b.layer === 'cauth')!));
    assert.ok(
      notes.some((n) => /layer "ltla": 2 superseded versions/.test(n)),
      notes.join('\n'),
    );
  });

  it('reverses rings wound the GeoJSON way instead of drawing the rest of the world', async () => {
    const file = await write(
      'winding.json',
      JSON.stringify(
        topology({ ...allLayers, ltla: [area('E06000001', square(-2, 53, 0.1).reverse())] }),
      ),
    );
    const { boundaries, notes } = await readBoundaries(file, 'winding.json');
    const ltla = boundaries.find((b) => b.layer === 'ltla')!;
    const utla = boundaries.find((b) => b.layer === 'utla')!;
    assert.deepEqual(
      [ltla.minX, ltla.minY, ltla.maxX, ltla.maxY],
      [utla.minX, utla.minY, utla.maxX, utla.maxY],
    );
    assert.ok(
      notes.some((n) => /1 polygons were wound anticlockwise/.test(n)),
      notes.join('\n'),
    );
  });

  it('rejects a missing file', async () => {
    await assert.rejects(
      readBoundaries(path.join(dir, 'absent.json'), 'absent.json'),
      (error: unknown) =>
        error instanceof DataFileError && /absent\.json: file not found/.test(error.message),
    );
  });

  it('rejects a file that is not JSON', async () => {
    const file = await write('broken.json', '{"type": "Topology", "arcs": [');
    await assert.rejects(
      readBoundaries(file, 'broken.json'),
      (error: unknown) =>
        error instanceof DataFileError && /broken\.json: is not valid JSON/.test(error.message),
    );
  });

  it('rejects JSON that is not a topology', async () => {
    const file = await write('geojson.json', '{"type": "FeatureCollection", "features": []}');
    await assert.rejects(
      readBoundaries(file, 'geojson.json'),
      (error: unknown) =>
        error instanceof DataFileError &&
        /geojson\.json: is not a TopoJSON topology/.test(error.message),
    );
  });

  it('rejects a topology without the district layer', async () => {
    const { uk, ctry, rgn, cauth, utla } = allLayers;
    const file = await write(
      'no-ltla.json',
      JSON.stringify(topology({ uk, ctry, rgn, cauth, utla })),
    );
    await assert.rejects(
      readBoundaries(file, 'no-ltla.json'),
      (error: unknown) =>
        error instanceof DataFileError &&
        /no-ltla\.json: layer "ltla": is missing/.test(error.message),
    );
  });

  it('rejects an area without a code', async () => {
    const file = await write(
      'no-code.json',
      JSON.stringify(
        topology({ ...allLayers, cauth: [{ properties: {}, ring: square(-2, 53, 1) }] }),
      ),
    );
    await assert.rejects(
      readBoundaries(file, 'no-code.json'),
      (error: unknown) =>
        error instanceof DataFileError &&
        /no-code\.json: layer "cauth": geometry 0 has no areacd property/.test(error.message),
    );
  });
});
