import { addMonths, type IsoDate } from './dates.ts';
import { stageOf, stateAsAt } from './figures.ts';
import type { ChallengeState, ChallengeType } from './vocabulary.ts';

/*
 * Coverage (issue 20): for every council, its last corporate peer challenge or finance peer
 * review and whether another is due. Every council should have one at least every four to five
 * years: with none within four years it is due, with none within five it is overdue. Pure, so
 * that the page, the API and the tests cannot disagree on a boundary.
 */

/** The challenges that count: a finance peer review may stand in for a corporate challenge. */
export const coveringTypes: readonly ChallengeType[] = [
  'corporate-peer-challenge',
  'finance-peer-review',
];

/** The council types coverage is published for, in the order the table lists them. */
export const coveredCouncilTypes = [
  'county',
  'district',
  'unitary',
  'metropolitan-district',
  'london-borough',
] as const;
export type CoveredCouncilType = (typeof coveredCouncilTypes)[number];

export const councilTypeTitles: Record<CoveredCouncilType, string> = {
  county: 'County',
  district: 'District',
  unitary: 'Unitary',
  'metropolitan-district': 'Metropolitan district',
  'london-borough': 'London borough',
};

export const coverageStatuses = ['current', 'due', 'overdue'] as const;
export type CoverageStatus = (typeof coverageStatuses)[number];

/** What coverage needs to know of one recorded challenge. */
export interface CoveringChallenge {
  type: ChallengeType;
  areaCode: string;
  /** Its state now. */
  state: ChallengeState;
  /** The team's last day on site, if recorded. */
  onSiteEnd: IsoDate | null;
  /** Its changes of state, oldest first. */
  transitions: readonly { to: ChallengeState; on: IsoDate }[];
}

export interface CoveredCouncil {
  code: string;
  name: string;
  type: CoveredCouncilType;
  /** The region's name, or null where the register has none. */
  region: string | null;
}

export interface LastChallenge {
  type: ChallengeType;
  /** The day it counts from: the team's last day on site (its feedback). */
  on: IsoDate;
}

export interface CouncilCoverage extends CoveredCouncil {
  /** Null: no corporate peer challenge or finance peer review delivered by the day. */
  last: LastChallenge | null;
  status: CoverageStatus;
  /** From this day it is due (none within four years); null if it never had one. */
  dueFrom: IsoDate | null;
  /** From this day it is overdue (none within five years); null if it never had one. */
  overdueFrom: IsoDate | null;
}

/**
 * The day a delivered challenge counts from, as at `asAt`: the team's last day on site, or the
 * day it reached feedback given where the days on site are not recorded. Null if it was not
 * delivered by the end of `asAt` (by the figures' rule: feedback given or any state after it).
 */
export function deliveredOn(challenge: CoveringChallenge, asAt: IsoDate): IsoDate | null {
  const state =
    challenge.transitions.length > 0
      ? stateAsAt({ ...challenge, programmeYear: '', booked: false }, asAt)
      : challenge.state;
  if (state === null || stageOf(state, false) !== 'delivered') return null;
  const fedBack = challenge.transitions.find((t) => t.to === 'feedback-given')?.on ?? null;
  const on = challenge.onSiteEnd ?? fedBack;
  return on !== null && on <= asAt ? on : null;
}

/**
 * A challenge on-site to day D covers the council to D + four years inclusive: on the next day
 * it is due; after D + five years it is overdue. A council that never had one is overdue.
 */
export function statusOf(last: IsoDate | null, asAt: IsoDate): CoverageStatus {
  if (last === null) return 'overdue';
  if (asAt > addMonths(last, 60)) return 'overdue';
  if (asAt > addMonths(last, 48)) return 'due';
  return 'current';
}

/** Every council's coverage as at the end of `asAt`, in the councils' order. */
export function coverage(
  councils: readonly CoveredCouncil[],
  challenges: readonly CoveringChallenge[],
  asAt: IsoDate,
): CouncilCoverage[] {
  const latest = new Map<string, LastChallenge>();
  for (const challenge of challenges) {
    if (!coveringTypes.includes(challenge.type)) continue;
    const on = deliveredOn(challenge, asAt);
    if (on === null) continue;
    const known = latest.get(challenge.areaCode);
    if (!known || on > known.on) latest.set(challenge.areaCode, { type: challenge.type, on });
  }
  return councils.map((council) => {
    const last = latest.get(council.code) ?? null;
    return {
      ...council,
      last,
      status: statusOf(last?.on ?? null, asAt),
      dueFrom: last ? addMonths(last.on, 48) : null,
      overdueFrom: last ? addMonths(last.on, 60) : null,
    };
  });
}

export interface StatusCounts {
  current: number;
  due: number;
  overdue: number;
  total: number;
}

export interface CoverageTable {
  byType: ({ type: CoveredCouncilType; title: string } & StatusCounts)[];
  byRegion: ({ region: string } & StatusCounts)[];
  total: StatusCounts;
}

const tally = (councils: readonly CouncilCoverage[]): StatusCounts => {
  const counts = { current: 0, due: 0, overdue: 0, total: councils.length };
  for (const council of councils) counts[council.status] += 1;
  return counts;
};

/** The counts by council type (every type, in order) and by region (by name; none last). */
export function coverageTable(councils: readonly CouncilCoverage[]): CoverageTable {
  const regions = [...new Set(councils.map((c) => c.region ?? 'No region'))].sort((a, b) =>
    a === 'No region' ? 1 : b === 'No region' ? -1 : a.localeCompare(b, 'en-GB'),
  );
  return {
    byType: coveredCouncilTypes.map((type) => ({
      type,
      title: councilTypeTitles[type],
      ...tally(councils.filter((c) => c.type === type)),
    })),
    byRegion: regions.map((region) => ({
      region,
      ...tally(councils.filter((c) => (c.region ?? 'No region') === region)),
    })),
    total: tally(councils),
  };
}
