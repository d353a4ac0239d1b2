/**
 * A metric's league table: every council with a figure in a period, ranked within the sets the
 * metric's figures are comparable across, filtered and sorted as the reader asks. Pure, so that
 * a table can be reproduced from its rows and tested without a database.
 */
import { byName } from '../charts/svg.ts';
import type { AreaType, Polarity, ValueStatus } from '../db/vocabulary.ts';
import { comparisonSets, type LeftOut, type PeriodSpan } from '../comparison/comparable.ts';
import { compareGroup, type NotComparableReason } from '../comparison/statistics.ts';
import type { ComparableAcross } from './comparable-across.ts';

/** One area's public figure of a metric in a period, with the register's facts a ranking needs. */
export interface LeagueRow {
  code: string;
  name: string;
  type: AreaType;
  validFrom: string | null;
  validTo: string | null;
  /** The area's region (E12…), or null for areas with none (outside England, England itself). */
  region: string | null;
  value: number | null;
  lci: number | null;
  uci: number | null;
  status: ValueStatus;
  /** Set only for a figure in the reader's sight that the public may not see yet. */
  withheld?: Withheld;
}

/** How a figure the reader sees is held back from the public: until when, if it ends. */
export interface Withheld {
  state: 'embargoed' | 'restricted';
  until: Date | null;
}

export type LeagueSort = 'rank' | 'value' | 'name';
export type SortOrder = 'asc' | 'desc';

/** The order a column sorts in when first chosen: best first, highest first, A to Z. */
export const defaultOrder: Record<LeagueSort, SortOrder> = {
  rank: 'asc',
  value: 'desc',
  name: 'asc',
};

export interface LeagueFilter {
  /** The council types kept; null keeps every council type. */
  types: readonly AreaType[] | null;
  /** A region's code (E12…); null keeps every region. */
  region: string | null;
}

export interface LeagueEntry {
  code: string;
  name: string;
  type: AreaType;
  value: number | null;
  status: LeagueRow['status'];
  withheld?: Withheld;
  /** Null when not ranked: no comparable figure, or the council did not exist in the period. */
  rank: number | null;
  joint: boolean;
  /** Why there is no rank: the figure's missing reason, or left out of the period. */
  notRanked: NotComparableReason | 'outside-lifetime' | null;
}

export interface LeagueSet {
  /** The council types ranked together, in words; null when the metric compares every type. */
  label: string | null;
  entries: LeagueEntry[];
  /** How many councils have a rank. */
  ranked: number;
  leftOut: LeftOut[];
}

export interface LeagueTableInput {
  rows: readonly LeagueRow[];
  /** The area types a council's figure is a council figure for (England's and the others'). */
  councilTypes: readonly AreaType[];
  across: ComparableAcross;
  period: PeriodSpan;
  polarity: Polarity;
  filter: LeagueFilter;
}

function kept(row: LeagueRow, input: LeagueTableInput): boolean {
  const { types, region } = input.filter;
  return (
    input.councilTypes.includes(row.type) &&
    (types === null || types.includes(row.type)) &&
    (region === null || row.region === region)
  );
}

function entryOf(row: LeagueRow): LeagueEntry {
  return {
    code: row.code,
    name: row.name,
    type: row.type,
    value: row.value,
    status: row.status,
    ...(row.withheld ? { withheld: row.withheld } : {}),
    rank: null,
    joint: false,
    notRanked: null,
  };
}

/** One comparable set ranked: councils with a rank first, best first, then the others. */
function rankSet(
  rows: readonly LeagueRow[],
  set: { label: string | null; codes: string[]; leftOut: LeftOut[] },
  polarity: Polarity,
): LeagueSet {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const comparison = compareGroup(
    set.codes.flatMap((code) => {
      const row = byCode.get(code);
      return row ? [{ area: code, ...row }] : [];
    }),
    polarity,
  );
  const ranks = comparison.standings.flatMap((s) => (s.comparable ? [s.rank] : []));
  const entries = comparison.standings.flatMap((standing): LeagueEntry[] => {
    const row = byCode.get(standing.area);
    if (!row) return [];
    const entry = entryOf(row);
    if (!standing.comparable) return [{ ...entry, notRanked: standing.reason }];
    const joint = ranks.filter((r) => r === standing.rank).length > 1;
    return [{ ...entry, rank: standing.rank, joint }];
  });
  const outside = set.leftOut.flatMap((l): LeagueEntry[] => {
    const row = byCode.get(l.code);
    return row ? [{ ...entryOf(row), notRanked: 'outside-lifetime' }] : [];
  });
  return {
    label: set.label,
    entries: [...entries, ...outside],
    ranked: ranks.length,
    leftOut: set.leftOut,
  };
}

/**
 * Ranks every kept council within its comparable set (one set when the metric compares every
 * type); a council that did not exist in the period is listed, unranked, with the reason. Sets
 * come largest first.
 */
export function leagueTable(input: LeagueTableInput): LeagueSet[] {
  const rows = input.rows.filter((row) => kept(row, input));
  return comparisonSets(rows, input.across, input.period)
    .map((set) => rankSet(rows, set, input.polarity))
    .sort((a, b) => b.entries.length - a.entries.length || byName(a.label ?? '', b.label ?? ''));
}

/** Ties (joint ranks, equal figures) stay in name order whichever way the column sorts. */
function compareEntries(a: LeagueEntry, b: LeagueEntry, sort: LeagueSort, sign: number): number {
  if (sort === 'name') return sign * (byName(a.name, b.name) || byName(a.code, b.code));
  const key = (e: LeagueEntry) => (sort === 'rank' ? e.rank : e.value) ?? 0;
  return sign * (key(a) - key(b)) || byName(a.name, b.name);
}

/**
 * Entries in the order asked for. Councils without a rank (or, sorting by value, without a
 * figure) come last whichever the order, so the top of the table is always figures to compare.
 */
export function sortEntries(
  entries: readonly LeagueEntry[],
  sort: LeagueSort,
  order: SortOrder,
): LeagueEntry[] {
  const has = (e: LeagueEntry) =>
    sort === 'name' || (sort === 'rank' ? e.rank !== null : e.value !== null);
  const sign = order === 'asc' ? 1 : -1;
  const withKey = entries.filter(has).sort((a, b) => compareEntries(a, b, sort, sign));
  const without = entries.filter((e) => !has(e)).sort((a, b) => byName(a.name, b.name));
  return [...withKey, ...without];
}
