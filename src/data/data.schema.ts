import { z } from 'zod';
import { areaCodePattern, areaTypeList } from '../areas/areas.schema.ts';
import { groupParam } from '../comparison/comparison.schema.ts';
import { parsePeriod } from '../periods/period.ts';

/**
 * The most cells (metrics × areas × periods) one /api/v1/data answer may cover without paging.
 * About 5 MB of JSON: enough for every council on a dozen metrics over ten years, small enough
 * that one request cannot tie the server up. Larger selections page with limit and offset, or
 * come from the bulk files.
 */
export const maxCells = 50_000;

/**
 * The most metrics one asOf answer may name. The past is read from the values and their
 * revisions, metric by metric (the catalogue only knows today's publication states): every
 * metric at national scale would be a 20-second scan for one request.
 */
export const maxHistoryMetrics = 50;

/** The most periods `latest:N` may ask for. */
export const maxLatest = 100;

export const dataFormats = ['json', 'csv', 'jsonstat', 'csvw', 'xlsx'] as const;
export type DataFormat = (typeof dataFormats)[number];

export const includeOptions = ['ci', 'status', 'rank', 'benchmark'] as const;
export type IncludeOption = (typeof includeOptions)[number];

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const periodIdPattern = /^\d{4}-\d{2}-\d{2}\/P\d+[YMD]$/;
const periodForms =
  'latest, latest:N (N from 1 to 100), one or more period ids separated by commas ' +
  '(2023-09-01/P1Y,2024-09-01/P1Y), or a range from..to of period ids (either end may be left open)';

/** Which periods of each metric an answer covers. */
export type PeriodSelection =
  | { kind: 'latest'; count: number }
  | { kind: 'ids'; codes: string[] }
  /** Periods whose start lies from `from`'s start to `to`'s start, inclusive; null is open. */
  | { kind: 'range'; from: string | null; to: string | null; fromStart: string; toStart: string };

/** Comma-separated values, trimmed, empty items dropped, duplicates removed in order. */
function list(value: string): string[] {
  return [
    ...new Set(
      value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

/** A canonical period id's start date, or why it is not one. */
function periodStart(code: string): { start: string } | { problem: string } {
  if (!periodIdPattern.test(code))
    return { problem: `"${code}" is not a period id such as 2023-09-01/P1Y` };
  const parsed = parsePeriod(code);
  if (!parsed.ok) return { problem: `"${code}": ${parsed.reason}` };
  if (parsed.period.code !== code)
    return { problem: `"${code}" is written ${parsed.period.code} in openlg` };
  return { start: parsed.period.startDate };
}

const periodSelection = z
  .string()
  .trim()
  .transform((value, ctx): PeriodSelection => {
    const fail = (why: string) => {
      ctx.addIssue({ code: 'custom', message: `${why}; use ${periodForms}` });
      return z.NEVER;
    };
    if (value === 'latest') return { kind: 'latest', count: 1 };
    const latest = /^latest:(\d+)$/.exec(value);
    if (latest) {
      const count = Number(latest[1]);
      if (count < 1 || count > maxLatest)
        return fail(`latest:${latest[1]} asks for ${count} periods, outside 1 to ${maxLatest}`);
      return { kind: 'latest', count };
    }
    if (value.includes('..')) {
      const [from = '', to = '', ...rest] = value.split('..').map((v) => v.trim());
      if (rest.length > 0 || (from === '' && to === ''))
        return fail(`"${value}" is not a range of periods`);
      const fromStart = from === '' ? { start: '0000-01-01' } : periodStart(from);
      const toStart = to === '' ? { start: '9999-12-31' } : periodStart(to);
      if ('problem' in fromStart) return fail(fromStart.problem);
      if ('problem' in toStart) return fail(toStart.problem);
      if (toStart.start < fromStart.start) return fail(`the range ${value} ends before it begins`);
      return {
        kind: 'range',
        from: from || null,
        to: to || null,
        fromStart: fromStart.start,
        toStart: toStart.start,
      };
    }
    const codes = list(value);
    if (codes.length === 0) return fail('no period given');
    for (const code of codes) {
      const checked = periodStart(code);
      if ('problem' in checked) return fail(checked.problem);
    }
    return { kind: 'ids', codes };
  });

/**
 * The moments asOf may name. Year 0000 and years past 9999 read as dates in JavaScript but not in
 * PostgreSQL, which failed on them; nothing openlg holds is older than its first import anyway.
 */
const earliestAsOf = Date.UTC(1900, 0, 1);
const latestAsOf = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** A date means the end of that day (UTC): the values as they stood once the day was over. */
const asOfInstant = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const dateTime =
      /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
    const match = date ?? dateTime;
    const instant = date
      ? new Date(`${value}T23:59:59.999Z`)
      : dateTime
        ? new Date(dateTime[6] ? value : `${value}Z`)
        : null;
    const [, year, month, day] = match ?? [];
    const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    if (
      !instant ||
      Number.isNaN(instant.getTime()) ||
      calendar.getUTCMonth() !== Number(month) - 1 ||
      calendar.getUTCDate() !== Number(day)
    ) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be a date (2024-06-01, meaning the end of that day, UTC) or a date and time ' +
          '(2024-06-01T09:30:00Z; without an offset, UTC)',
      });
      return z.NEVER;
    }
    if (instant.getTime() < earliestAsOf || instant.getTime() > latestAsOf) {
      ctx.addIssue({ code: 'custom', message: 'must be between 1900-01-01 and 9999-12-31' });
      return z.NEVER;
    }
    return instant;
  });

