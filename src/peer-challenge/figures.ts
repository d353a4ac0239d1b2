import {
  challengeStates,
  challengeTypes,
  type ChallengeState,
  type ChallengeType,
} from './vocabulary.ts';

/*
 * The programme's published figures (issue 20): for each programme year, the challenges
 * delivered, confirmed and in discussion, in all and by type, now or as at a day. The counting
 * rules live here alone, with no I/O, so that the page, the API and the tests cannot count
 * differently.
 */

/** What counting needs to know of one challenge. */
export interface CountedChallenge {
  type: ChallengeType;
  /** The financial year it counts in, such as '2012-13'. */
  programmeYear: string;
  /** Its state now. */
  state: ChallengeState;
  /** Whether a window is booked for it. */
  booked: boolean;
  /** Its changes of state, oldest first; the first is the state it was recorded in. */
  transitions: readonly { to: ChallengeState; on: string }[];
}

/** Where a challenge stands in the figures; cancelled and postponed ones count in none. */
export type Stage = 'delivered' | 'confirmed' | 'in-discussion';

const deliveredFrom = challengeStates.indexOf('feedback-given');
const deliveredTo = challengeStates.indexOf('closed');
const teamReady: readonly ChallengeState[] = ['team-assembled', 'on-site'];
const talking: readonly ChallengeState[] = ['requested', 'scoping', 'position-statement-received'];

/**
 * Delivered: the team has been on site and given its feedback (any state from feedback given to
 * closed). Confirmed: not yet delivered, but the team is assembled or a window is booked. In
 * discussion: requested, being scoped or its position statement received, with no window booked.
 */
export function stageOf(state: ChallengeState, booked: boolean): Stage | null {
  const at = challengeStates.indexOf(state);
  if (at >= deliveredFrom && at <= deliveredTo) return 'delivered';
  if (teamReady.includes(state)) return 'confirmed';
  if (talking.includes(state)) return booked ? 'confirmed' : 'in-discussion';
  return null;
}

/** Its state at the end of `day` (YYYY-MM-DD): null if it had not been recorded yet. */
export function stateAsAt(challenge: CountedChallenge, day: string): ChallengeState | null {
  let state: ChallengeState | null = null;
  for (const transition of challenge.transitions) if (transition.on <= day) state = transition.to;
  return state;
}

export interface Tally {
  delivered: number;
  confirmed: number;
  inDiscussion: number;
}

export interface YearFigures {
  /** '2012-13' */
  year: string;
  /** '2012/13', as the programme writes it */
  label: string;
  total: Tally;
  /** Every type, in the vocabulary's order, those with none included. */
  byType: ({ type: ChallengeType } & Tally)[];
}

const empty = (): Tally => ({ delivered: 0, confirmed: 0, inDiscussion: 0 });
const field = {
  delivered: 'delivered',
  confirmed: 'confirmed',
  'in-discussion': 'inDiscussion',
} as const;

export const yearLabel = (year: string) => year.replace('-', '/');

/**
 * The figures of every programme year the challenges count in, oldest first: as they stand now,
 * or as they stood at the end of `asAt` (a challenge then counts by its state on that day).
 */
export function countFigures(
  challenges: readonly CountedChallenge[],
  asAt?: string,
): YearFigures[] {
  const years = new Map<string, Map<ChallengeType, Tally>>();
  for (const challenge of challenges) {
    const state = asAt === undefined ? challenge.state : stateAsAt(challenge, asAt);
    // Not yet recorded on that day: the year need not exist yet either.
    if (state === null) continue;
    const stage = stageOf(state, challenge.booked);
    const byType = years.get(challenge.programmeYear) ?? new Map<ChallengeType, Tally>();
    years.set(challenge.programmeYear, byType);
    if (stage === null) continue;
    const tally = byType.get(challenge.type) ?? empty();
    tally[field[stage]] += 1;
    byType.set(challenge.type, tally);
  }
  return [...years.keys()].sort().map((year) => {
    const byType = challengeTypes.map((type) => ({
      type,
      ...(years.get(year)?.get(type) ?? empty()),
    }));
    const total = empty();
    for (const t of byType) {
      total.delivered += t.delivered;
      total.confirmed += t.confirmed;
      total.inDiscussion += t.inDiscussion;
    }
    return { year, label: yearLabel(year), total, byType };
  });
}

/** The financial year (April to March) a day falls in, such as '2017-18' for 2017-09-30. */
export function financialYearOf(day: string): string {
  const year = Number(day.slice(0, 4));
  const start = day.slice(5) >= '04-01' ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}
