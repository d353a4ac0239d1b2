import { z } from 'zod';
import { isIsoDate } from './dates.ts';

/** The query of GET /api/v1/peer-challenge/coverage and of the /peer-challenge/coverage page. */
export const coverageQuery = z
  .object({
    asAt: z
      .string()
      .refine(isIsoDate, { error: 'must be a real date, such as 2017-09-30' })
      .optional(),
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional(),
  })
  .strict();
export type CoverageQuery = z.infer<typeof coverageQuery>;
