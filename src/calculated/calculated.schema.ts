import { z } from 'zod';
import { areaTypes, polarities, themes } from '../db/vocabulary.ts';
import { FormulaError, formulaInputs, parseFormula } from './formula.ts';

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a slug is lower-case words joined by hyphens');

/**
 * A calculated metric's definition: what the public reads about it (as any metric's), its formula
 * and, for a figure per head, which input is the population. A population may be of the same
 * period as the figure or, where there is none, the nearest earlier, and the metric's caveats say
 * which periods took an earlier one.
 */
export const calculatedDefinition = z
  .object({
    slug,
    title: z.string().min(1),
    subtitle: z.string().min(1).nullable().default(null),
    description: z.string().min(1),
    formula: z.string().min(1),
    unit: z.string().min(1).nullable(),
    measure: z.string().min(1).nullable().default(null),
    decimalPlaces: z.number().int().min(0).max(6),
    polarity: z.enum(polarities),
    theme: z.enum(themes),
    /** Which area types compare with each other (see MetricDefinition); absent: all. */
    comparableAcross: z.array(z.array(z.enum(areaTypes)).min(1)).optional(),
    /** The input that is a population: same period, or the nearest earlier. */
    perHead: z.object({ population: slug }).nullable().default(null),
    licence: z.string().min(1),
    caveats: z.string().min(1).nullable().default(null),
  })
  .superRefine((definition, context) => {
    let inputs: ReturnType<typeof formulaInputs>;
    try {
      inputs = formulaInputs(parseFormula(definition.formula));
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      context.addIssue({ code: 'custom', path: ['formula'], message: error.message });
      return;
    }
    if (inputs.some((i) => i.slug === definition.slug))
      context.addIssue({ code: 'custom', path: ['formula'], message: 'reads the metric itself' });
    const population = definition.perHead?.population;
    if (population !== undefined && !inputs.some((i) => i.slug === population && !i.previous))
      context.addIssue({
        code: 'custom',
        path: ['perHead', 'population'],
        message: `the formula does not read ${population}`,
      });
    // The areas and periods calculated are those of the inputs read in their own period, the
    // population aside.
    if (!inputs.some((i) => i.slug !== population && !i.previous))
      context.addIssue({
        code: 'custom',
        path: ['formula'],
        message: 'reads no metric in its own period besides the population',
      });
  });

export type CalculatedDefinition = z.infer<typeof calculatedDefinition>;
export type CalculatedDefinitionInput = z.input<typeof calculatedDefinition>;
