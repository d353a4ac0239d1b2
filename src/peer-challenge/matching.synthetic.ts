/*
 * A synthetic country and peer pool for team matching's property test and benchmark: made-up
 * councils (GSS-shaped codes E07900000 upwards, none of them real) on a grid, each bordering its
 * grid neighbours, in county areas of 2 × 3 squares and regions of 7 × 5 bands. Seeded, so any
 * failing case can be replayed.
 */
import { rolesFor } from './matching.model.ts';
import type { ChallengeForMatching, PoolPeer } from './matching.model.ts';

const width = 20;

export interface SyntheticCountry {
  readonly councils: readonly number[];
  readonly code: (council: number) => string;
  readonly council: (code: string) => number;
  readonly borders: (a: number, b: number) => boolean;
  readonly countyOf: (council: number) => number;
  readonly regionOf: (council: number) => string;
  /** The regions whose bands touch the council's region's band. */
  readonly regionsNextTo: (council: number) => string[];
}

/** `size` councils, 20 to a row of the grid. */
export function syntheticCountry(size: number): SyntheticCountry {
  const at = (i: number) => ({ x: i % width, y: Math.floor(i / width) });
  const band = (i: number) => ({ bx: Math.floor(at(i).x / 7), by: Math.floor(at(i).y / 5) });
  const region = (bx: number, by: number) => `Synthetic region ${bx}-${by}`;
  return {
    councils: Array.from({ length: size }, (_, i) => i),
    code: (i) => `E07${String(900000 + i)}`,
    council: (code) => Number(code.slice(3)) - 900000,
    borders: (a, b) => {
      const p = at(a);
      const q = at(b);
      return Math.abs(p.x - q.x) + Math.abs(p.y - q.y) === 1;
    },
    countyOf: (i) => Math.floor(at(i).x / 2) + 10 * Math.floor(at(i).y / 3),
    regionOf: (i) => region(band(i).bx, band(i).by),
    regionsNextTo: (i) => {
      const { bx, by } = band(i);
      return [region(bx - 1, by), region(bx + 1, by), region(bx, by - 1), region(bx, by + 1)];
    },
  };
}

const parties = ['Labour', 'Conservative', 'Liberal Democrat', 'Green', 'Independent'];
const specialisms = ['finance', 'housing', 'children', 'adults', 'planning', 'governance'];
const day = (d: number) => new Date(Date.UTC(2027, 0, 1 + d)).toISOString().slice(0, 10);

function pick<T>(random: () => number, xs: readonly T[]): T {
  const x = xs[Math.floor(random() * xs.length)];
  if (x === undefined) throw new Error('nothing to pick from');
  return x;
}

/** Half members, half officers; most offer one or both of their kind's roles. */
export function syntheticPool(
  random: () => number,
  country: SyntheticCountry,
  size: number,
): PoolPeer[] {
  const some = <T>(xs: readonly T[], p: number) => xs.filter(() => random() < p);
  return Array.from({ length: size }, (_, i) => {
    const member = random() < 0.5;
    const home = pick(random, country.councils);
    const availability = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
      const start = Math.floor(random() * 330);
      return { start: day(start), end: day(start + Math.floor(random() * 60)) };
    });
    return {
      id: `synthetic-peer-${i}`,
      kind: member ? 'member' : 'officer',
      party: member ? pick(random, parties) : null,
      roles: member
        ? some(['lead-member-peer', 'member-peer'] as const, 0.7)
        : some(['chief-executive-peer', 'officer-peer'] as const, 0.7),
      homeCouncil: country.code(home),
      region: country.regionOf(home),
      specialisms: some(specialisms, 0.3),
      accredited: random() < 0.9,
      availability,
      challengesThisYear: Math.floor(random() * 4),
      conflicts: some(country.councils, 0.005).map(country.code),
      pastCouncils: some(country.councils, 0.01).map(country.code),
    };
  });
}

/** A corporate peer challenge of a random council, three to five days some time in 2027. */
export function syntheticChallenge(
  random: () => number,
  country: SyntheticCountry,
): ChallengeForMatching {
  const { councils, code, countyOf, regionOf } = country;
  const council = pick(random, councils);
  const start = Math.floor(random() * 360);
  return {
    council: code(council),
    county: `E10${String(900000 + countyOf(council))}`,
    borderingCouncils: councils.filter((c) => country.borders(c, council)).map(code),
    countyAreaCouncils: councils
      .filter((c) => c !== council && countyOf(c) === countyOf(council))
      .map(code),
    leadershipParty: pick(random, parties),
    region: regionOf(council),
    neighbouringRegions: country.regionsNextTo(council),
    similarCouncils: councils.filter(() => random() < 0.02).map(code),
    window: { start: day(start), end: day(start + 2 + Math.floor(random() * 3)) },
    roles: rolesFor(
      'corporate-peer-challenge',
      specialisms.filter(() => random() < 0.3),
    ),
  };
}
