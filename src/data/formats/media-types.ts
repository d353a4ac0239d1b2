import type { DataFormat } from '../data.schema.ts';

/** The media type each format is served as. */
export const mediaTypes: Record<DataFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  // JSON-stat has no registered media type; this is the one its clients send in Accept.
  jsonstat: 'application/json-stat+json',
  // Registered by the W3C CSVW recommendation for CSV metadata documents.
  csvw: 'application/csvm+json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Media types a client may ask for in Accept, in the order ties are settled. */
const understood: readonly [string, DataFormat][] = [
  ['application/json', 'json'],
  ['text/csv', 'csv'],
  ['application/csv', 'csv'],
  ['application/json-stat+json', 'jsonstat'],
  ['application/csvm+json', 'csvw'],
  [mediaTypes.xlsx, 'xlsx'],
  // Older clients ask for the Excel 97 type; the workbook they get is the current one.
  ['application/vnd.ms-excel', 'xlsx'],
];

/**
 * The format an Accept header prefers (RFC 9110 §12.5.1: the most specific matching range sets
 * each type's quality; the highest quality wins). JSON when the header is absent, says nothing
 * about these types, or refuses all of them: a data API answers rather than failing with 406.
 */
export function negotiateFormat(accept: string | undefined): DataFormat {
  if (!accept) return 'json';
  const ranges = accept.split(',').flatMap((part) => {
    const [range = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (!range.includes('/')) return [];
    const q = params.find((p) => p.startsWith('q='));
    const quality = q ? Number(q.slice(2)) : 1;
    return Number.isFinite(quality) ? [{ range, quality }] : [];
  });
  let best: { format: DataFormat; quality: number } | null = null;
  for (const [type, format] of understood) {
    const [major] = type.split('/');
    const match =
      ranges.find((r) => r.range === type) ??
      ranges.find((r) => r.range === `${major}/*`) ??
      ranges.find((r) => r.range === '*/*');
    if (match && match.quality > 0 && (!best || match.quality > best.quality))
      best = { format, quality: match.quality };
  }
  return best?.format ?? 'json';
}
