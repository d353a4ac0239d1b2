import { z } from 'zod';
import { areaTypes, type AreaType } from '../db/vocabulary.ts';

export const areaCodePattern = /^[EWSNK][0-9]{8}$/;

export const areaTypeList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(z.enum(areaTypes, { message: `each type must be one of: ${areaTypes.join(', ')}` })),
  );

const booleanFlag = z
  .enum(['true', 'false'], { message: 'must be true or false' })
  .transform((v) => v === 'true');

export const areaListQuery = z
  .object({
    type: areaTypeList.optional(),
    current: booleanFlag.optional(),
  })
  .strict();

export const areaSearchQuery = z.object({
  q: z.string().trim().max(100, 'must be at most 100 characters').optional(),
  type: areaTypeList.optional(),
  current: booleanFlag.optional(),
});

/** Codes are matched case-insensitively; anything not shaped like a GSS code cannot exist. */
export const areaCodeParam = z.object({
  code: z.string().transform((value) => value.trim().toUpperCase()),
});

export const typeLabels: Record<AreaType, { singular: string; plural: string }> = {
  county: { singular: 'County council', plural: 'County councils' },
  district: { singular: 'District council', plural: 'District councils' },
  unitary: { singular: 'Unitary authority', plural: 'Unitary authorities' },
  'metropolitan-district': { singular: 'Metropolitan district', plural: 'Metropolitan districts' },
  'london-borough': { singular: 'London borough', plural: 'London boroughs' },
  'sui-generis': {
    singular: 'Sui generis authority',
    plural: 'Sui generis authorities (City of London, Isles of Scilly)',
  },
  'combined-authority': { singular: 'Combined authority', plural: 'Combined authorities' },
  'strategic-authority': { singular: 'Strategic authority', plural: 'Strategic authorities' },
  'fire-and-rescue-authority': {
    singular: 'Fire and rescue authority',
    plural: 'Fire and rescue authorities',
  },
  region: { singular: 'Region', plural: 'Regions' },
  nation: { singular: 'Nation', plural: 'Nations' },
  'welsh-unitary': { singular: 'Welsh unitary authority', plural: 'Welsh unitary authorities' },
  'scottish-unitary': { singular: 'Scottish council', plural: 'Scottish councils' },
  'northern-ireland-district': {
    singular: 'Northern Ireland district council',
    plural: 'Northern Ireland district councils',
  },
};

/**
 * A type's label within a sentence ("all county councils"): the first letter lowered unless it
 * begins a proper name (London boroughs, Welsh unitary authorities).
 */
export function inSentence(label: string): string {
  return /^(London|Welsh|Scottish|Northern)\b/.test(label)
    ? label
    : label.charAt(0).toLowerCase() + label.slice(1);
}

export const relationLabels = {
  nation: 'Nation',
  region: 'Region',
  'upper-tier': 'County (upper tier)',
  'combined-authority': 'Combined authority',
  'fire-and-rescue-authority': 'Fire and rescue authority',
  'police-force-area': 'Police force area',
} as const;
