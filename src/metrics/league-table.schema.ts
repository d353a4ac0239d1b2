import { z } from 'zod';
import { metricPageQuery } from '../comparison/comparison.schema.ts';
import type { AreaType } from '../db/vocabulary.ts';
import { councilTypes } from '../groups/groups.service.ts';

/** The tiers a reader may filter a league table by, beside the single council types. */
export const tierFilters = {
  'upper-tier': {
    label: 'Upper-tier councils (counties, unitaries, metropolitan and London boroughs)',
    types: ['county', 'unitary', 'metropolitan-district', 'london-borough', 'sui-generis'],
  },
  'lower-tier': {
    label: 'Lower-tier councils (districts, unitaries, metropolitan and London boroughs)',
    types: ['district', 'unitary', 'metropolitan-district', 'london-borough', 'sui-generis'],
  },
} as const satisfies Record<string, { label: string; types: readonly AreaType[] }>;

const tierNames = Object.keys(tierFilters) as (keyof typeof tierFilters)[];

/** A GET form sends "" for a select left at "All": the same as leaving the field out. */
const blankAsAbsent = (input: unknown) =>
  input !== null && typeof input === 'object'
    ? Object.fromEntries(Object.entries(input).filter(([, v]) => v !== ''))
    : input;

/**
 * A measure page: with a council, that council against a group (the comparison); without one,
 * the league table of every council, filtered by type or tier and region, sorted by a column.
 */
export const measurePageQuery = z.preprocess(
  blankAsAbsent,
  metricPageQuery
    .extend({
      type: z
        .enum([...councilTypes, ...tierNames], {
          message: 'must be a type of council such as district or upper-tier',
        })
        .optional(),
      region: z
        .string()
        .regex(/^E12\d{6}$/, 'must be an English region such as E12000001')
        .optional(),
      sort: z
        .enum(['rank', 'value', 'name'], { message: 'must be rank, value or name' })
        .optional(),
      order: z.enum(['asc', 'desc'], { message: 'must be asc or desc' }).optional(),
    })
    .strict(),
);
export type MeasurePageQuery = z.infer<typeof measurePageQuery>;

/** The council types a type-or-tier filter keeps; null: every type. */
export function typesOf(filter: MeasurePageQuery['type']): readonly AreaType[] | null {
  if (filter === undefined) return null;
  return filter === 'upper-tier' || filter === 'lower-tier' ? tierFilters[filter].types : [filter];
}
