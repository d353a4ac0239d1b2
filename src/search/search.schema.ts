import { z } from 'zod';
import { areaTypes, themes } from '../db/vocabulary.ts';

/** The one search box: what was typed, at most 100 characters. */
export const searchQuery = z.object({
  q: z.string().trim().max(100, 'must be at most 100 characters').optional(),
});

/** One council found, as the page and the API show it. */
export const searchAreaResult = z.object({
  code: z.string(),
  name: z.string(),
  type: z.enum(areaTypes),
  abolished: z.string().nullable(),
  score: z.number(),
});

/** One measure found. */
export const searchMetricResult = z.object({
  slug: z.string(),
  title: z.string(),
  theme: z.enum(themes).nullable(),
  score: z.number(),
});

export type SearchAreaResult = z.infer<typeof searchAreaResult>;
export type SearchMetricResult = z.infer<typeof searchMetricResult>;
