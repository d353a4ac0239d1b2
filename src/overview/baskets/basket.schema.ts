import { z } from 'zod';
import { polarities } from '../../db/vocabulary.ts';

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a slug is lower-case words joined by hyphens');

/** An ISO 8601 period code as openlg stores periods: start date, slash, duration. */
const periodCode = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}\/P\d+[YMD]$/, 'a period code such as 2016-04-01/P1Y');

/**
 * How much a figure must move to count as a change, when confidence intervals do not decide:
 * a share of the baseline figure (0.02: 2%), or an amount in the measure's own unit.
 */
export const tolerance = z.union([
  z.object({ relative: z.number().positive().max(1) }).strict(),
  z.object({ absolute: z.number().positive() }).strict(),
]);
export type Tolerance = z.infer<typeof tolerance>;

/**
 * One measure of a basket and its rule for "improved". Polarity comes from the metric's own
 * definition unless the basket states one, with the reason. When both figures carry confidence
 * intervals and useIntervals holds, the change counts only when the intervals do not overlap;
 * otherwise only when it exceeds the tolerance.
 */
export const basketMeasure = z
  .object({
    metric: slug,
    polarity: z
      .object({ value: z.enum(polarities), reason: z.string().min(1) })
      .strict()
      .optional(),
    useIntervals: z.boolean().default(true),
    tolerance: tolerance.default({ relative: 0.02 }),
    /** The measure's own baseline period for a baseline, where the baseline year's rule misses. */
    baselinePeriods: z.record(z.string(), periodCode).default({}),
    /** Periods from which the source measures differently: no comparison across them. */
    methodChanges: z
      .array(z.object({ from: periodCode, note: z.string().min(1) }).strict())
      .default([]),
  })
  .strict();
export type BasketMeasure = z.infer<typeof basketMeasure>;

/**
 * A baseline: a year. A measure's baseline period is its earliest period starting in that
 * calendar year (2016 is the calendar year 2016, the financial year 2016/17, the academic year
 * 2016/17, the three years 2016-18), unless the measure names its own.
 */
export const baseline = z
  .object({
    id: z.string().regex(/^\d{4}$/, 'a baseline is a year such as 2016'),
    label: z.string().min(1),
  })
  .strict();
export type Baseline = z.infer<typeof baseline>;

/** A named, versioned set of measures: what "the sector improved" is counted over. */
export const basketDefinition = z
  .object({
    slug,
    version: z.number().int().positive(),
    title: z.string().min(1),
    description: z.string().min(1),
    baselines: z.array(baseline).min(1),
    measures: z.array(basketMeasure).min(1),
  })
  .strict()
  .superRefine((basket, context) => {
    const slugs = basket.measures.map((m) => m.metric);
    const twice = slugs.find((s, i) => slugs.indexOf(s) !== i);
    if (twice !== undefined)
      context.addIssue({ code: 'custom', path: ['measures'], message: `${twice} is listed twice` });
    const ids = new Set(basket.baselines.map((b) => b.id));
    if (ids.size !== basket.baselines.length)
      context.addIssue({ code: 'custom', path: ['baselines'], message: 'a baseline twice' });
    for (const [i, measure] of basket.measures.entries())
      for (const id of Object.keys(measure.baselinePeriods))
        if (!ids.has(id))
          context.addIssue({
            code: 'custom',
            path: ['measures', i, 'baselinePeriods', id],
            message: `the basket has no baseline ${id}`,
          });
  });
export type BasketInput = z.input<typeof basketDefinition>;
export type Basket = z.output<typeof basketDefinition>;
