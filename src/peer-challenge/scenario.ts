import type { AreaType } from '../db/vocabulary.ts';
import { addDays, daysBetween, programmeYearOf } from './dates.ts';
import type { ChallengeState, ChallengeType } from './vocabulary.ts';

/*
 * The scenario from the seeds (issue 20): a programme history that reproduces the published
 * figures: 96 challenges delivered in 2011/12; 136 in 2012/13, 70 of them corporate, 43
 * children's safeguarding and 7 adult social care; in 2017/18, 35 delivered by 30 September 2017
 * with 54 more confirmed and 23 in discussion. The totals are published; everything else (which
 * councils, the other types, the dates) is an illustrative reconstruction, made deterministically
 * from the councils of the register, and every record is marked illustrative. The tests and the
 * demo load the same records.
 */

/** The records stop here: the day of the last published figures. */
export const scenarioEnd = '2017-09-30';

type Counts = Partial<Record<ChallengeType, number>>;

interface YearPlan {
  year: string;
  /** Delivered: on site between these days. */
  delivered: { counts: Counts; from: string; to: string };
  /** Confirmed: a window booked, on site between these days (after scenarioEnd). */
  confirmed?: { counts: Counts; from: string; to: string };
  /** In discussion: requested, no window booked. */
  inDiscussion?: Counts;
}

const plan: readonly YearPlan[] = [
  {
    year: '2011-12',
    delivered: {
      counts: {
        'corporate-peer-challenge': 52,
        'childrens-safeguarding': 28,
        'adult-social-care': 8,
        health: 4,
        planning: 4,
      },
      from: '2011-04-04',
      to: '2012-03-23',
    },
  },
  {
    year: '2012-13',
    delivered: {
      counts: {
        'corporate-peer-challenge': 70,
        'childrens-safeguarding': 43,
        'adult-social-care': 7,
        health: 5,
        planning: 5,
        'place-based': 3,
        'open-for-growth': 3,
      },
      from: '2012-04-02',
      to: '2013-03-22',
    },
  },
  {
    year: '2017-18',
    delivered: {
      counts: {
        'corporate-peer-challenge': 22,
        'childrens-safeguarding': 5,
        'adult-social-care': 4,
        'finance-peer-review': 2,
        planning: 2,
      },
      from: '2017-04-03',
      to: '2017-09-25',
    },
    confirmed: {
      counts: {
        'corporate-peer-challenge': 30,
        'childrens-safeguarding': 8,
        'adult-social-care': 6,
        'finance-peer-review': 4,
        planning: 3,
        send: 3,
      },
      from: '2017-10-02',
      to: '2018-03-16',
    },
    inDiscussion: {
      'corporate-peer-challenge': 12,
      'childrens-safeguarding': 4,
      'adult-social-care': 3,
      'finance-peer-review': 2,
      'place-based': 2,
    },
  },
];

/** A council of the register, as the scenario chooses among them. */
export interface ScenarioCouncil {
  code: string;
  type: AreaType;
  validFrom: string | null;
  validTo: string | null;
}

export interface ScenarioChallenge {
  type: ChallengeType;
  areaCode: string;
  programmeYear: string;
  state: ChallengeState;
  window: { start: string; end: string } | null;
  onSite: { start: string; end: string } | null;
  /** Oldest first; the first has no from state. */
  transitions: { from: ChallengeState | null; to: ChallengeState; on: string }[];
}

/** Types only councils with social care and children's services (upper tier) are offered. */
const upperTierOnly: readonly ChallengeType[] = [
  'childrens-safeguarding',
  'adult-social-care',
  'health',
  'send',
];
const upperTier: readonly AreaType[] = [
  'county',
  'unitary',
  'metropolitan-district',
  'london-borough',
];
const councilTypes: readonly AreaType[] = [...upperTier, 'district'];

/** The Tuesday on or after a day: teams arrive on a Tuesday and feed back on the last day. */
function tuesdayFrom(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, (2 - weekday + 7) % 7);
}

/** Days on site: a corporate or service challenge four, a review three. */
const daysOnSite = (type: ChallengeType) =>
  ['corporate-peer-challenge', 'childrens-safeguarding', 'adult-social-care'].includes(type)
    ? 4
    : 3;

/** One type after another in turn, so that each type's challenges spread across the year. */
function interleave(counts: Counts): ChallengeType[] {
  const left = Object.entries(counts) as [ChallengeType, number][];
  const out: ChallengeType[] = [];
  while (left.some(([, n]) => n > 0))
    for (const entry of left)
      if (entry[1] > 0) {
        out.push(entry[0]);
        entry[1] -= 1;
      }
  return out;
}

/** Each state's day relative to the first day on site (before) or the last (after). */
const lifeBefore: readonly [ChallengeState, number][] = [
  ['requested', -200],
  ['scoping', -120],
  ['position-statement-received', -35],
  ['team-assembled', -21],
  ['on-site', 0],
];
const lifeAfter: readonly [ChallengeState, number][] = [
  ['feedback-given', 0],
  ['report-drafted', 21],
  ['report-published', 63],
  ['action-plan-published', 84],
  ['progress-review', 300],
  ['closed', 320],
];

