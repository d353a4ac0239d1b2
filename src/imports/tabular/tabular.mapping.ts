import { z } from 'zod';
import {
  areaTypes,
  missingStatuses,
  polarities,
  themes,
  valueStatuses,
} from '../../db/vocabulary.ts';
import { httpUrl } from '../../shared/url.ts';
import type { MetricDefinition } from '../import.types.ts';

const slug = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a kebab-case slug such as "employment-rate"');
const column = z.string().min(1, 'must name a column');

/**
 * The sets of area types whose values may be compared with each other (Band D: counties, districts
 * and unitary-level councils apart); a type no set names is compared only with itself.
 */
const comparableAcross = z
  .array(z.array(z.enum(areaTypes)).min(1, 'must name at least one area type'))
  .min(1, 'must list at least one set of area types')
  .refine(
    (sets) => new Set(sets.flat()).size === sets.flat().length,
    'must name each area type in one set at most',
  );

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
    comparableAcross: comparableAcross.optional(),
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

type Kind = 'tidy-csv' | 'wide-csv';

/**
 * Every mapping field as a command-line flag, with its help line: the one list the parser, the
 * per-kind help and mappingFromFlags read. Repeatable flags take one "key=value" each.
 */
export const tabularFlagHelp = {
  mapping: { arg: '<file.json>', help: 'a mapping file; the flags below override its fields' },
  'area-column': { arg: '<name>', help: 'the column naming the area' },
  'area-scheme': { arg: '<scheme>', help: 'gss (default), dfe-la, mysociety or name' },
  'period-column': { arg: '<name>', help: 'the column holding the period', only: 'tidy-csv' },
  period: { arg: '<period>', help: 'one period for every row (e.g. 2023-24)', only: 'tidy-csv' },
  'year-pair': {
    arg: '<kind>',
    help: 'read "2019-20" as financial-year (default) or academic-year',
  },
  metric: { arg: '<slug>', help: 'the metric every value belongs to' },
  'metric-column': {
    arg: '<name>',
    help: "the column naming each row's metric (a slug, or a code mapped by --code)",
    only: 'tidy-csv',
  },
  code: {
    arg: '<text=slug>',
    help: 'a --metric-column code or label and its metric (repeatable)',
    only: 'tidy-csv',
    multiple: true,
  },
  unmapped: {
    arg: 'error|skip',
    help: 'a row whose code has no --code: an error (default), or skipped and counted',
    only: 'tidy-csv',
  },
  'value-column': { arg: '<name>', help: 'the column holding the value', only: 'tidy-csv' },
  'lci-column': { arg: '<name>', help: 'lower confidence limit column', only: 'tidy-csv' },
  'uci-column': { arg: '<name>', help: 'upper confidence limit column', only: 'tidy-csv' },
  'numerator-column': { arg: '<name>', help: 'numerator column', only: 'tidy-csv' },
  'denominator-column': { arg: '<name>', help: 'denominator column', only: 'tidy-csv' },
  'status-column': { arg: '<name>', help: 'the column holding a status code', only: 'tidy-csv' },
  'status-code': {
    arg: '<code=status>',
    help: 'a --status-column code and its status, e.g. "u=low-reliability" (repeatable)',
    multiple: true,
    only: 'tidy-csv',
  },
  missing: {
    arg: '<text=status>',
    help: 'a cell text meaning a missing value, e.g. "-=not-available" (repeatable)',
    multiple: true,
  },
  ignore: { arg: '<name>', help: 'a column the import does not use (repeatable)', multiple: true },
  skip: {
    arg: '<column=text>',
    help: 'leave out (and count) the rows whose column holds exactly this text (repeatable)',
    multiple: true,
  },
  delimiter: { arg: '<char>', help: ', (default), ; | or \\t' },
  title: { arg: '<text>', help: 'define --metric: its title (with --polarity, required)' },
  polarity: { arg: '<polarity>', help: polarities.join(', ') },
  unit: { arg: '<text>', help: 'its unit, e.g. % or people' },
  theme: { arg: '<theme>', help: themes.join(', ') },
  'decimal-places': { arg: '<n>', help: 'how many decimal places to show (default 1)' },
  subtitle: { arg: '<text>', help: 'its subtitle' },
  description: { arg: '<text>', help: 'its description' },
  measure: { arg: '<text>', help: 'what kind of figure it is, e.g. Percentage' },
  'source-organisation': { arg: '<text>', help: 'who publishes it' },
  'source-url': { arg: '<url>', help: 'where it is published (http or https)' },
  licence: { arg: '<text>', help: 'its licence' },
  caveats: { arg: '<text>', help: 'its caveats (Markdown)' },
  periodicity: { arg: '<text>', help: 'how often it is published, e.g. annual' },
  'comparable-across': {
    arg: '<sets>',
    help: 'area types compared with each other: sets split by ";", types by ",", e.g. county;district',
  },
} as const satisfies Record<string, { arg: string; help: string; only?: Kind; multiple?: boolean }>;

type FlagName = keyof typeof tabularFlagHelp;
type Multiple = {
  [K in FlagName]: (typeof tabularFlagHelp)[K] extends { multiple: true } ? K : never;
}[FlagName];

/** The command-line flags that describe a tabular file without a mapping file. */
export type TabularFlags = { [K in Exclude<FlagName, Multiple>]?: string } & {
  [K in Multiple]?: string[];
};