const metricList = z
  .string({ error: 'is required: one or more metric slugs separated by commas, or * for all' })
  .transform((value, ctx): string[] | '*' => {
    if (value.trim() === '*') return '*';
    const slugs = list(value);
    const bad = slugs.find((s) => !slugPattern.test(s));
    if (slugs.length === 0 || bad !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: bad
          ? `"${bad.slice(0, 60)}" is not a metric slug such as gcses-in-english-and-maths`
          : 'is required: one or more metric slugs separated by commas, or * for all',
      });
      return z.NEVER;
    }
    return slugs;
  });

const areaList = z.string().transform((value, ctx) => {
  const codes = list(value.toUpperCase());
  const bad = codes.find((c) => !areaCodePattern.test(c));
  if (codes.length === 0 || bad !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: bad
        ? `"${bad.slice(0, 20)}" is not a GSS code such as E06000001`
        : 'give one or more GSS codes separated by commas',
    });
    return z.NEVER;
  }
  return codes;
});

const includeList = z.string().transform((value, ctx) => {
  const items = list(value);
  const bad = items.find((i) => !(includeOptions as readonly string[]).includes(i));
  if (bad !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${bad.slice(0, 40)}" is not one of: ${includeOptions.join(', ')} (separate several with commas)`,
    });
    return z.NEVER;
  }
  return items as IncludeOption[];
});

const whole = (min: number, max: number, range: string) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(min, range)
    .max(max, range);

/**
 * The query of GET /api/v1/data (and of data.csv, data.csv-metadata.json). Exactly one of area,
 * group and areaType says which areas; period defaults to each metric's latest.
 */
export const dataQuery = z
  .object({
    metric: metricList,
    area: areaList.optional(),
    /** A group id from /api/v1/groups, or custom: and GSS codes, as for /api/v1/compare. */
    group: groupParam.optional(),
    areaType: areaTypeList.optional(),
    period: periodSelection.default({ kind: 'latest', count: 1 }),
    asOf: asOfInstant.optional(),
    include: includeList.default([]),
    format: z.enum(dataFormats, { error: `must be one of: ${dataFormats.join(', ')}` }).optional(),
    limit: whole(1, maxCells, `must be between 1 and ${maxCells}`).optional(),
    offset: whole(0, Number.MAX_SAFE_INTEGER, 'must be 0 or more').optional(),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (
      query.asOf !== undefined &&
      (query.metric === '*' || query.metric.length > maxHistoryMetrics)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['metric'],
        message:
          `with asOf, name at most ${maxHistoryMetrics} metrics (not *): the values as they ` +
          'stood at a past moment are read from the revision history metric by metric',
      });
    const given = (['area', 'group', 'areaType'] as const).filter((k) => query[k] !== undefined);
    if (given.length === 1) return;
    ctx.addIssue({
      code: 'custom',
      path: [given[1] ?? 'area'],
      message:
        given.length === 0
          ? 'say which areas: area=<GSS code>[,…], group=<group id> or areaType=<type>[,…]'
          : `give only one of area, group or areaType (this request gives ${given.join(' and ')})`,
    });
  });
export type DataQuery = z.infer<typeof dataQuery>;

/** A bulk file's metric, from the path /api/v1/bulk/metrics/{slug}.csv. */
export const bulkMetricParam = z.object({
  slug: z.string().max(200).regex(slugPattern, 'must be a metric slug'),
});
