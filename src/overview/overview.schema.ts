import { z } from 'zod';

const slugPattern = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The query of GET /api/v1/overview and of the /overview page. */
export const overviewQuery = z
  .object({
    basket: z
      .string()
      .max(100)
      .regex(slugPattern, 'must be a basket slug such as headline')
      .default('headline'),
    baseline: z
      .string()
      .regex(/^\d{4}$/, 'must be a baseline year such as 2016')
      .optional(),
    area: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[EWSN]\d{8}$/, 'must be a GSS code such as E06000001')
      .optional(),
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional(),
  })
  .strict();
export type OverviewQuery = z.infer<typeof overviewQuery>;
