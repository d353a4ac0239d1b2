import { challengeType } from './challenge-types.ts';
import { seatDays, visitedStates } from './peer-days.ts';
import type { NewPeerDays } from './peer-days.tables.ts';
import type { ScenarioCouncil } from './scenario.ts';
import type { ChallengeState, ChallengeType } from './vocabulary.ts';

/*
 * The demo's illustrative peer days (issue 20). The scenario's challenges (scenario.ts) name no
 * team, so each visited one is given a full team's places, each naming a giving council but no
 * peer: the ledger can count them by year and by council, and no made-up person appears in it.
 *
 * The seeds publish "more than 15,000 peer days since 2011", but the scenario records only the
 * three years the seeds count challenge by challenge (2011/12, 2012/13 and 2017/18 to
 * September), about 8,200 days. The four years between are carried over as the programme's own
 * records before this system would be: days by year and giving council, with no challenge and no
 * peer. Their size (250 places of seven days a year) is chosen so that the history passes the
 * published figure, not taken from any source. Every row is marked illustrative.
 */

/** The years the scenario does not record challenge by challenge. */
export const carriedOverYears = ['2013-14', '2014-15', '2015-16', '2016-17'] as const;
/** Places carried over each year, each a corporate peer challenge's seven days. */
export const carriedOverPlaces = 250;

/** A visited challenge of the scenario, as recorded. */
export interface HistoricChallenge {
  id: number;
  type: ChallengeType;
  areaCode: string;
  programmeYear: string;
  state: ChallengeState;
  onSiteStart: string | null;
  onSiteEnd: string | null;
}

/** A full team of peers for the type: every role's most. */
export const fullTeam = (type: ChallengeType) =>
  challengeType(type)
    .team.filter((r) => r.role !== 'manager')
    .reduce((sum, r) => sum + r.max, 0);

/**
 * Gives councils in turn, a prime stride through those alive when the year began, never the
 * council challenged.
 */
function giver(councils: readonly ScenarioCouncil[]) {
  const alive = new Map<string, string[]>();
  const codesIn = (year: string) => {
    const start = `${year.slice(0, 4)}-04-01`;
    const known = alive.get(year);
    if (known) return known;
    const codes = councils
      .filter((c) => (c.validFrom ?? start) <= start && (c.validTo === null || c.validTo > start))
      .map((c) => c.code)
      .sort();
    alive.set(year, codes);
    return codes;
  };
  let cursor = 0;
  return (year: string, except: string | null): string => {
    const codes = codesIn(year);
    const stride = [53, 59, 61, 67].find((p) => codes.length % p !== 0) ?? 1;
    for (let tries = 0; tries <= codes.length; tries++) {
      const code = codes[(cursor * stride) % codes.length];
      cursor += 1;
      if (code !== undefined && code !== except) return code;
    }
    throw new Error(`too few councils in the register to give peers in ${year}`);
  };
}

/** The illustrative ledger rows: the same every time for the same challenges and register. */
export function illustrativePeerDays(
  challenges: readonly HistoricChallenge[],
  councils: readonly ScenarioCouncil[],
): NewPeerDays[] {
  const give = giver(councils);
  const row = (
    challengeId: number | null,
    year: string,
    from: string,
    days: { onSite: number; preparation: number; report: number },
  ): NewPeerDays => ({
    challenge_id: challengeId,
    peer_id: null,
    giving_area_code: from,
    programme_year: year,
    on_site_days: days.onSite,
    preparation_days: days.preparation,
    report_days: days.report,
    illustrative: true,
  });
  const visited = challenges
    .filter((c) => visitedStates.includes(c.state) && c.onSiteStart !== null)
    .sort((a, b) => a.id - b.id);
  const places = visited.flatMap((c) => {
    const visit = c.onSiteStart ? { firstDay: c.onSiteStart, lastDay: c.onSiteEnd } : null;
    const days = seatDays(c.type, visit);
    return Array.from({ length: fullTeam(c.type) }, () =>
      row(c.id, c.programmeYear, give(c.programmeYear, c.areaCode), days),
    );
  });
  const corporate = seatDays('corporate-peer-challenge', null);
  const carried = carriedOverYears.flatMap((year) =>
    Array.from({ length: carriedOverPlaces }, () => row(null, year, give(year, null), corporate)),
  );
  return [...places, ...carried];
}
