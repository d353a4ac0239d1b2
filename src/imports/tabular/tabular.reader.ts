import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { missingStatuses, type ValueStatus } from '../../db/vocabulary.ts';
import { parsePeriod, type Period, type YearPairKind } from '../../periods/period.ts';
import { readCsvFile, type CsvTable } from '../../shared/csv.ts';
import { DataFileError, type DataProblem } from '../../shared/errors.ts';
import type { z } from 'zod';
import type {
  MeasuredValue,
  ObservationColumns,
  ObservationInput,
  ParsedSource,
} from '../import.types.ts';
import { publishedFigure } from '../published-number.ts';
import {
  tidyMappingSchema,
  wideMappingSchema,
  type MetricColumn,
  type TidyMapping,
  type WideMapping,
} from './tabular.mapping.ts';

type Mapping = TidyMapping | WideMapping;
const missing: ReadonlySet<string> = new Set(missingStatuses);

/**
 * A number as UK public data writes it: plain decimal, optionally with thousands separators
 * ("12,345.6"). Decimal commas never occur in UK sources, so a comma is only ever a separator
 * between groups of three digits; anything else is not a number.
 */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  const plain = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(trimmed)
    ? trimmed.replaceAll(',', '')
    : trimmed;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(plain)) return undefined;
  const n = Number(plain);
  return Number.isFinite(n) ? publishedFigure(plain, n) : undefined;
}

/**
 * Why a value cell is not a number, and what to do. Only a cell without digits can be a
 * missing-value marker ("-", "..", "c"): a figure written with a sign or unit ("41.2%", "£3") is
 * data, and marking it missing would lose it.
 */
function notANumber(raw: string): string {
  if (raw === '')
    return 'is empty; if an empty cell means a missing value, say why in missingValues (e.g. {"": "not-available"})';
  const text = `"${raw.slice(0, 40)}" is not a number`;
  if (/\d/.test(raw)) {
    const unit = /^[-+]?[\d.,]+\s*%$/.test(raw)
      ? ' write it without the "%" (the metric\'s unit says it is a percentage)'
      : ' openlg reads plain figures such as 1234.5 or 1,234.5, without units or symbols';
    return `${text}:${unit}`;
  }
  return `${text}; if it marks a missing value, say why in missingValues (e.g. {"${raw.slice(0, 10)}": "suppressed"})`;
}

type CellResult = { ok: true; value: MeasuredValue } | { ok: false; problem: DataProblem };

/** Reads one value with its optional interval, counts and status from a row. */
export function readMeasuredValue(
  record: Record<string, string>,
  columns: {
    value: string;
    lci?: string;
    uci?: string;
    numerator?: string;
    denominator?: string;
    status?: string;
  },
  mapping: Pick<Mapping, 'missingValues' | 'statusCodes'>,
  at: { file: string; row: number },
): CellResult {
  const fail = (column: string, message: string): CellResult => ({
    ok: false,
    problem: { ...at, column, message },
  });
  let status: ValueStatus = 'ok';
  if (columns.status) {
    const code = (record[columns.status] ?? '').trim();
    const mapped = mapping.statusCodes[code];
    if (mapped === undefined)
      return fail(
        columns.status,
        `unknown status "${code}"; the mapping's statusCodes list ${Object.keys(mapping.statusCodes)
          .map((c) => `"${c}"`)
          .join(', ')}`,
      );
    status = mapped;
  }
  const raw = (record[columns.value] ?? '').trim();
  let value: number | null;
  const missingAs = mapping.missingValues[raw];
  if (raw === '' && missing.has(status)) {
    // An empty cell whose status column already says why it is empty (openlg's own CSV).
    value = null;
  } else if (missingAs !== undefined) {
    if (status !== 'ok' && !missing.has(status))
      return fail(columns.value, `is "${raw}" (missing) but the status says "${status}"`);
    if (missing.has(status) && status !== missingAs)
      return fail(columns.value, `is "${raw}" (${missingAs}) but the status says "${status}"`);
    value = null;
    status = missingAs;
  } else {
    const n = parseNumber(raw);
    if (n === undefined) return fail(columns.value, notANumber(raw));
    if (missing.has(status))
      return fail(columns.value, `has the value ${raw} but the status says "${status}"`);
    value = n;
  }
  const optional: Record<'lci' | 'uci' | 'numerator' | 'denominator', number | null> = {
    lci: null,
    uci: null,
    numerator: null,
    denominator: null,
  };
  for (const key of ['lci', 'uci', 'numerator', 'denominator'] as const) {
    const column = columns[key];
    if (!column) continue;
    const text = (record[column] ?? '').trim();
    if (text === '' || mapping.missingValues[text] !== undefined) continue;
    const n = parseNumber(text);
    if (n === undefined) return fail(column, `"${text.slice(0, 40)}" is not a number`);
    optional[key] = n;
  }
  if (optional.lci !== null && optional.uci !== null && optional.lci > optional.uci)
    return fail(
      columns.lci ?? 'lci',
      `the lower bound ${optional.lci} is above the upper bound ${optional.uci}`,
    );
  return { ok: true, value: { value, status, ...optional } };
}