function dated(path: readonly [ChallengeState, string][]): ScenarioChallenge['transitions'] {
  const kept = path.filter(([, on]) => on <= scenarioEnd);
  return kept.map(([to, on], i) => ({ from: i === 0 ? null : (kept[i - 1]?.[0] ?? null), to, on }));
}

function booked(
  year: string,
  type: ChallengeType,
  areaCode: string,
  start: string,
): ScenarioChallenge {
  const end = addDays(start, daysOnSite(type) - 1);
  const transitions = dated([
    ...lifeBefore.map(([state, days]): [ChallengeState, string] => [state, addDays(start, days)]),
    ...lifeAfter.map(([state, days]): [ChallengeState, string] => [state, addDays(end, days)]),
  ]);
  const last = transitions.at(-1);
  if (!last) throw new Error(`a challenge on site from ${start} was not yet requested`);
  return {
    type,
    areaCode,
    programmeYear: year,
    state: last.to,
    window: { start: addDays(start, -14), end: addDays(end, 14) },
    onSite: { start, end },
    transitions,
  };
}

/**
 * Picks councils for a year: a stride through each pool (every council, or the upper tier),
 * passing over those already picked, so that no council has two challenges in a year.
 */
function councilPicker(councils: readonly ScenarioCouncil[], year: string, offset: number) {
  const start = `${year.slice(0, 4)}-04-01`;
  const end = addDays(start, 364);
  const alive = councils
    .filter(
      (c) =>
        (c.validFrom === null || c.validFrom <= start) && (c.validTo === null || c.validTo > end),
    )
    .sort((a, b) => a.code.localeCompare(b.code));
  const pools = {
    all: alive.filter((c) => councilTypes.includes(c.type)),
    upper: alive.filter((c) => upperTier.includes(c.type)),
  };
  const cursor = { all: 0, upper: 0 };
  const used = new Set<string>();
  return (type: ChallengeType): string => {
    const which = upperTierOnly.includes(type) ? 'upper' : 'all';
    const pool = pools[which];
    // A prime that does not divide the pool's size visits every council before any again.
    const stride = [37, 41, 43, 47].find((p) => pool.length % p !== 0) ?? 1;
    for (let tries = 0; tries < pool.length; tries++) {
      const council = pool[(offset + cursor[which] * stride) % pool.length];
      cursor[which] += 1;
      if (council && !used.has(council.code)) {
        used.add(council.code);
        return council.code;
      }
    }
    throw new Error(`too few ${which} councils in the register for the ${year} scenario`);
  };
}

/** Spreads `types` over the days from..to, a Tuesday each. */
function spread(types: readonly ChallengeType[], from: string, to: string) {
  const span = daysBetween(from, to) - 6;
  return types.map((type, i) => ({
    type,
    start: tuesdayFrom(addDays(from, Math.floor(((i + 0.5) * span) / types.length))),
  }));
}

function inDiscussion(year: string, type: ChallengeType, areaCode: string, i: number) {
  const requested = addDays('2017-04-10', i * 7);
  const path: [ChallengeState, string][] = [['requested', requested]];
  if (i % 3 >= 1) path.push(['scoping', addDays(requested, 30)]);
  if (i % 3 === 2) path.push(['position-statement-received', addDays(requested, 60)]);
  const transitions = dated(path);
  return {
    type,
    areaCode,
    programmeYear: year,
    state: transitions.at(-1)?.to ?? 'requested',
    window: null,
    onSite: null,
    transitions,
  } satisfies ScenarioChallenge;
}

/** The scenario's challenges, the same every time for the same register. */
export function buildScenario(councils: readonly ScenarioCouncil[]): ScenarioChallenge[] {
  return plan.flatMap((year, index) => {
    const pick = councilPicker(councils, year.year, index * 11);
    const { delivered, confirmed } = year;
    const onSite = [
      ...spread(interleave(delivered.counts), delivered.from, delivered.to),
      ...(confirmed ? spread(interleave(confirmed.counts), confirmed.from, confirmed.to) : []),
    ];
    return [
      ...onSite.map(({ type, start }) => booked(year.year, type, pick(type), start)),
      ...interleave(year.inDiscussion ?? {}).map((type, i) =>
        inDiscussion(year.year, type, pick(type), i),
      ),
    ];
  });
}

/** The council of the demo's one live challenge: the demo accounts' Hartlepool. */
export const liveDemoCouncil = 'E06000001';

/**
 * The demo's one live challenge, beside the history: Hartlepool's corporate peer challenge,
 * requested six weeks before the demo was loaded, being scoped, its window booked seven weeks
 * ahead. It gives the demo's manager, council contact and peer a current challenge to act on.
 */
export function liveDemoChallenge(today: string): ScenarioChallenge {
  const start = tuesdayFrom(addDays(today, 49));
  const requested = addDays(today, -42);
  return {
    type: 'corporate-peer-challenge',
    areaCode: liveDemoCouncil,
    programmeYear: programmeYearOf(requested),
    state: 'scoping',
    window: { start, end: addDays(start, daysOnSite('corporate-peer-challenge') - 1) },
    onSite: null,
    transitions: [
      { from: null, to: 'requested', on: requested },
      { from: 'requested', to: 'scoping', on: addDays(today, -14) },
    ],
  };
}
