/**
 * The requests the data API refuses before reading any value, and why, in words that say
 * which parameter to change.
 */
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { maxCells, type DataFormat, type DataQuery } from './data.schema.ts';

/** The entries for these keys, in their order; 404 naming every key that has none. */
export function known<T>(
  keys: readonly string[],
  entries: ReadonlyMap<string, T>,
  thing: string,
): T[] {
  const unknown = keys.filter((k) => !entries.has(k));
  if (unknown.length > 0) throw new NotFoundError(thing, unknown.join(', '));
  return keys.map((k) => entries.get(k)).filter((e) => e !== undefined);
}

/** What a format cannot carry: JSON-stat is one cube of values and statuses, never paged. */
export function checkFormat(query: DataQuery, format: DataFormat) {
  if (format !== 'jsonstat') return;
  const extra = query.include.filter((i) => i !== 'status');
  if (extra.length > 0)
    throw new BadRequestError(
      `include: a JSON-stat dataset carries values and their status only; ${extra.join(', ')} ` +
        'come with format=json, csv or xlsx',
      'include',
    );
  const paging = query.limit !== undefined ? 'limit' : query.offset !== undefined ? 'offset' : null;
  if (paging)
    throw new BadRequestError(
      `${paging}: a JSON-stat dataset is one whole cube and is not paged; ask for fewer ` +
        'metrics, areas or periods, or page format=json or csv',
      paging,
    );
}

/**
 * Refuses an unpaged answer of more than maxCells cells, naming the parameter that contributes
 * most and the ways round the limit.
 */
export function checkCells(size: {
  metrics: number;
  areas: number;
  periodsPerMetric: number;
  cells: number;
  areaParameter: 'area' | 'group' | 'areaType';
  format: DataFormat;
}) {
  if (size.cells <= maxCells) return;
  const factors = [
    ['metric', size.metrics],
    [size.areaParameter, size.areas],
    ['period', size.periodsPerMetric],
  ] as const;
  const largest = [...factors].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'metric';
  const periods =
    size.periodsPerMetric === 1 ? '1 period' : `up to ${size.periodsPerMetric} periods`;
  throw new BadRequestError(
    `${largest}: ${size.metrics} metrics × ${size.areas} areas × ${periods} make ` +
      `${size.cells.toLocaleString('en-GB')} cells, more than the ` +
      `${maxCells.toLocaleString('en-GB')} one answer may hold. Ask for fewer metrics, areas or ` +
      `periods; page through the observations with limit (at most ${maxCells}) and offset` +
      `${size.format === 'jsonstat' ? ' in format json or csv' : ''}; or download whole ` +
      'metrics from /api/v1/bulk/metrics/{slug}.csv (every metric: /api/v1/bulk/all.csv).',
    largest,
  );
}

/** A list of names for a message, shortened after a few. */
export function some(names: readonly string[]): string {
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and others`;
}
