import { z } from 'zod';
import { areaCodePattern } from '../areas/areas.schema.ts';

const gss = z
  .string()
  .transform((v) => v.trim().toUpperCase())
  .pipe(z.string().regex(areaCodePattern, 'must be a GSS code such as E06000001'));

/** The most councils a custom group lists: every principal council, with room to spare. */
export const maxCustomGroup = 500;

/** A saved group's reference after "saved:": its id, and optionally its name's words. */
const savedRefPattern = /^\d{1,9}(-[a-z0-9-]{0,200})?$/;

/**
 * A group id from /api/v1/groups, "saved:" and a saved group's id (resolved by the route, which
 * knows who is asking), or "custom:" and up to 500 GSS codes separated by commas, so that any
 * published comparison set can be reproduced (500 codes are about 5,000 characters, well inside
 * the 16 KB a request line may take).
 */
export const groupParam = z
  .string()
  .max(maxCustomGroup * 11 + 20)
  .transform((value, ctx) => {
    if (value.startsWith('saved:')) {
      const saved = value.slice('saved:'.length);
      if (savedRefPattern.test(saved)) return { saved };
      ctx.addIssue({ code: 'custom', message: 'a saved group is named saved:<id>, as saved:12' });
      return z.NEVER;
    }
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

const pick = z.string().max(20).optional();

const several = z
  .union([z.string(), z.array(z.string())])
  // Ticked boxes repeat the parameter; a link may list the measures separated by commas.
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',')).map((x) => x.trim()))
  .pipe(z.array(z.string().max(200)).max(100, 'at most 100 measures'));

/**
 * The compare page and its downloads: councils typed by name or code (resolved, and judged in
 * plain words, by the page: a name is not a format error), the measures ticked, the catalogue
 * search, a group whose members prefill the councils, and the councils picked for ambiguous
 * names (one radio group per typed name: pick0 for the first, and so on).
 */
export const comparePageQuery = z
  .object({
    areas: z.string().max(2000, 'at most 2,000 characters').optional(),
    metrics: several.optional(),
    q: z.string().trim().max(200, 'at most 200 characters').optional(),
    group: z.string().max(200).optional(),
    action: z.enum(['compare', 'search']).optional(),
    pick0: pick,
    pick1: pick,
    pick2: pick,
    pick3: pick,
    pick4: pick,
    pick5: pick,
    pick6: pick,
    pick7: pick,
    pick8: pick,
    pick9: pick,
  })
  .strict();
export type ComparePageQuery = z.infer<typeof comparePageQuery>;
