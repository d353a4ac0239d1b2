/*
 * A fictitious peer pool for the demo (issue 20): 300 peers with made-up names, each marked
 * "(illustrative)", at real English councils, so that a new user can propose a team for the
 * illustrative challenges. Seeded, so every demo holds the same pool. Pure: the service loads it.
 */
import type { AreaSummary } from '../areas/areas.service.ts';
import type { Conflict, PeerColumns, Window } from './peer-pool.tables.ts';
import type { TeamRole } from './vocabulary.ts';

const firstNames = [
  'Alex',
  'Bea',
  'Cal',
  'Dana',
  'Eli',
  'Fern',
  'Gus',
  'Hana',
  'Ira',
  'Jude',
  'Kit',
  'Lina',
  'Milo',
  'Nell',
  'Otto',
  'Pia',
  'Quin',
  'Rosa',
  'Sol',
  'Tess',
  'Uma',
  'Vic',
  'Wren',
  'Zeb',
];
const surnames = [
  'Ashdown',
  'Brackley',
  'Cobbold',
  'Dunmore',
  'Elsworth',
  'Fairlie',
  'Gorringe',
  'Hurlstone',
  'Inchley',
  'Jessop',
  'Kemble',
  'Lowther',
  'Marchbank',
  'Netherby',
  'Oakhurst',
  'Pennock',
  'Quarrie',
  'Rushbrook',
  'Stainer',
  'Thornbury',
  'Upwood',
  'Varley',
  'Whitcombe',
  'Yelland',
];
const parties = ['Conservative', 'Labour', 'Liberal Democrat', 'Independent', 'Green'];
/** Weights of the parties above, roughly as council seats fall. */
const partyWeights = [40, 35, 15, 7, 3];

interface Kind {
  readonly title: string;
  readonly roles: readonly TeamRole[];
  readonly specialisms: readonly string[];
}

const memberKinds: readonly Kind[] = [
  { title: 'Leader', roles: ['lead-member-peer', 'member-peer'], specialisms: [] },
  {
    title: 'Cabinet member for finance',
    roles: ['lead-member-peer', 'member-peer'],
    specialisms: ['finance'],
  },
  {
    title: 'Cabinet member for children’s services',
    roles: ['lead-member-peer', 'member-peer'],
    specialisms: ['childrens-services', 'send'],
  },
  {
    title: 'Cabinet member for adult social care',
    roles: ['lead-member-peer', 'member-peer'],
    specialisms: ['adult-social-care', 'health-and-wellbeing'],
  },
  { title: 'Opposition leader', roles: ['member-peer'], specialisms: [] },
  { title: 'Scrutiny chair', roles: ['member-peer'], specialisms: ['governance'] },
];
const officerKinds: readonly Kind[] = [
  { title: 'Chief executive', roles: ['chief-executive-peer'], specialisms: ['governance'] },
  {
    title: 'Section 151 officer',
    roles: ['officer-peer'],
    specialisms: ['finance', 'section-151'],
  },
  { title: 'Monitoring officer', roles: ['officer-peer'], specialisms: ['governance'] },
  {
    title: 'Director of children’s services',
    roles: ['officer-peer'],
    specialisms: ['childrens-services', 'send'],
  },
  {
    title: 'Director of adult social services',
    roles: ['officer-peer'],
    specialisms: ['adult-social-care'],
  },
  {
    title: 'Director of public health',
    roles: ['officer-peer'],
    specialisms: ['public-health', 'health-and-wellbeing'],
  },
  {
    title: 'Director of place',
    roles: ['officer-peer'],
    specialisms: ['planning', 'economic-development'],
  },
];
const extraSpecialisms = [
  'housing',
  'transformation',
  'climate',
  'economic-development',
  'planning',
];

/** A small seeded generator (mulberry32), so the pool is the same in every demo. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const pick = <T>(items: readonly T[], r: number): T => items[Math.floor(r * items.length)] as T;

function weightedParty(r: number): string {
  let left = r * partyWeights.reduce((a, b) => a + b, 0);
  for (const [i, w] of partyWeights.entries()) {
    left -= w;
    if (left < 0) return parties[i] as string;
  }
  return parties[0] as string;
}

/** Two to four windows of availability a year from 2011/12, when the programme began, to 2028/29. */
function windows(random: () => number): Window[] {
  const out: Window[] = [];
  for (let year = 2011; year <= 2028; year++) {
    const count = 2 + Math.floor(random() * 3);
    const part = Math.floor(365 / count);
    for (let i = 0; i < count; i++) {
      // Somewhere in its own share of the year, so that every month has peers free.
      const start = new Date(Date.UTC(year, 3, 1 + i * part + Math.floor(random() * (part - 20))));
      const end = new Date(start);
      end.setUTCDate(end.getUTCDate() + 20 + Math.floor(random() * 40));
      out.push({ from: iso(start), to: iso(end) });
    }
  }
  return out;
}

export type DemoPeer = PeerColumns & { availability: Window[]; conflicts: Conflict[] };

/** The demo pool: `size` fictitious peers at the given councils (English, with a region). */
export function buildDemoPool(councils: readonly AreaSummary[], size = 300): DemoPeer[] {
  const homes = councils.filter((c) => c.parents.region !== undefined);
  if (homes.length === 0) return [];
  const random = seeded(20_030);
  return Array.from({ length: size }, (_, i) => {
    const home = pick(homes, random());
    const member = i % 2 === 0;
    const kind = pick(member ? memberKinds : officerKinds, random());
    const extra = random() < 0.4 ? [pick(extraSpecialisms, random())] : [];
    const first = firstNames[i % firstNames.length] as string;
    const last = surnames[Math.floor(i / firstNames.length) % surnames.length] as string;
    const accredited = random() < 0.9;
    const conflict = random() < 0.1 ? pick(homes, random()) : null;
    return {
      kind: member ? 'member' : 'officer',
      name: `${member ? 'Cllr ' : ''}${first} ${last} (illustrative)`,
      email: null,
      user_id: null,
      home_area_code: home.code,
      party: member ? weightedParty(random()) : null,
      roles: [...kind.roles],
      role_title: kind.title,
      specialisms: [...new Set([...kind.specialisms, ...extra])],
      accredited_on: accredited ? `${2012 + Math.floor(random() * 10)}-09-01` : null,
      trained_on: `${2011 + Math.floor(random() * 12)}-06-15`,
      region_code: home.parents.region?.code ?? '',
      illustrative: true,
      availability: windows(random),
      conflicts:
        conflict && conflict.code !== home.code
          ? [{ areaCode: conflict.code, reason: 'Former employer (illustrative)' }]
          : [],
    };
  });
}
