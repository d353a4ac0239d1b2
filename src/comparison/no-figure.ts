import type { AreaType, ValueStatus } from '../db/vocabulary.ts';
import { existedDuring, type PeriodSpan } from './comparable.ts';

/**
 * Why a profile row has no figure, most specific first: the measure is not collected for the
 * council's type; the council did not exist in any period published for its type; the
 * publisher marked its latest figure suppressed, not applicable or not available; or nothing has
 * been published for it yet.
 */
export type NoFigureReason =
  | 'not-collected'
  | 'did-not-exist'
  | 'suppressed'
  | 'not-applicable'
  | 'not-available'
  | 'not-yet-published';

export interface NoFigureFacts {
  area: { type: AreaType; validFrom: string | null; validTo: string | null };
  /** The metric's public periods, with the area types each covers. */
  periods: readonly (PeriodSpan & { areaTypes: Partial<Record<AreaType, unknown>> })[];
  /** The council's own public rows of the metric, oldest first. */
  own: readonly { status: ValueStatus }[];
}

export function noFigureReason({ area, periods, own }: NoFigureFacts): NoFigureReason {
  const ofType = periods.filter((p) => p.areaTypes[area.type] !== undefined);
  if (ofType.length === 0) return 'not-collected';
  if (!ofType.some((p) => existedDuring(area, p))) return 'did-not-exist';
  const status = own.at(-1)?.status;
  if (status === 'suppressed' || status === 'not-applicable') return status;
  // A row without a usable number, whatever its status, was published as not available.
  return status === undefined ? 'not-yet-published' : 'not-available';
}

const reasonWords: Record<NoFigureReason, (typePlural: string) => string> = {
  'not-collected': (type) => `Not collected for ${type}`,
  'did-not-exist': () => 'The council did not exist in the periods published',
  suppressed: () => 'Suppressed by the publisher (too few to publish safely)',
  'not-applicable': () => 'Does not apply to this council',
  'not-available': () => 'Not available from the publisher',
  'not-yet-published': () => 'Not yet published for this council',
};

/** The reason in plain words; `typePlural` names the council's type ("district councils"). */
export function noFigureText(reason: NoFigureReason, typePlural: string): string {
  return reasonWords[reason](typePlural);
}
