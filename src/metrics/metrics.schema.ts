import { z } from 'zod';
import { themes, type Theme } from '../db/vocabulary.ts';
import { areaTypeList } from '../areas/areas.schema.ts';

export const metricSearchQuery = z
  .object({
    q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
    theme: z.enum(themes, { message: `must be one of: ${themes.join(', ')}` }).optional(),
    areaType: areaTypeList.optional(),
    limit: z.coerce
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be between 1 and 1000')
      .max(1000, 'must be between 1 and 1000')
      .default(100),
    offset: z.coerce
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .default(0),
  })
  .strict();
export type MetricSearch = z.infer<typeof metricSearchQuery>;

/** The measures page: the search box and theme filter (an empty theme means all). */
export const metricBrowseQuery = z
  .object({
    q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
    theme: z
      .union([
        z.literal('').transform(() => undefined),
        z.enum(themes, { message: `must be one of: ${themes.join(', ')}` }),
      ])
      .optional(),
  })
  .strict();

export const metricSlugParam = z.object({
  slug: z.string().max(200),
});

export const themeLabels: Record<Theme, string> = {
  'children-and-young-people': 'Children and young people',
  'adult-social-care-and-health': 'Adult social care and health',
  'economy-and-skills': 'Economy and skills',
  'environment-housing-and-planning': 'Environment, housing and planning',
  'safer-and-stronger-communities': 'Safer and stronger communities',
  'culture-tourism-and-sport': 'Culture, tourism and sport',
  'finance-and-value-for-money': 'Finance and value for money',
  workforce: 'Workforce',
  'context-and-demographics': 'Context and demographics',
};
