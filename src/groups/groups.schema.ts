import { z } from 'zod';
import { groupKinds } from '../db/vocabulary.ts';
import { areaCodePattern } from '../areas/areas.schema.ts';

export const groupListQuery = z
  .object({
    kind: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.enum(groupKinds, { message: `each kind must be one of: ${groupKinds.join(', ')}` }),
        ),
      )
      .optional(),
    area: z
      .string()
      .transform((v) => v.trim().toUpperCase())
      .pipe(z.string().regex(areaCodePattern, 'must be a GSS code such as E06000001'))
      .optional(),
  })
  .strict();

export const groupIdParam = z.object({ id: z.string().max(200) });

export const neighboursQuery = z
  .object({
    k: z.coerce
      .number({ message: 'must be a whole number from 1 to 15' })
      .int('must be a whole number from 1 to 15')
      .min(1, 'must be a whole number from 1 to 15')
      .max(15, 'must be a whole number from 1 to 15')
      .default(15),
    model: z.string().max(100).optional(),
  })
  .strict();

export const neighboursPageQuery = z.object({ model: z.string().max(100).optional() }).strict();

/** The groups a page offers to compare with, in the order a reader would choose them. */
export const profileGroupKinds = [
  'nearest-neighbours',
  'statistical-neighbours',
  'type',
  'region',
  'type-in-region',
  'county-districts',
  'combined-authority',
] as const;
