import { challengeType } from './challenge-types.ts';
import { addDays, type IsoDate } from './dates.ts';
import { yearLabel } from './figures.ts';
import { challengeStates, type ChallengeState, type ChallengeType } from './vocabulary.ts';

/*
 * The peer days ledger (issue 20): the days the sector gives its peer challenges, per peer, per
 * council giving peers and per programme year (April to March, as the figures count), and over
 * any range of years ("peer days donated since 2011"). A peer day is a day a peer gives: the
 * days on site, and the preparation and report days their challenge's type declares
 * (challenge-types.ts). The counting rules live here alone, with no I/O.
 */

/** The days one peer gave one challenge. */
export interface SeatDays {
  onSite: number;
  preparation: number;
  report: number;
}

/** A row of the ledger as counting needs it. */
export interface LedgerEntry {
  programmeYear: string;
  givingAreaCode: string;
  /** Null where the record names the giving council but no peer. */
  peerId: number | null;
  /** Null for days carried over from before the programme's records. */
  challengeId: number | null;
  /** Its challenge's state now: null when there is no challenge. */
  challengeState: ChallengeState | null;
  days: SeatDays;
  illustrative: boolean;
}

/** The states in which a challenge's visit has happened: on site, or any later but cancelled. */
export const visitedStates: readonly ChallengeState[] = challengeStates.slice(
  challengeStates.indexOf('on-site'),
  challengeStates.indexOf('closed') + 1,
);

/**
 * Whether an entry counts: days carried over always do; a challenge's only while its visit has
 * happened, so that a challenge postponed or cancelled after the ledger was written stops
 * counting without its rows being lost.
 */
export function counts(entry: LedgerEntry): boolean {
  return entry.challengeState === null || visitedStates.includes(entry.challengeState);
}

export const totalOf = (days: SeatDays) => days.onSite + days.preparation + days.report;

/** Monday to Friday from `first` to `last`, both included: a team works the working week. */
export function workingDays(first: IsoDate, last: IsoDate): number {
  let count = 0;
  for (let day = first; day <= last; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}

/**
 * The days each peer of a challenge gives: the working days of its visit once its last day is
 * known (else the type's default length), and the type's preparation and report days.
 */
export function seatDays(
  type: ChallengeType,
  visit: { firstDay: IsoDate; lastDay: IsoDate | null } | null,
): SeatDays {
  const definition = challengeType(type);
  const last = visit?.lastDay ?? null;
  return {
    onSite:
      visit && last !== null && last >= visit.firstDay
        ? workingDays(visit.firstDay, last)
        : definition.defaultDaysOnSite,
    preparation: definition.preparationDays,
    report: definition.reportDays,
  };
}

/** Programme years from..to, both included; either end open. */
export interface YearRange {
  from?: string;
  to?: string;
}

export const inRange = (year: string, range: YearRange) =>
  (range.from === undefined || year >= range.from) && (range.to === undefined || year <= range.to);

export interface DaysTally {
  days: number;
  /** Places on teams (one peer on one challenge), or carried-over entries. */
  places: number;
}

export interface LedgerYear extends DaysTally {
  year: string;
  label: string;
}

export interface LedgerCouncil extends DaysTally {
  areaCode: string;
}

export interface Ledger {
  range: YearRange;
  total: DaysTally;
  /** Every year with days in the range, oldest first. */
  years: LedgerYear[];
  /** Every giving council with days in the range, most days first, then by code. */
  councils: LedgerCouncil[];
  /** Whether any entry counted is illustrative. */
  illustrative: boolean;
}

function add(map: Map<string, DaysTally>, key: string, days: number) {
  const tally = map.get(key) ?? { days: 0, places: 0 };
  tally.days += days;
  tally.places += 1;
  map.set(key, tally);
}

/** The ledger's totals over a range of years: in all, by year and by giving council. */
export function countLedger(entries: readonly LedgerEntry[], range: YearRange = {}): Ledger {
  const byYear = new Map<string, DaysTally>();
  const byCouncil = new Map<string, DaysTally>();
  const total = { days: 0, places: 0 };
  let illustrative = false;
  for (const entry of entries) {
    if (!counts(entry) || !inRange(entry.programmeYear, range)) continue;
    const days = totalOf(entry.days);
    add(byYear, entry.programmeYear, days);
    add(byCouncil, entry.givingAreaCode, days);
    total.days += days;
    total.places += 1;
    illustrative ||= entry.illustrative;
  }
  return {
    range,
    total,
    years: [...byYear.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([year, tally]) => ({ year, label: yearLabel(year), ...tally })),
    councils: [...byCouncil.entries()]
      .map(([areaCode, tally]) => ({ areaCode, ...tally }))
      .sort((a, b) => b.days - a.days || a.areaCode.localeCompare(b.areaCode)),
    illustrative,
  };
}

/** The first programme year the ledger's "since 2011" counts from. */
export const programmeStart = '2011-12';

/** One peer's ledger: each challenge they gave days to, and their days by year. */
export function peerLedger(entries: readonly LedgerEntry[], peerId: number) {
  const own = entries.filter((e) => e.peerId === peerId && counts(e));
  const ledger = countLedger(own);
  return {
    total: ledger.total,
    years: ledger.years,
    places: own
      .map((e) => ({
        challengeId: e.challengeId,
        programmeYear: e.programmeYear,
        givingAreaCode: e.givingAreaCode,
        days: e.days,
        total: totalOf(e.days),
      }))
      .sort(
        (a, b) =>
          b.programmeYear.localeCompare(a.programmeYear) ||
          (b.challengeId ?? 0) - (a.challengeId ?? 0),
      ),
  };
}
export type PeerLedger = ReturnType<typeof peerLedger>;