function periodOrProblem(
  text: string,
  yearPair: YearPairKind,
  at: { file: string; row: number; column: string },
  cache: Map<string, Period | string>,
): Period | DataProblem {
  let parsed = cache.get(text);
  if (parsed === undefined) {
    const result = parsePeriod(text, yearPair);
    parsed = result.ok ? result.period : result.reason;
    cache.set(text, parsed);
  }
  return typeof parsed === 'string' ? { ...at, message: parsed } : parsed;
}

async function csvFiles(target: string, source: string): Promise<string[]> {
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new DataFileError([{ file: source, message: 'file or folder not found' }]);
  if (!info.isDirectory()) return [target];
  const files = (await readdir(target))
    .filter((f) => f.toLowerCase().endsWith('.csv'))
    .sort()
    .map((f) => path.join(target, f));
  if (files.length === 0)
    throw new DataFileError([{ file: source, message: 'holds no .csv files' }]);
  return files;
}

function emptySource(
  kind: string,
  target: string,
  displayRoot: string,
  mapping: Mapping,
): ParsedSource {
  return {
    kind,
    source: path.relative(displayRoot, target) || path.basename(target),
    files: [],
    metrics: mapping.metrics,
    observations: [],
    problems: [],
    notes: [],
  };
}

/** Leaves out the rows the mapping's skip rules name, and notes how many each rule left out. */
function keptRows(table: CsvTable, mapping: Mapping, into: ParsedSource): CsvTable['rows'] {
  if (mapping.skip.length === 0) return table.rows;
  const skipped = mapping.skip.map(() => 0);
  const kept = table.rows.filter(({ record }) => {
    const rule = mapping.skip.findIndex((r) => (record[r.column] ?? '').trim() === r.equals);
    if (rule >= 0) skipped[rule] = (skipped[rule] ?? 0) + 1;
    return rule < 0;
  });
  mapping.skip.forEach((rule, i) => {
    if (skipped[i])
      into.notes.push(
        `${table.file}: ${skipped[i]} rows skipped where ${rule.column} is "${rule.equals}": ${rule.why}`,
      );
  });
  return kept;
}

