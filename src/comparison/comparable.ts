/**
 * Which members of a group a figure may be compared with: pure rules over the register's facts,
 * so that a comparison can be reproduced from them. A member is left out, with the reason, when
 * the metric's values for its type are not comparable with the subject's (council tax for a
 * county is its own share, for a unitary the whole bill), or when it did not exist in the period
 * (a council is never ranked among councils of a period after its abolition).
 */
import { inSentence, typeLabels } from '../areas/areas.schema.ts';
import type { AreaType } from '../db/vocabulary.ts';
import { formatDate } from '../shared/format.ts';
import { comparableTypes, type ComparableAcross } from '../metrics/comparable-across.ts';

export interface MemberFacts {
  code: string;
  name: string;
  type: AreaType;
  validFrom: string | null;
  validTo: string | null;
}

export interface PeriodSpan {
  label: string;
  startDate: string;
  endDate: string;
}

export type LeftOutReason = 'other-tier' | 'outside-lifetime';

export interface LeftOut {
  code: string;
  name: string;
  reason: LeftOutReason;
  explanation: string;
}

const day = 86_400_000;

/**
 * Periods' middle days, kept: a whole profile asks of every member in every period of hundreds
 * of metrics, and working a date out each time was a tenth of the page's time.
 */
const middles = new Map<string, string>();

function middleDay(period: PeriodSpan): string {
  const key = `${period.startDate}/${period.endDate}`;
  let middle = middles.get(key);
  if (middle === undefined) {
    const start = Date.parse(period.startDate);
    const end = Date.parse(period.endDate);
    middle = new Date(start + Math.floor((end - start) / day / 2) * day).toISOString().slice(0, 10);
    middles.set(key, middle);
  }
  return middle;
}

/**
 * Whether an area existed in a period, judged at the period's middle day: the councils "in
 * existence that year" of a financial year are those that existed for most of it, and a council
 * created or abolished on 1 April belongs to the years on its side of that date.
 */
export function existedDuring(
  area: Pick<MemberFacts, 'validFrom' | 'validTo'>,
  period: PeriodSpan,
) {
  const middle = middleDay(period);
  return (
    (area.validFrom === null || area.validFrom <= middle) &&
    (area.validTo === null || area.validTo > middle)
  );
}

function lifetime(area: MemberFacts, period: PeriodSpan): string {
  if (area.validTo !== null && area.validTo <= period.endDate)
    return `${area.name} was abolished on ${formatDate(area.validTo)}, before most of ${period.label}: a figure published for it then is shown but not ranked`;
  return `${area.name} did not yet exist in most of ${period.label} (it was created on ${area.validFrom ? formatDate(area.validFrom) : 'an unknown date'})`;
}

function tierWords(types: readonly AreaType[]): string {
  const names = types.map((t) => inSentence(typeLabels[t].plural).replace(/ \(.*\)$/, ''));
  return names.length === 1
    ? (names[0] ?? '')
    : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Why a member is left out of the subject's comparison, or null when it is compared. */
export function leftOutReason(
  subject: MemberFacts,
  member: MemberFacts,
  across: ComparableAcross,
  period: PeriodSpan,
): LeftOut | null {
  const base = { code: member.code, name: member.name };
  if (!existedDuring(member, period))
    return { ...base, reason: 'outside-lifetime', explanation: lifetime(member, period) };
  const set = comparableTypes(across, subject.type);
  if (set !== null && !set.includes(member.type))
    return {
      ...base,
      reason: 'other-tier',
      explanation: `${member.name} is a ${inSentence(typeLabels[member.type].singular)}: this measure compares ${tierWords(set)} only with each other`,
    };
  return null;
}

/**
 * Splits a group into the members compared with the subject and those left out, each with why.
 * The subject itself is never among the compared when it did not exist in the period.
 */
export function partitionMembers(
  subject: MemberFacts,
  members: readonly MemberFacts[],
  across: ComparableAcross,
  period: PeriodSpan,
): { compared: string[]; leftOut: LeftOut[] } {
  const compared: string[] = [];
  const leftOut: LeftOut[] = [];
  for (const member of members) {
    const why = leftOutReason(subject, member, across, period);
    if (why) leftOut.push(why);
    else compared.push(member.code);
  }
  return { compared, leftOut };
}

/**
 * Councils side by side with no subject: split into the sets the metric compares (one set when
 * it compares every type), each set ranked on its own; those not existing then are left out.
 */
export function comparisonSets(
  areas: readonly MemberFacts[],
  across: ComparableAcross,
  period: PeriodSpan,
): { label: string | null; codes: string[]; leftOut: LeftOut[] }[] {
  const sets = new Map<string, { label: string | null; codes: string[]; leftOut: LeftOut[] }>();
  for (const area of areas) {
    const types = comparableTypes(across, area.type);
    const key = types?.join(',') ?? '';
    const set = sets.get(key) ?? { label: types && tierWords(types), codes: [], leftOut: [] };
    const why = leftOutReason(area, area, across, period);
    if (why) set.leftOut.push(why);
    else set.codes.push(area.code);
    sets.set(key, set);
  }
  return [...sets.values()];
}
