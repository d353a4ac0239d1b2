import { z } from 'zod';
import { missingStatuses, polarities, themes, valueStatuses } from '../../db/vocabulary.ts';
import { httpUrl } from '../../shared/url.ts';
import type { MetricDefinition } from '../import.types.ts';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case slug such as "employment-rate"');
const column = z.string().min(1, 'must name a column');

/** A metric the mapping defines; only slug, title and polarity are required. */
export const metricDefinitionSchema = z
  .object({
    slug,
    title: z.string().min(1),
    subtitle: z.string().nullable().default(null),
    description: z.string().nullable().default(null),
    unit: z.string().nullable().default(null),
    measure: z.string().nullable().default(null),
    decimalPlaces: z.number().int().min(0).max(10).default(1),
    polarity: z.enum(polarities),
    theme: z.enum(themes).nullable().default(null),
    sourceOrganisation: z.string().nullable().default(null),
    sourceUrl: httpUrl.nullable().default(null),
    licence: z.string().nullable().default(null),
    caveats: z.string().nullable().default(null),
    periodicity: z.string().nullable().default(null),
  })
  .strict() satisfies z.ZodType<MetricDefinition>;

const areaSchema = z
  .object({
    column,
    scheme: z.enum(['gss', 'dfe-la', 'mysociety', 'name']).default('gss'),
  })
  .strict();

const yearPair = z.enum(['financial-year', 'academic-year']).default('financial-year');

/** Tokens that mean "no value", each with the status saying why; nothing else is treated as missing. */
const missingValues = z.record(z.string(), z.enum(missingStatuses)).default({});

const shared = {
  area: areaSchema,
  missingValues,
  /** Status column codes -> typed status; an unlisted code is a problem, never a guess. */
  statusCodes: z.record(z.string(), z.enum(valueStatuses)).default({ '': 'ok' }),
  delimiter: z.enum([',', ';', '\t', '|']).default(','),
  metrics: z.array(metricDefinitionSchema).default([]),
  /** Columns the file has that the import does not use. */
  ignore: z.array(column).default([]),
  /**
   * Rows to leave out, each rule a column and the exact text that marks such a row (e.g. former
   * councils without a GSS code). Skipped rows are counted in the import's notes, never silent.
   */
  skip: z
    .array(z.object({ column, equals: z.string(), why: z.string().min(1) }).strict())
    .default([]),
};

/**
 * The column naming each row's metric. Without codes its cells must be slugs themselves; with
 * them, each cell's text (a code such as "ASC1" or a label) is looked up, so one file holding many
 * measures loads in one run. A row whose text is not listed is an error unless unmapped is
 * "skip", when it is left out and counted in the import's notes.
 */
const metricColumnSchema = z
  .object({
    column,
    codes: z.record(z.string().min(1), slug).optional(),
    unmapped: z.enum(['error', 'skip']).default('error'),
  })
  .strict();
export type MetricColumn = z.infer<typeof metricColumnSchema>;

const measureSchema = z
  .object({
    /** A fixed metric slug, or the column naming each row's metric. */
    metric: z.union([slug, metricColumnSchema]),
    value: column,
    lci: column.optional(),
    uci: column.optional(),
    numerator: column.optional(),
    denominator: column.optional(),
    status: column.optional(),
  })
  .strict();

export const tidyMappingSchema = z
  .object({
    ...shared,
    /** The period column (and how to read year pairs), or one period for every row. */
    period: z.union([
      z.object({ column, yearPair }).strict(),
      z.object({ value: z.string().min(1), yearPair }).strict(),
    ]),
    /** One entry per value column: a long file has one, a file with a column per metric several. */
    measures: z.array(measureSchema).min(1),
  })
  .strict();
export type TidyMapping = z.infer<typeof tidyMappingSchema>;

export const wideMappingSchema = z
  .object({
    ...shared,
    metric: slug,
    /** Every column that is not the area column and not ignored is a period. */
    yearPair,
  })
  .strict();
export type WideMapping = z.infer<typeof wideMappingSchema>;

/** The command-line flags that describe a tabular file without a mapping file. */
export interface TabularFlags {
  mapping?: string;
  delimiter?: string;
  'area-column'?: string;
  'area-scheme'?: string;
  'period-column'?: string;
  period?: string;
  'year-pair'?: string;
  metric?: string;
  'metric-column'?: string;
  'value-column'?: string;
  'lci-column'?: string;
  'uci-column'?: string;
  'status-column'?: string;
  missing?: string[];
  title?: string;
  unit?: string;
  polarity?: string;
  theme?: string;
  'decimal-places'?: string;
}

/**
 * Turns flags into the same object a mapping file holds, so that one schema validates both.
 * Flags override the mapping file's fields.
 */
export function mappingFromFlags(
  kind: 'tidy-csv' | 'wide-csv',
  flags: TabularFlags,
  fromFile: Record<string, unknown> = {},
): Record<string, unknown> {
  const mapping: Record<string, unknown> = { ...fromFile };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) mapping[key] = value;
  };
  set('delimiter', flags.delimiter === '\\t' ? '\t' : flags.delimiter);
  if (flags['area-column'] || flags['area-scheme'])
    mapping.area = {
      ...(mapping.area as object | undefined),
      ...(flags['area-column'] ? { column: flags['area-column'] } : {}),
      ...(flags['area-scheme'] ? { scheme: flags['area-scheme'] } : {}),
    };
  if (flags.missing)
    mapping.missingValues = Object.fromEntries(
      flags.missing.map((pair) => {
        const at = pair.lastIndexOf('=');
        return at < 0 ? [pair, 'not-available'] : [pair.slice(0, at), pair.slice(at + 1)];
      }),
    );
  if (flags.title) {
    mapping.metrics = [
      {
        slug: flags.metric,
        title: flags.title,
        unit: flags.unit ?? null,
        polarity: flags.polarity,
        theme: flags.theme ?? null,
        ...(flags['decimal-places'] !== undefined
          ? { decimalPlaces: Number(flags['decimal-places']) }
          : {}),
      },
    ];
  }
  if (kind === 'wide-csv') {
    set('metric', flags.metric);
    set('yearPair', flags['year-pair']);
    return mapping;
  }
  const yearPairFlag = flags['year-pair'] ? { yearPair: flags['year-pair'] } : {};
  if (flags['period-column']) mapping.period = { column: flags['period-column'], ...yearPairFlag };
  else if (flags.period) mapping.period = { value: flags.period, ...yearPairFlag };
  if (flags['value-column'] || flags.metric || flags['metric-column']) {
    const measure: Record<string, unknown> = {
      metric: flags['metric-column'] ? { column: flags['metric-column'] } : flags.metric,
      value: flags['value-column'],
    };
    if (flags['lci-column']) measure.lci = flags['lci-column'];
    if (flags['uci-column']) measure.uci = flags['uci-column'];
    if (flags['status-column']) measure.status = flags['status-column'];
    mapping.measures = [measure];
  }
  return mapping;
}
