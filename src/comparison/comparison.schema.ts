import { z } from 'zod';
import { areaCodePattern } from '../areas/areas.schema.ts';

const gss = z
  .string()
  .transform((v) => v.trim().toUpperCase())
  .pipe(z.string().regex(areaCodePattern, 'must be a GSS code such as E06000001'));

/** The most councils a custom group lists: every principal council, with room to spare. */
export const maxCustomGroup = 500;

/**
 * A group id from /api/v1/groups, or "custom:" and up to 500 GSS codes separated by commas, so
 * that any published comparison set can be reproduced (500 codes are about 5,000 characters,
 * well inside the 16 KB a request line may take).
 */
export const groupParam = z
  .string()
  .max(maxCustomGroup * 11 + 20)
  .transform((value, ctx) => {
    if (!value.startsWith('custom:')) return { id: value };
    const codes = value
      .slice('custom:'.length)
      .split(',')
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean);
    const bad = codes.find((c) => !areaCodePattern.test(c));
    if (codes.length === 0 || codes.length > maxCustomGroup || bad) {
      ctx.addIssue({
        code: 'custom',
        message: bad
          ? `"${bad}" is not a GSS code`
          : `a custom group lists 1 to ${maxCustomGroup} GSS codes: custom:E06000001,E06000002`,
      });
      return z.NEVER;
    }
    return { codes: [...new Set(codes)] };
  });

const periodParam = z
  .string()
  .regex(
    /^(latest|\d{4}-\d{2}-\d{2}\/P\d+[YMD])$/,
    'must be "latest" or a period id such as 2023-09-01/P1Y',
  )
  .default('latest');

export const compareQuery = z
  .object({
    metric: z.string().min(1, 'is required: a metric slug such as employment-rate').max(200),
    area: gss,
    group: groupParam.optional(),
    period: periodParam,
  })
  .strict();

/** A metric page: for which council, group and period. */
export const metricPageQuery = z
  .object({
    area: gss.optional(),
    group: groupParam.optional(),
    period: periodParam,
  })
  .strict();

/** An area page: which group its profile compares with. */
export const areaPageQuery = z.object({ group: groupParam.optional() }).strict();

const list = (what: string, max: number, pattern: RegExp, example: string) =>
  z
    .string()
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.string().regex(pattern, `each must be ${example}`))
        .max(max, `at most ${max} ${what}`),
    );

/** The compare page: up to 10 councils across up to 10 measures. */
export const comparePageQuery = z
  .object({
    areas: z
      .string()
      .transform((v) => v.toUpperCase())
      .pipe(list('councils', 10, areaCodePattern, 'a GSS code such as E06000001'))
      .optional(),
    metrics: z
      .union([z.string(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v.join(',') : v))
      .pipe(
        list('measures', 10, /^[a-z0-9]+(-[a-z0-9]+)*$/, 'a measure slug such as employment-rate'),
      )
      .optional(),
  })
  .strict();