/** The flags for node:util parseArgs. */
export const tabularFlagOptions = Object.fromEntries(
  Object.entries(tabularFlagHelp).map(([name, flag]) => [
    name,
    'multiple' in flag
      ? { type: 'string' as const, multiple: true as const }
      : { type: 'string' as const },
  ]),
) as {
  [K in FlagName]: K extends Multiple ? { type: 'string'; multiple: true } : { type: 'string' };
};

export const tabularFlagNames = Object.keys(tabularFlagHelp) as FlagName[];

/** "key=value" pairs (split at the last "="); a pair without "=" maps to `otherwise`. */
function pairs(list: string[] | undefined, otherwise: string): Record<string, string> | undefined {
  if (!list) return undefined;
  return Object.fromEntries(
    list.map((pair) => {
      const at = pair.lastIndexOf('=');
      return at < 0 ? [pair, otherwise] : [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

const definitionFlags = [
  ['subtitle', 'subtitle'],
  ['description', 'description'],
  ['measure', 'measure'],
  ['source-organisation', 'sourceOrganisation'],
  ['source-url', 'sourceUrl'],
  ['licence', 'licence'],
  ['caveats', 'caveats'],
  ['periodicity', 'periodicity'],
] as const;

/** The metric --metric and --title with the other definition flags define. */
function metricFromFlags(flags: TabularFlags): Record<string, unknown> {
  const metric: Record<string, unknown> = {
    slug: flags.metric,
    title: flags.title,
    unit: flags.unit ?? null,
    polarity: flags.polarity,
    theme: flags.theme ?? null,
  };
  if (flags['decimal-places'] !== undefined) metric.decimalPlaces = Number(flags['decimal-places']);
  if (flags['comparable-across'] !== undefined)
    metric.comparableAcross = flags['comparable-across']
      .split(';')
      .map((set) => set.split(',').map((type) => type.trim()));
  for (const [flag, field] of definitionFlags)
    if (flags[flag] !== undefined) metric[field] = flags[flag];
  return metric;
}

/** The fields both kinds share: area, delimiter, missing values, statuses, ignore, skip, metric. */
function sharedFromFlags(mapping: Record<string, unknown>, flags: TabularFlags) {
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
  set('missingValues', pairs(flags.missing, 'not-available'));
  set('statusCodes', pairs(flags['status-code'], 'ok'));
  set('ignore', flags.ignore);
  set(
    'skip',
    flags.skip &&
      Object.entries(pairs(flags.skip, '') ?? {}).map(([column, equals]) => ({
        column,
        equals,
        why: 'left out with --skip on the command line',
      })),
  );
  if (flags.title) mapping.metrics = [metricFromFlags(flags)];
}

/** The tidy measure the flags describe: the metric (or its column and codes) and the columns. */
function measureFromFlags(flags: TabularFlags): Record<string, unknown> {
  const metric = flags['metric-column']
    ? {
        column: flags['metric-column'],
        ...(flags.code ? { codes: pairs(flags.code, '') } : {}),
        ...(flags.unmapped ? { unmapped: flags.unmapped } : {}),
      }
    : flags.metric;
  const measure: Record<string, unknown> = { metric, value: flags['value-column'] };
  for (const [flag, field] of [
    ['lci-column', 'lci'],
    ['uci-column', 'uci'],
    ['numerator-column', 'numerator'],
    ['denominator-column', 'denominator'],
    ['status-column', 'status'],
  ] as const)
    if (flags[flag]) measure[field] = flags[flag];
  return measure;
}

/** A mapping file's measure with --code and --unmapped added to its metric column, if it has one. */
function withCodes(measure: unknown, flags: TabularFlags): unknown {
  if (typeof measure !== 'object' || measure === null || !('metric' in measure)) return measure;
  const metric = measure.metric;
  if (typeof metric !== 'object' || metric === null) return measure;
  const codes = 'codes' in metric && typeof metric.codes === 'object' ? metric.codes : {};
  return {
    ...measure,
    metric: {
      ...metric,
      ...(flags.code ? { codes: { ...codes, ...pairs(flags.code, '') } } : {}),
      ...(flags.unmapped ? { unmapped: flags.unmapped } : {}),
    },
  };
}

/**
 * Turns flags into the same object a mapping file holds, so that one schema validates both.
 * Flags override the mapping file's fields.
 */
export function mappingFromFlags(
  kind: Kind,
  flags: TabularFlags,
  fromFile: Record<string, unknown> = {},
): Record<string, unknown> {
  const mapping: Record<string, unknown> = { ...fromFile };
  sharedFromFlags(mapping, flags);
  if (kind === 'wide-csv') {
    if (flags.metric !== undefined) mapping.metric = flags.metric;
    if (flags['year-pair'] !== undefined) mapping.yearPair = flags['year-pair'];
    return mapping;
  }
  const yearPairFlag = flags['year-pair'] ? { yearPair: flags['year-pair'] } : {};
  if (flags['period-column']) mapping.period = { column: flags['period-column'], ...yearPairFlag };
  else if (flags.period) mapping.period = { value: flags.period, ...yearPairFlag };
  if (flags['value-column'] || flags.metric || flags['metric-column'])
    mapping.measures = [measureFromFlags(flags)];
  else if ((flags.code || flags.unmapped) && Array.isArray(mapping.measures))
    mapping.measures = mapping.measures.map((m: unknown) => withCodes(m, flags));
  return mapping;
}
