import { readFile } from 'node:fs/promises';
import { geoArea, geoPath, geoTransverseMercator, type GeoContext } from 'd3-geo';
import type * as GeoJSON from 'geojson';
import { feature } from 'topojson-client';
import type * as TopoJSON from 'topojson-specification';
import { boundaryLayers, type BoundaryLayer } from '../db/vocabulary.ts';
import { DataFileError } from '../shared/errors.ts';

/** One area's outline as SVG path data, in the shared map coordinate space. */
export interface Boundary {
  layer: BoundaryLayer;
  areaCode: string;
  path: string;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Every path is drawn in one square coordinate space, 0..MAP_SIZE on both axes, so that any set of
 * areas (an area and its neighbours, a region's councils) can be drawn together without
 * reprojecting. The UK outline is fitted into the square: it spans the full height and, being
 * taller than wide, about x = 230..770. One unit is about 1.2 km on the ground.
 */
export const MAP_SIZE = 1000;

/** Coordinates are kept to this many units per map unit (one decimal): about 120 m. */
const RESOLUTION = 10;

type Shape = TopoJSON.Polygon | TopoJSON.MultiPolygon;

interface AreaGeometry {
  areaCode: string;
  end: number | undefined;
  start: number | undefined;
  shape: Shape;
}

/**
 * Reads the ONS UK TopoJSON and projects the district, upper-tier, combined authority, region and
 * country outlines to SVG paths. A layer may hold several versions of one code over the years;
 * only the current (or latest) one is kept. Areas that have since been abolished keep their own
 * codes and are kept too, as are Welsh, Scottish and Northern Irish areas: which of them are
 * stored is the caller's decision.
 */
export async function readBoundaries(
  file: string,
  displayName: string,
): Promise<{ boundaries: Boundary[]; notes: string[] }> {
  const topology = parseTopology(await readJson(file, displayName), displayName);
  const layer = (name: string): AreaGeometry[] => readLayer(topology, name, displayName);
  const outline = layer('uk');
  const layers = boundaryLayers.map((name) => ({ name, geometries: layer(name) }));

  // Transverse Mercator on the 2°W meridian is the projection of the British National Grid, so
  // shapes look as they do on Ordnance Survey maps; the scale factor and false origin do not
  // matter once the outline is fitted.
  const projection = geoTransverseMercator()
    .rotate([2, 0])
    .fitExtent(
      [
        [0, 0],
        [MAP_SIZE, MAP_SIZE],
      ],
      {
        type: 'FeatureCollection',
        features: outline.map((area) => toFeature(topology, area, 'uk', displayName)),
      },
    );

  const boundaries: Boundary[] = [];
  const notes: string[] = [];
  const counts = new Map<BoundaryLayer, number>();
  let reversed = 0;
  let tinyRings = 0;
  const undrawable: string[] = [];
  for (const { name, geometries } of layers) {
    const current = currentVersions(geometries);
    const superseded = geometries.length - current.length;
    if (superseded > 0)
      notes.push(
        `${displayName}: layer "${name}": ${superseded} superseded versions of areas dropped ` +
          '(a later version has the same code)',
      );
    for (const area of current) {
      const shape = toFeature(topology, area, name, displayName);
      reversed += rewind(shape.geometry);
      const sink = new PathSink();
      geoPath(projection, sink)(shape);
      const drawn = sink.finish();
      tinyRings += drawn.tinyRings;
      if (drawn.path === '') {
        undrawable.push(`${name} ${area.areaCode}`);
        continue;
      }
      boundaries.push({ layer: name, areaCode: area.areaCode, ...drawn.box, path: drawn.path });
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }

  if (reversed > 0)
    notes.push(
      `${displayName}: ${reversed} polygons were wound anticlockwise (as in GeoJSON RFC 7946) and ` +
        'were reversed for drawing',
    );
  if (tinyRings > 0)
    notes.push(
      `${displayName}: ${tinyRings} islets and slivers smaller than the map resolution ` +
        `(1/${RESOLUTION} unit) left out of the paths`,
    );
  if (undrawable.length > 0)
    notes.push(
      `${displayName}: ${undrawable.length} areas too small to draw skipped: ${undrawable.join(', ')}`,
    );
  const bytes = boundaries.reduce((sum, b) => sum + b.path.length, 0);
  notes.push(
    `${displayName}: ${boundaries.length} boundaries (` +
      [...counts].map(([name, count]) => `${name} ${count}`).join(', ') +
      `), ${Math.round(bytes / 1024)} KB of SVG path data`,
  );
  return { boundaries, notes };
}

async function readJson(file: string, displayName: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataFileError([
      {
        file: displayName,
        message: code === 'ENOENT' ? 'file not found' : `cannot read (${code})`,
      },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DataFileError([
      { file: displayName, message: `is not valid JSON: ${(error as Error).message}` },
    ]);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseTopology(value: unknown, file: string): TopoJSON.Topology {
  if (
    !isRecord(value) ||
    value.type !== 'Topology' ||
    !Array.isArray(value.arcs) ||
    !isRecord(value.objects)
  )
    throw new DataFileError([
      { file, message: 'is not a TopoJSON topology (type, arcs or objects missing)' },
    ]);
  // The layers and geometries are checked one by one in readLayer; the arcs are left to
  // topojson-client, whose failures toFeature reports against the area.
  return value as unknown as TopoJSON.Topology;
}

function readLayer(topology: TopoJSON.Topology, name: string, file: string): AreaGeometry[] {
  const layer: unknown = topology.objects[name];
  const fail = (message: string): never => {
    throw new DataFileError([{ file, message: `layer "${name}": ${message}` }]);
  };
  if (layer === undefined) return fail('is missing');
  if (!isRecord(layer) || layer.type !== 'GeometryCollection' || !Array.isArray(layer.geometries))
    return fail('is not a GeometryCollection');
  return layer.geometries.map((geometry: unknown, index): AreaGeometry => {
    const where = `geometry ${index}`;
    if (!isRecord(geometry) || !isRecord(geometry.properties))
      return fail(`${where} has no properties`);
    const { areacd, start, end } = geometry.properties;
    if (typeof areacd !== 'string' || areacd.trim() === '')
      return fail(`${where} has no areacd property`);
    if (
      (start !== undefined && typeof start !== 'number') ||
      (end !== undefined && typeof end !== 'number')
    )
      return fail(`${areacd}: start and end must be years`);
    if (
      (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') ||
      !Array.isArray(geometry.arcs)
    )
      return fail(`${areacd}: expected a Polygon or MultiPolygon, found ${String(geometry.type)}`);
    return { areaCode: areacd.trim(), start, end, shape: geometry as unknown as Shape };
  });
}

/** Picks, for each code, the version without an end year, else the one that ended last. */
function currentVersions(geometries: AreaGeometry[]): AreaGeometry[] {
  const byCode = new Map<string, AreaGeometry>();
  for (const geometry of geometries) {
    const kept = byCode.get(geometry.areaCode);
    if (!kept || isLater(geometry, kept)) byCode.set(geometry.areaCode, geometry);
  }
  return [...byCode.values()];
}

function isLater(a: AreaGeometry, b: AreaGeometry): boolean {
  const aEnd = a.end ?? Infinity;
  const bEnd = b.end ?? Infinity;
  if (aEnd !== bEnd) return aEnd > bEnd;
  return (a.start ?? -Infinity) > (b.start ?? -Infinity);
}

function toFeature(
  topology: TopoJSON.Topology,
  area: AreaGeometry,
  layer: string,
  file: string,
): GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon> {
  try {
    return area.shape.type === 'Polygon'
      ? feature(topology, area.shape)
      : feature(topology, area.shape);
  } catch (error) {
    throw new DataFileError([
      {
        file,
        message: `layer "${layer}": ${area.areaCode}: cannot build its shape from the arcs (${(error as Error).message})`,
      },
    ]);
  }
}

/**
 * d3-geo works on the sphere, where a ring's direction says which side is inside: its polygons
 * need clockwise outer rings. An anticlockwise one (the GeoJSON RFC 7946 convention) means
 * "everything but this area", which would project to the whole map. No council is anywhere near
 * a hemisphere, so an area above half the sphere is one wound the other way round.
 */
function rewind(geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let reversed = 0;
  for (const rings of polygons) {
    if (geoArea({ type: 'Polygon', coordinates: rings }) > 2 * Math.PI) {
      for (const ring of rings) ring.reverse();
      reversed += 1;
    }
  }
  return reversed;
}

/**
 * Receives the projected rings from geoPath and writes them compactly: coordinates snapped to the
 * resolution grid, points that snap onto the previous one dropped, rings that collapse to fewer
 * than three points dropped, and relative line-tos, which are about a third shorter than absolute
 * ones. The bounding box is taken from the snapped points, so it matches the path exactly.
 */
class PathSink implements GeoContext {
  private ring: [number, number][] = [];
  private path = '';
  private tinyRings = 0;
  private minX = Infinity;
  private minY = Infinity;
  private maxX = -Infinity;
  private maxY = -Infinity;

  beginPath(): void {}

  moveTo(x: number, y: number): void {
    this.endRing();
    this.ring.push(snap(x, y));
  }

  lineTo(x: number, y: number): void {
    const point = snap(x, y);
    const last = this.ring.at(-1);
    if (!last || last[0] !== point[0] || last[1] !== point[1]) this.ring.push(point);
  }

  closePath(): void {
    this.endRing();
  }

  // Only points are drawn as arcs, and boundaries are polygons.
  arc(): void {}

  finish(): {
    path: string;
    box: Pick<Boundary, 'minX' | 'minY' | 'maxX' | 'maxY'>;
    tinyRings: number;
  } {
    this.endRing();
    return {
      path: this.path,
      tinyRings: this.tinyRings,
      box: {
        minX: this.minX / RESOLUTION,
        minY: this.minY / RESOLUTION,
        maxX: this.maxX / RESOLUTION,
        maxY: this.maxY / RESOLUTION,
      },
    };
  }

  private endRing(): void {
    const ring = this.ring;
    this.ring = [];
    const [first] = ring;
    if (!first) return;
    const last = ring.at(-1);
    if (ring.length > 1 && last && last[0] === first[0] && last[1] === first[1]) ring.pop();
    if (ring.length < 3) {
      this.tinyRings += 1;
      return;
    }
    let [px, py] = first;
    this.extend(px, py);
    let offsets = '';
    for (const [x, y] of ring.slice(1)) {
      this.extend(x, y);
      const dx = x - px;
      const dy = y - py;
      // A minus sign separates numbers by itself; anything else needs a space or comma.
      offsets += `${offsets === '' || dx < 0 ? '' : ' '}${units(dx)}${dy < 0 ? '' : ','}${units(dy)}`;
      px = x;
      py = y;
    }
    this.path += `M${units(first[0])},${units(first[1])}l${offsets}z`;
  }

  private extend(x: number, y: number): void {
    this.minX = Math.min(this.minX, x);
    this.minY = Math.min(this.minY, y);
    this.maxX = Math.max(this.maxX, x);
    this.maxY = Math.max(this.maxY, y);
  }
}

/** Works in whole grid steps so that relative offsets add up without floating-point drift. */
function snap(x: number, y: number): [number, number] {
  return [Math.round(x * RESOLUTION), Math.round(y * RESOLUTION)];
}

function units(steps: number): string {
  return String(steps / RESOLUTION);
}
