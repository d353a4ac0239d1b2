/*
 * The hard rules one peer can break on their own, each with the reason a manager reads, checked
 * before the solver so that it only sees peers (and peer-role pairs) that could serve.
 */
import {
  kindOfRole,
  type ChallengeForMatching,
  type DateWindow,
  type PartyRule,
  type PoolPeer,
  type RoleRequirement,
  type RuleGroup,
} from './matching.model.ts';

export interface Settings {
  readonly capPerYear: number;
  readonly requireAccreditation: boolean;
}

export interface Breach {
  readonly rule: RuleGroup;
  readonly reason: string;
}

const dayMs = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / dayMs;

/** The days of the window no availability window covers, as [first, last] day numbers. */
function uncoveredDays(window: DateWindow, availability: readonly DateWindow[]) {
  const spans = availability
    .map((w) => [dayNumber(w.start), dayNumber(w.end)] as const)
    .sort((a, b) => a[0] - b[0]);
  const gaps: [number, number][] = [];
  let next = dayNumber(window.start);
  const last = dayNumber(window.end);
  for (const [start, end] of spans) {
    if (next > last) break;
    if (end < next) continue;
    if (start > next) gaps.push([next, Math.min(start - 1, last)]);
    next = Math.max(next, end + 1);
  }
  if (next <= last) gaps.push([next, last]);
  return gaps;
}

const dayMonth = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  timeZone: 'UTC',
});
const dayMonthYear = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "3 March", "3–6 March", "28 February – 2 March"; the year only when a span crosses one. */
function formatDays([first, last]: readonly [number, number]): string {
  const a = new Date(first * dayMs);
  const b = new Date(last * dayMs);
  if (first === last) return dayMonth.format(a);
  if (a.getUTCFullYear() !== b.getUTCFullYear())
    return `${dayMonthYear.format(a)} – ${dayMonthYear.format(b)}`;
  if (a.getUTCMonth() === b.getUTCMonth()) return `${a.getUTCDate()}–${dayMonth.format(b)}`;
  return `${dayMonth.format(a)} – ${dayMonth.format(b)}`;
}

export const formatWindow = (w: DateWindow) => formatDays([dayNumber(w.start), dayNumber(w.end)]);

/** Every rule the peer breaks whatever role they would fill, in the order a manager asks. */
export function peerBreaches(
  challenge: ChallengeForMatching,
  peer: PoolPeer,
  settings: Settings,
): Breach[] {
  const home = peer.homeCouncil;
  const breaches: Breach[] = [];
  const add = (rule: RuleGroup, reason: string) => breaches.push({ rule, reason });
  if (home === challenge.council) add('own-council', 'from the council itself');
  if (challenge.borderingCouncils.includes(home))
    add('bordering-council', 'home council borders the council');
  if (peer.conflicts.includes(challenge.council))
    add('declared-conflict', 'declared a conflict with the council');
  if (home === challenge.county || challenge.countyAreaCouncils.includes(home))
    add('county-area', 'home council is in the same county area');
  if (settings.requireAccreditation && !peer.accredited) add('accreditation', 'not accredited');
  if (peer.challengesThisYear >= settings.capPerYear) {
    const n = peer.challengesThisYear;
    add('challenge-cap', `already on ${n} challenge${n === 1 ? '' : 's'} this year`);
  }
  const gaps = uncoveredDays(challenge.window, peer.availability);
  if (gaps.length > 0) add('availability', `not available ${gaps.map(formatDays).join(', ')}`);
  return breaches;
}

/** Whether the peer is the kind the role needs and put themselves forward for it. */
export const canTakeRole = (requirement: RoleRequirement, peer: PoolPeer) =>
  kindOfRole[requirement.role] === peer.kind && peer.roles.includes(requirement.role);

export function partyHolds(
  rule: PartyRule | undefined,
  leadershipParty: string | null,
  party: string | null,
): boolean {
  if (rule === undefined) return true;
  if (leadershipParty === null || party === null) return false;
  return rule === 'same-as-leadership' ? party === leadershipParty : party !== leadershipParty;
}

const roleNames = {
  'chief-executive-peer': 'chief executive peer',
  'lead-member-peer': 'lead member peer',
  'member-peer': 'member peer',
  'officer-peer': 'officer peer',
  manager: 'manager',
} as const;

/** "lead member peer of the Labour party", "member peer of a party other than Labour". */
export function roleLabel(requirement: RoleRequirement, leadershipParty: string | null): string {
  const name = roleNames[requirement.role];
  if (requirement.party === undefined) return name;
  if (leadershipParty === null) return `${name} (the council's leadership has no recorded party)`;
  return requirement.party === 'same-as-leadership'
    ? `${name} of the ${leadershipParty} party`
    : `${name} of a party other than ${leadershipParty}`;
}

export const plainRole = (requirement: RoleRequirement) => roleNames[requirement.role];
