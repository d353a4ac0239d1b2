import { z } from 'zod';
import { groupParam } from '../comparison/comparison.schema.ts';
import { profileSorts } from '../comparison/profile.presenter.ts';
import { themes } from '../db/vocabulary.ts';

/** The formats a whole council profile downloads as. */
export const profileFormats = ['html', 'csv', 'xlsx'] as const;
export type ProfileFormat = (typeof profileFormats)[number];

/**
 * A council page: the group its profile compares with, the order of its tables, and whether it
 * is read as a page or downloaded ("/areas/E06000001.csv" is the same as "?format=csv").
 */
export const profilePageQuery = z
  .object({
    group: groupParam.optional(),
    sort: z.enum(profileSorts).default('theme'),
    format: z.enum(profileFormats).optional(),
    // Which theme of other measures is open, and its page, when a profile has too many to list.
    theme: z.enum([...themes, 'other']).optional(),
    page: z.coerce
      .number({ message: 'must be a whole number from 1' })
      .int('must be a whole number from 1')
      .min(1, 'must be a whole number from 1')
      .max(100_000, 'must be a whole number from 1 to 100000')
      .default(1),
  })
  .strict();

/** "E06000001.csv": the code and the format its extension names. */
export function splitDownload(raw: string): { code: string; format?: 'csv' | 'xlsx' } {
  const match = /^(.*)\.(csv|xlsx)$/i.exec(raw);
  if (!match?.[1] || !match[2]) return { code: raw };
  return { code: match[1], format: match[2].toLowerCase() as 'csv' | 'xlsx' };
}
