import { z } from 'zod';
import { principalCouncilTypes } from '../db/vocabulary.ts';

/*
 * Early-warning rules (issue 19) as versioned configuration: each rule is a stated test on
 * published figures, never a score, so that every flag it raises can be traced to the figures
 * that raised it. Reviewed in the repository like the baskets; a change to a rule is a new
 * version of the set, which the flags record.
 */

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a slug is lower-case words joined by hyphens');

const periodCode = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}\/P\d+[YMD]$/, 'a period code such as 2022-04-01/P1Y');

const common = {
  id: slug,
  title: z.string().min(1),
  /** Why the rule is a warning sign, in plain words: shown beside every flag it raises. */
  why: z.string().min(1),
};

/** Low against its group and getting worse: a theme basket's measures, counted. */
const lowAndWorsening = z
  .object({
    ...common,
    kind: z.literal('low-and-worsening'),
    /** The overview's baseline year the direction of travel is counted from. */
    baseline: z.string().regex(/^\d{4}$/),
    themes: z
      .array(
        z
          .object({
            basket: slug,
            /** At least this many measures in the bottom quarter of its comparison group… */
            bottomQuarter: z.number().int().positive(),
            /** …and at least this many worse than at the baseline. */
            worsened: z.number().int().positive(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

/** A measure fell, in its worse direction, by more than a share of the year before's figure. */
const sharpFall = z
  .object({
    ...common,
    kind: z.literal('sharp-fall'),
    baskets: z.array(slug).min(1),
    /** 0.15: more than 15% of the previous period's figure (or intervals apart, where given). */
    relative: z.number().positive().max(1),
    /** On at least this many of a theme's measures: one volatile measure alone is noise. */
    atLeast: z.number().int().positive(),
  })
  .strict();

/** More than so many median absolute deviations from its group's median, the worse way. */
const outlier = z
  .object({
    ...common,
    kind: z.literal('outlier'),
    baskets: z.array(slug).min(1),
    deviations: z.number().positive(),
    /**
     * What the median absolute deviation is multiplied by before counting: 1.4826 makes it
     * estimate a standard deviation for normally spread figures, the usual robust z-score.
     */
    scale: z.number().positive(),
  })
  .strict();

/** A measure's latest figure above a stated level (council tax requirement growth). */
const above = z
  .object({
    ...common,
    kind: z.literal('above'),
    theme: slug,
    metric: slug,
    level: z.number(),
  })
  .strict();

/** One year's council tax referendum principles: the largest rise without a referendum. */
const referendumPrinciple = z
  .object({
    period: periodCode,
    /** Social care authorities: core principle plus the adult social care precept, in %. */
    socialCare: z.number().positive(),
    /** Shire districts: this %, or `districtPounds` on Band D where that is more. */
    district: z.number().positive(),
    districtPounds: z.number().positive(),
    source: z.string().min(1),
  })
  .strict();

/** Band D raised to the referendum limit in each of the latest years. */
const referendumLimit = z
  .object({
    ...common,
    kind: z.literal('referendum-limit'),
    theme: slug,
    metric: slug,
    years: z.number().int().positive(),
    /** Percentage points below the limit still counted as at it (Band D is set in pence). */
    slack: z.number().min(0).max(1),
    socialCareTypes: z.array(z.enum(principalCouncilTypes)).min(1),
    principles: z.array(referendumPrinciple).min(1),
  })
  .strict();

export const rule = z.discriminatedUnion('kind', [
  lowAndWorsening,
  sharpFall,
  outlier,
  above,
  referendumLimit,
]);
export type Rule = z.infer<typeof rule>;
export type RuleOf<K extends Rule['kind']> = Extract<Rule, { kind: K }>;

export const ruleSet = z
  .object({
    version: z.number().int().positive(),
    /** Themes the rules name that are not baskets (finance), with their titles. */
    themes: z.record(slug, z.string().min(1)),
    rules: z.array(rule).min(1),
  })
  .strict()
  .superRefine((set, context) => {
    const ids = set.rules.map((r) => r.id);
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice !== undefined)
      context.addIssue({ code: 'custom', path: ['rules'], message: `${twice} is listed twice` });
    for (const [i, each] of set.rules.entries())
      if ((each.kind === 'above' || each.kind === 'referendum-limit') && !set.themes[each.theme])
        context.addIssue({
          code: 'custom',
          path: ['rules', i, 'theme'],
          message: `${each.theme} is not among the set's themes`,
        });
  });
export type RuleSetInput = z.input<typeof ruleSet>;
export type RuleSet = z.output<typeof ruleSet>;
