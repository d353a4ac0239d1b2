import { z } from 'zod';
import { areaTypes, type AreaType } from '../db/vocabulary.ts';

/** The sets of area types whose values of a metric are comparable; null: all of them. */
export type ComparableAcross = readonly (readonly AreaType[])[] | null;

/** As metric_definitions.comparable_across holds it (migration 0008): "county|district,unitary". */
export function encodeComparableAcross(sets: ComparableAcross | undefined): string | null {
  if (!sets || sets.length === 0) return null;
  return sets.map((set) => [...set].sort().join(',')).join('|');
}

const stored = z
  .string()
  .transform((text) => text.split('|').map((set) => set.split(',')))
  .pipe(z.array(z.array(z.enum(areaTypes)).min(1)));

export function decodeComparableAcross(text: string | null): ComparableAcross {
  return text === null ? null : stored.parse(text);
}

/**
 * The area types a value for an area of this type may be compared with: its set, its own type
 * alone when no set names it, or null when the metric compares every type.
 */
export function comparableTypes(
  sets: ComparableAcross,
  type: AreaType,
): readonly AreaType[] | null {
  if (sets === null) return null;
  return sets.find((set) => set.includes(type)) ?? [type];
}