async function readTable(
  file: string,
  displayRoot: string,
  mapping: Mapping,
  required: string[],
  into: ParsedSource,
) {
  const name = path.relative(displayRoot, file) || path.basename(file);
  const table = await readCsvFile(file, {
    required: [...new Set([...required, ...mapping.ignore, ...mapping.skip.map((r) => r.column)])],
    allowExtra: true,
    delimiter: mapping.delimiter,
    displayName: name,
  });
  into.files.push({ name, checksum: table.checksum });
  return table;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The slug of a row's metric, from the metric column: the cell itself, or the slug its code maps
 * to. null when the code is unmapped and the mapping says to skip such rows (counted in skipped).
 */
function metricOf(
  record: Record<string, string>,
  metric: MetricColumn,
  at: { file: string; row: number },
  skipped: Map<string, number>,
): string | DataProblem | null {
  const text = (record[metric.column] ?? '').trim();
  if (!metric.codes) {
    if (SLUG.test(text)) return text;
    return {
      ...at,
      column: metric.column,
      message: `"${text.slice(0, 60)}" is not a metric slug (lower-case words joined by hyphens); to name metrics by code or label, map them in the mapping's metric "codes"`,
    };
  }
  const mapped = metric.codes[text];
  if (mapped !== undefined) return mapped;
  if (metric.unmapped === 'skip') {
    skipped.set(text, (skipped.get(text) ?? 0) + 1);
    return null;
  }
  return {
    ...at,
    column: metric.column,
    message: `"${text.slice(0, 60)}" is not one of the mapping's metric codes (${Object.keys(
      metric.codes,
    )
      .slice(0, 10)
      .map((c) => `"${c}"`)
      .join(', ')}); map it, or set "unmapped": "skip" to leave such rows out`,
  };
}

/** Notes how many rows each unmapped code left out, so that no skipped row goes unsaid. */
function noteUnmapped(
  file: string,
  column: string,
  skipped: Map<string, number>,
  into: ParsedSource,
) {
  if (skipped.size === 0) return;
  const rows = [...skipped.values()].reduce((a, b) => a + b, 0);
  const codes = [...skipped.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `"${code}" (${n})`)
    .join(', ');
  into.notes.push(
    `${file}: ${rows} rows skipped whose ${column} is not in the mapping's metric codes: ${codes}`,
  );
}

function tidyRows(table: CsvTable, mapping: TidyMapping, into: ParsedSource) {
  const cache = new Map<string, Period | string>();
  // Per measure: each unmapped code with how many rows it left out.
  const unmapped = mapping.measures.map(() => new Map<string, number>());
  const columns = mapping.measures.map((m): ObservationColumns => ({
    ...(typeof m.metric === 'string' ? {} : { metric: m.metric.column }),
    area: mapping.area.column,
    value: m.value,
    ...(m.lci ? { lci: m.lci } : {}),
  }));
  const fixedPeriod =
    'value' in mapping.period
      ? periodOrProblem(
          mapping.period.value,
          mapping.period.yearPair,
          { file: table.file, row: 0, column: 'period' },
          cache,
        )
      : undefined;
  if (fixedPeriod && !('code' in fixedPeriod))
    throw new DataFileError([
      { file: table.file, message: `the mapping's period: ${fixedPeriod.message}` },
    ]);
  for (const { line, record } of keptRows(table, mapping, into)) {
    const at = { file: table.file, row: line };
    let period = fixedPeriod;
    if (!period && 'column' in mapping.period) {
      const found = periodOrProblem(
        record[mapping.period.column] ?? '',
        mapping.period.yearPair,
        { ...at, column: mapping.period.column },
        cache,
      );
      if (!('code' in found)) {
        into.problems.push(found);
        continue;
      }
      period = found;
    }
    if (!period) continue;
    const areaText = (record[mapping.area.column] ?? '').trim();
    if (areaText === '') {
      into.problems.push({ ...at, column: mapping.area.column, message: 'is empty' });
      continue;
    }
    for (const [i, measure] of mapping.measures.entries()) {
      const metricSlug =
        typeof measure.metric === 'string'
          ? measure.metric
          : metricOf(record, measure.metric, at, unmapped[i] ?? new Map());
      if (metricSlug === null) continue;
      if (typeof metricSlug !== 'string') {
        into.problems.push(metricSlug);
        continue;
      }
      const cell = readMeasuredValue(record, measure, mapping, at);
      if (!cell.ok) {
        into.problems.push(cell.problem);
        continue;
      }
      into.observations.push({
        ...cell.value,
        metricSlug,
        area: { scheme: mapping.area.scheme, value: areaText },
        period,
        ...at,
        ...(columns[i] ? { columns: columns[i] } : {}),
      } satisfies ObservationInput);
    }
  }
  mapping.measures.forEach((measure, i) => {
    if (typeof measure.metric !== 'string')
      noteUnmapped(table.file, measure.metric.column, unmapped[i] ?? new Map(), into);
  });
}

/** Reads a long CSV (one value per row, or one column per metric) as its mapping describes. */
export async function readTidyCsv(
  target: string,
  displayRoot: string,
  input: MappingInput,
): Promise<ParsedSource> {
  const mapping = parseMapping(tidyMappingSchema, input);
  const parsed = emptySource('tidy-csv', target, displayRoot, mapping);
  const required = [
    mapping.area.column,
    ...('column' in mapping.period ? [mapping.period.column] : []),
    ...mapping.measures.flatMap((m) => [
      ...(typeof m.metric === 'string' ? [] : [m.metric.column]),
      ...[m.value, m.lci, m.uci, m.numerator, m.denominator, m.status].filter(
        (c): c is string => c !== undefined,
      ),
    ]),
  ];
  for (const file of await csvFiles(target, parsed.source)) {
    const table = await readTable(file, displayRoot, mapping, required, parsed);
    tidyRows(table, mapping, parsed);
    parsed.notes.push(`${table.file}: ${table.rows.length} rows`);
  }
  return parsed;
}

/** Reads a CSV with one row per area and one column per period. */
export async function readWideCsv(
  target: string,
  displayRoot: string,
  input: MappingInput,
): Promise<ParsedSource> {
  const mapping = parseMapping(wideMappingSchema, input);
  const parsed = emptySource('wide-csv', target, displayRoot, mapping);
  for (const file of await csvFiles(target, parsed.source)) {
    const table = await readTable(file, displayRoot, mapping, [mapping.area.column], parsed);
    const cache = new Map<string, Period | string>();
    const periodColumns: { column: string; period: Period; columns: ObservationColumns }[] = [];
    for (const column of table.header) {
      if (column === mapping.area.column || mapping.ignore.includes(column)) continue;
      const found = periodOrProblem(
        column,
        mapping.yearPair,
        { file: table.file, row: 1, column },
        cache,
      );
      if ('code' in found)
        periodColumns.push({
          column,
          period: found,
          columns: { area: mapping.area.column, value: column },
        });
      else
        parsed.problems.push({
          ...found,
          message: `is not a period (${found.message}); list columns that are not periods in the mapping's "ignore"`,
        });
    }
    if (periodColumns.length === 0)
      parsed.problems.push({ file: table.file, row: 1, message: 'no column is a period' });
    for (const { line, record } of keptRows(table, mapping, parsed)) {
      const at = { file: table.file, row: line };
      const areaText = (record[mapping.area.column] ?? '').trim();
      if (areaText === '') {
        parsed.problems.push({ ...at, column: mapping.area.column, message: 'is empty' });
        continue;
      }
      for (const { column, period, columns } of periodColumns) {
        const cell = readMeasuredValue(record, { value: column }, mapping, at);
        if (!cell.ok) {
          parsed.problems.push(cell.problem);
          continue;
        }
        parsed.observations.push({
          ...cell.value,
          metricSlug: mapping.metric,
          area: { scheme: mapping.area.scheme, value: areaText },
          period,
          ...at,
          columns,
        });
      }
    }
    parsed.notes.push(
      `${table.file}: ${table.rows.length} areas x ${periodColumns.length} periods`,
    );
  }
  return parsed;
}

/** A column mapping and where it came from (a mapping file, flags, or both), for messages. */
export interface MappingInput {
  name: string;
  value: unknown;
}

function parseMapping<T>(schema: z.ZodType<T>, mapping: MappingInput): T {
  const result = schema.safeParse(mapping.value);
  if (result.success) return result.data;
  // Every mistake at once, each with the path of the field at fault.
  throw new DataFileError(
    result.error.issues.map((issue) => ({
      file: mapping.name,
      ...(issue.path.length > 0 ? { column: issue.path.join('.') } : {}),
      message:
        issue.code === 'unrecognized_keys'
          ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`
          : issue.message,
    })),
  );
}
