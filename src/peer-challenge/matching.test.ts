import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../comparison/seeded-random.ts';
import {
  rolesFor,
  kindOfRole,
  proposeTeam,
  type ChallengeForMatching,
  type MatchResult,
  type PoolPeer,
  type RoleRequirement,
} from './matching.ts';
import { syntheticChallenge, syntheticCountry, syntheticPool } from './matching.synthetic.ts';
import { ruleGroups } from './matching.model.ts';

const challenge = (over: Partial<ChallengeForMatching> = {}): ChallengeForMatching => ({
  council: 'E07000001',
  county: 'E10000001',
  borderingCouncils: ['E07000002'],
  // E07000002 lies across the county boundary: bordering, but not in the county area.
  countyAreaCouncils: ['E10000001', 'E07000003'],
  leadershipParty: 'Labour',
  region: 'North West',
  neighbouringRegions: ['North East'],
  similarCouncils: ['E07000050', 'E07000051'],
  window: { start: '2027-03-01', end: '2027-03-05' },
  roles: rolesFor('corporate-peer-challenge', ['finance', 'housing']),
  ...over,
});

const spring = [{ start: '2027-02-01', end: '2027-03-31' }];
const peer = (id: string, over: Partial<PoolPeer> = {}): PoolPeer => ({
  id,
  kind: 'officer',
  party: null,
  roles: [],
  homeCouncil: 'E07000100',
  region: 'North West',
  specialisms: [],
  accredited: true,
  availability: spring,
  challengesThisYear: 0,
  conflicts: [],
  pastCouncils: [],
  ...over,
});

/** A pool with exactly one peer for each place, none with experience of similar councils. */
const basePool = (): PoolPeer[] => [
  peer('ce', { roles: ['chief-executive-peer'] }),
  peer('lead', { kind: 'member', party: 'Labour', roles: ['lead-member-peer'] }),
  peer('member', { kind: 'member', party: 'Conservative', roles: ['member-peer'] }),
  peer('finance', { roles: ['officer-peer'], specialisms: ['finance'] }),
  peer('housing', { roles: ['officer-peer'], specialisms: ['housing'] }),
];
/** Cheaper than anyone in the base pool: chosen unless a hard rule keeps them out. */
const experienced = { pastCouncils: ['E07000050', 'E07000051'] };

function proposed(result: MatchResult) {
  assert.equal(
    result.status,
    'proposed',
    JSON.stringify(result.status === 'infeasible' && result.unmet),
  );
  return result;
}
const teamIds = (result: MatchResult) =>
  result.status === 'proposed' ? result.team.flatMap((t) => t.peers.map((p) => p.id)) : [];
const reasonsOf = (result: MatchResult, id: string) =>
  result.leftOut.find((l) => l.id === id)?.reasons;
const roleOf = (result: MatchResult, id: string) =>
  result.status === 'proposed'
    ? result.team.find((t) => t.peers.some((p) => p.id === id))?.role
    : undefined;

describe('team matching', () => {
  it('proposes the whole team, with the objective in parts', async () => {
    const result = proposed(await proposeTeam(challenge(), basePool()));
    assert.equal(roleOf(result, 'ce'), 'chief-executive-peer');
    assert.equal(roleOf(result, 'lead'), 'lead-member-peer');
    assert.equal(roleOf(result, 'member'), 'member-peer');
    assert.equal(roleOf(result, 'finance'), 'officer-peer');
    assert.equal(roleOf(result, 'housing'), 'officer-peer');
    assert.deepEqual(result.objective, {
      specialismGaps: 0,
      teamSize: 5,
      load: 0,
      travel: 0,
      experience: 10,
      total: 15,
    });
    assert.deepEqual(result.leftOut, []);
  });

  const excluded: [string, Partial<PoolPeer>, string][] = [
    ['the council itself', { homeCouncil: 'E07000001' }, 'from the council itself'],
    ['a bordering council', { homeCouncil: 'E07000002' }, 'home council borders the council'],
    ['a declared conflict', { conflicts: ['E07000001'] }, 'declared a conflict with the council'],
    ['the county', { homeCouncil: 'E10000001' }, 'home council is in the same county area'],
    ['the county area', { homeCouncil: 'E07000003' }, 'home council is in the same county area'],
    ['no accreditation', { accredited: false }, 'not accredited'],
    ['the yearly cap', { challengesThisYear: 2 }, 'already on 2 challenges this year'],
    [
      'part of the window',
      { availability: [{ start: '2027-02-01', end: '2027-03-02' }] },
      'not available 3–5 March',
    ],
    [
      'a gap inside the window',
      {
        availability: [
          { start: '2027-03-04', end: '2027-03-10' },
          { start: '2027-02-01', end: '2027-03-01' },
        ],
      },
      'not available 2–3 March',
    ],
    ['no availability at all', { availability: [] }, 'not available 1–5 March'],
  ];
  for (const [rule, over, reason] of excluded)
    it(`leaves out a better peer because of ${rule}`, async () => {
      const pool = [
        ...basePool(),
        peer('better', { roles: ['chief-executive-peer'], ...experienced, ...over }),
      ];
      const result = proposed(await proposeTeam(challenge(), pool));
      assert.equal(roleOf(result, 'ce'), 'chief-executive-peer');
      assert.deepEqual(reasonsOf(result, 'better'), [reason]);
    });

  it('takes the better peer when no rule stands in the way', async () => {
    const pool = [
      ...basePool(),
      peer('better', { roles: ['chief-executive-peer'], ...experienced }),
    ];
    const result = proposed(await proposeTeam(challenge(), pool));
    assert.equal(roleOf(result, 'better'), 'chief-executive-peer');
    assert.deepEqual(reasonsOf(result, 'ce'), ['another peer scored higher']);
  });

  it('gives every rule a peer breaks', async () => {
    const over = { homeCouncil: 'E07000002', accredited: false, challengesThisYear: 3 };
    const pool = [...basePool(), peer('worst', { roles: ['chief-executive-peer'], ...over })];
    const result = await proposeTeam(challenge(), pool);
    assert.deepEqual(reasonsOf(result, 'worst'), [
      'home council borders the council',
      'not accredited',
      'already on 3 challenges this year',
    ]);
  });

  it('names days across a month end', async () => {
    const window = { start: '2027-02-25', end: '2027-03-02' };
    const availability = [{ start: '2027-02-01', end: '2027-02-26' }];
    const pool = [...basePool(), peer('away', { roles: ['chief-executive-peer'], availability })];
    const result = await proposeTeam(challenge({ window }), pool);
    assert.deepEqual(reasonsOf(result, 'away'), ['not available 27 February – 2 March']);
  });

  it('takes availability in adjacent windows as whole', async () => {
    const availability = [
      { start: '2027-03-03', end: '2027-03-09' },
      { start: '2027-02-20', end: '2027-03-02' },
    ];
    const pool = [
      ...basePool(),
      peer('better', { roles: ['chief-executive-peer'], availability, ...experienced }),
    ];
    assert.equal(roleOf(await proposeTeam(challenge(), pool), 'better'), 'chief-executive-peer');
  });

  it('lets the cap be set', async () => {
    const busy = peer('busy', { roles: ['chief-executive-peer'], challengesThisYear: 2 });
    const pool = [...basePool().filter((p) => p.id !== 'ce'), busy];
    assert.equal((await proposeTeam(challenge(), pool)).status, 'infeasible');
    const result = await proposeTeam(challenge(), pool, { capPerYear: 3 });
    assert.equal(roleOf(result, 'busy'), 'chief-executive-peer');
  });

  it('may accept peers not yet accredited', async () => {
    const pool = basePool().map((p) => (p.id === 'ce' ? { ...p, accredited: false } : p));
    assert.equal((await proposeTeam(challenge(), pool)).status, 'infeasible');
    const result = await proposeTeam(challenge(), pool, { requireAccreditation: false });
    assert.equal(roleOf(result, 'ce'), 'chief-executive-peer');
  });

  it('keeps no party place when the leadership has no recorded party', async () => {
    const result = await proposeTeam(challenge({ leadershipParty: null }), basePool());
    assert.equal(result.status, 'infeasible');
    assert.deepEqual(reasonsOf(result, 'lead'), [
      "the council's leadership has no recorded party (lead member peer)",
    ]);
  });

  it('keeps political balance', async () => {
    const pool = [
      ...basePool(),
      peer('tory-lead', {
        kind: 'member',
        party: 'Conservative',
        roles: ['lead-member-peer'],
        ...experienced,
      }),
      peer('labour-member', {
        kind: 'member',
        party: 'Labour',
        roles: ['member-peer'],
        ...experienced,
      }),
    ];
    const result = proposed(await proposeTeam(challenge(), pool));
    assert.equal(roleOf(result, 'lead'), 'lead-member-peer');
    assert.equal(roleOf(result, 'member'), 'member-peer');
    assert.deepEqual(reasonsOf(result, 'tory-lead'), [
      'a lead member peer here must be of the Labour party',
    ]);
    assert.deepEqual(reasonsOf(result, 'labour-member'), [
      'a member peer here must be of a party other than Labour',
    ]);
  });

  it('puts each peer in one role at most', async () => {
    const all = peer('all-rounder', {
      roles: ['chief-executive-peer', 'officer-peer'],
      specialisms: ['finance', 'housing'],
      ...experienced,
    });
    const pool = [...basePool(), all];
    const result = proposed(await proposeTeam(challenge(), pool));
    const ids = teamIds(result);
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids.filter((id) => id === 'all-rounder').length, 1);
    // It covers both specialisms, so one officer peer is enough and it fills that place.
    assert.equal(roleOf(result, 'all-rounder'), 'officer-peer');
    assert.deepEqual(ids.sort(), ['all-rounder', 'ce', 'lead', 'member']);
  });

  it('says why a peer fits no role', async () => {
    const pool = [...basePool(), peer('manager', { roles: ['manager'] })];
    const result = await proposeTeam(challenge(), pool);
    assert.deepEqual(reasonsOf(result, 'manager'), ['cannot fill any role this challenge needs']);
  });

  it('adds a second officer peer only for a specialism the first lacks', async () => {
    const one = proposed(
      await proposeTeam(
        challenge({ roles: rolesFor('corporate-peer-challenge', ['finance']) }),
        basePool(),
      ),
    );
    assert.deepEqual(
      one.team.find((t) => t.role === 'officer-peer')?.peers.map((p) => p.id),
      ['finance'],
    );
    const pool = basePool().filter((p) => p.id !== 'housing');
    const gap = proposed(await proposeTeam(challenge(), pool));
    const officers = gap.team.find((t) => t.role === 'officer-peer');
    assert.deepEqual(officers?.uncoveredSpecialisms, ['housing']);
    assert.equal(gap.objective.specialismGaps, 10);
  });

  it('prefers a lighter load, a shorter journey and experience', async () => {
    const pool = [
      peer('busy', { roles: ['chief-executive-peer'], challengesThisYear: 1 }),
      peer('far', { roles: ['chief-executive-peer'], region: 'London' }),
      peer('near', { roles: ['chief-executive-peer'], region: 'North East' }),
      ...basePool().filter((p) => p.id !== 'ce'),
    ];
    const first = await proposeTeam(challenge(), pool);
    assert.equal(roleOf(first, 'busy'), 'chief-executive-peer');
    const second = await proposeTeam(
      challenge(),
      pool.filter((p) => p.id !== 'busy'),
    );
    assert.equal(roleOf(second, 'near'), 'chief-executive-peer');
    const onceSimilar = peer('once', {
      roles: ['chief-executive-peer'],
      region: 'London',
      pastCouncils: ['E07000050'],
    });
    const third = await proposeTeam(challenge(), [...pool.slice(1), onceSimilar]);
    assert.equal(roleOf(third, 'near'), 'chief-executive-peer');
    const twice = peer('twice', {
      roles: ['chief-executive-peer'],
      region: 'London',
      ...experienced,
    });
    const fourth = await proposeTeam(challenge(), [...pool.slice(1), twice]);
    assert.equal(roleOf(fourth, 'twice'), 'chief-executive-peer');
  });

  it('refuses input that would give a wrong answer', async () => {
    const roles = rolesFor('corporate-peer-challenge', []);
    const twice = [...roles, ...roles.slice(0, 1)];
    await assert.rejects(proposeTeam(challenge({ roles: twice }), basePool()), /listed twice/);
    const inverted = roles.map((r) => ({ ...r, min: 2, max: 1 }));
    await assert.rejects(proposeTeam(challenge({ roles: inverted }), basePool()), /min <= max/);
    await assert.rejects(proposeTeam(challenge(), [...basePool(), peer('ce')]), /twice/);
    await assert.rejects(proposeTeam(challenge(), basePool(), { capPerYear: 0 }), /cap/);
    const weights = { travel: -1 };
    await assert.rejects(proposeTeam(challenge(), basePool(), { weights }), /weights/);
  });
});

describe('team matching when no team can be formed', () => {
  const unmetOf = (result: MatchResult) => {
    assert.equal(result.status, 'infeasible');
    return result.status === 'infeasible' ? result.unmet : [];
  };

  it('names the one rule no lead member peer can meet', async () => {
    const pool = basePool().map((p) =>
      p.id === 'lead' ? { ...p, availability: [{ start: '2027-03-03', end: '2027-03-31' }] } : p,
    );
    const result = await proposeTeam(challenge(), pool);
    assert.deepEqual(unmetOf(result), [
      {
        rule: 'availability',
        roles: ['lead-member-peer'],
        message: 'no lead member peer of the Labour party is available 1–5 March',
      },
    ]);
    assert.deepEqual(reasonsOf(result, 'lead'), ['not available 1–2 March']);
    assert.deepEqual(reasonsOf(result, 'ce'), ['eligible, but no complete team can be formed']);
  });

  it('names only the roles that need the rule relaxed', async () => {
    const away = [{ start: '2027-03-03', end: '2027-03-31' }];
    const pool = [
      ...basePool().map((p) => ({ ...p, id: `${p.id}-away`, availability: away })),
      ...basePool().filter((p) => p.id !== 'lead'),
    ];
    assert.deepEqual(unmetOf(await proposeTeam(challenge(), pool)), [
      {
        rule: 'availability',
        roles: ['lead-member-peer'],
        message: 'no lead member peer of the Labour party is available 1–5 March',
      },
    ]);
  });

  it('names the smallest set of rules, not every rule broken', async () => {
    const pool = [
      ...basePool().filter((p) => p.id !== 'lead' && p.id !== 'ce'),
      // Each would need two rules relaxed; the second lead member needs only the cap.
      peer('lead-a', {
        kind: 'member',
        party: 'Labour',
        roles: ['lead-member-peer'],
        homeCouncil: 'E07000002',
        availability: [],
      }),
      peer('lead-b', {
        kind: 'member',
        party: 'Labour',
        roles: ['lead-member-peer'],
        challengesThisYear: 2,
      }),
      peer('ce-a', { roles: ['chief-executive-peer'], challengesThisYear: 5 }),
    ];
    assert.deepEqual(unmetOf(await proposeTeam(challenge(), pool)), [
      {
        rule: 'challenge-cap',
        roles: ['chief-executive-peer', 'lead-member-peer'],
        message:
          'no chief executive peer or lead member peer of the Labour party is under the cap of 2 challenges a year',
      },
    ]);
  });

  it('names two rules when two roles fail for different reasons', async () => {
    const pool = basePool().map((p) =>
      p.id === 'lead'
        ? { ...p, party: 'Green' }
        : p.id === 'ce'
          ? { ...p, conflicts: ['E07000001'] }
          : p,
    );
    assert.deepEqual(unmetOf(await proposeTeam(challenge(), pool)), [
      {
        rule: 'political-balance',
        roles: ['lead-member-peer'],
        message: 'no lead member peer of the Labour party meets the other rules',
      },
      {
        rule: 'declared-conflict',
        roles: ['chief-executive-peer'],
        message: 'no chief executive peer is free of a declared conflict with the council',
      },
    ]);
  });

  it('says when the pool has no one for a role at all', async () => {
    const pool = basePool().filter((p) => p.id !== 'member');
    assert.deepEqual(unmetOf(await proposeTeam(challenge(), pool)), [
      {
        rule: 'role-count',
        roles: ['member-peer'],
        message: 'the pool has no member peer of a party other than Labour',
      },
    ]);
  });

  it('reports the least shortfall', async () => {
    const roles = rolesFor('corporate-peer-challenge', []).map((r) =>
      r.role === 'officer-peer' ? { ...r, min: 2, max: 3 } : r,
    );
    const pool = basePool().filter((p) => p.id !== 'housing');
    assert.deepEqual(unmetOf(await proposeTeam(challenge({ roles }), pool)), [
      {
        rule: 'role-count',
        roles: ['officer-peer'],
        message: 'the pool is 1 short of the 2 officer peer places needed',
      },
    ]);
  });

  it('counts the one-role rule: one peer cannot fill two places', async () => {
    const both = peer('both', { roles: ['chief-executive-peer', 'officer-peer'] });
    const pool = [...basePool().filter((p) => p.kind === 'member'), both];
    assert.deepEqual(unmetOf(await proposeTeam(challenge(), pool)), [
      {
        rule: 'role-count',
        roles: ['officer-peer'],
        message: 'the pool is 1 short of the 1 officer peer place needed',
      },
    ]);
  });
});

/*
 * Property: on a synthetic country of 300 made-up councils (matching.synthetic.ts), every team
 * proposed from a random pool of 2,000 peers keeps every hard rule, as checked here from the
 * grid itself rather than by the module's own filter.
 */
describe('team matching on random pools (synthetic councils)', () => {
  const country = syntheticCountry(300);
  const { borders, countyOf } = country;

  /** The rules the peer breaks in the role, written again from the synthetic geography. */
  function rulesBroken(c: ChallengeForMatching, p: PoolPeer, requirement: RoleRequirement) {
    const home = country.council(c.council);
    const theirs = country.council(p.homeCouncil);
    const broken: string[] = [];
    if (p.kind !== kindOfRole[requirement.role] || !p.roles.includes(requirement.role))
      broken.push('role');
    if (theirs === home) broken.push('own-council');
    if (borders(theirs, home)) broken.push('bordering-council');
    if (theirs !== home && countyOf(theirs) === countyOf(home)) broken.push('county-area');
    if (p.conflicts.includes(c.council)) broken.push('declared-conflict');
    if (!p.accredited) broken.push('accreditation');
    if (p.challengesThisYear >= 2) broken.push('challenge-cap');
    for (let d = Date.parse(c.window.start); d <= Date.parse(c.window.end); d += 86_400_000) {
      const iso = new Date(d).toISOString().slice(0, 10);
      if (!p.availability.some((w) => w.start <= iso && iso <= w.end)) {
        broken.push('availability');
        break;
      }
    }
    const { party } = requirement;
    if (
      (party === 'same-as-leadership' && p.party !== c.leadershipParty) ||
      (party === 'other-than-leadership' && p.party === c.leadershipParty)
    )
      broken.push('political-balance');
    return broken;
  }

  type Member = { readonly peer: PoolPeer; readonly requirement: RoleRequirement };
  const byId = (pool: readonly PoolPeer[], id: string) => {
    const p = pool.find((each) => each.id === id);
    assert.ok(p, `unknown peer ${id}`);
    return p;
  };

  function teamBroken(c: ChallengeForMatching, team: readonly Member[]) {
    const ids = team.map((m) => m.peer.id);
    if (new Set(ids).size !== ids.length) return 'a peer twice';
    for (const requirement of c.roles) {
      const count = team.filter((m) => m.requirement === requirement).length;
      if (count < requirement.min || count > requirement.max) return `${requirement.role} count`;
    }
    for (const { peer: p, requirement } of team) {
      const broken = rulesBroken(c, p, requirement);
      if (broken.length > 0) return `${p.id} ${broken.join(', ')}`;
    }
    return null;
  }

  /** The objective as matching.model.ts documents the default weights. */
  function teamCost(c: ChallengeForMatching, team: readonly Member[]) {
    let cost = 0;
    for (const { peer: p } of team) {
      const travel = p.region === c.region ? 0 : c.neighbouringRegions.includes(p.region) ? 1 : 2;
      const similar = c.similarCouncils.filter((s) => p.pastCouncils.includes(s)).length;
      cost += 1 + p.challengesThisYear + travel + (2 - Math.min(similar, 2));
    }
    for (const requirement of c.roles)
      for (const s of requirement.specialisms)
        if (!team.some((m) => m.requirement === requirement && m.peer.specialisms.includes(s)))
          cost += 10;
    return cost;
  }

  /** No team one change away (a peer swapped, added or dropped) keeps the rules and costs less. */
  function betterNeighbour(
    c: ChallengeForMatching,
    team: readonly Member[],
    pool: readonly PoolPeer[],
  ) {
    const cost = teamCost(c, team);
    const onTeam = new Set(team.map((m) => m.peer.id));
    const changes: Member[][] = team.map((_, i) => team.filter((__, j) => j !== i));
    for (const p of pool) {
      if (onTeam.has(p.id)) continue;
      for (const requirement of c.roles) {
        const member = { peer: p, requirement };
        changes.push([...team, member]);
        team.forEach((_, i) => changes.push(team.map((m, j) => (j === i ? member : m))));
      }
    }
    return changes.find((t) => teamBroken(c, t) === null && teamCost(c, t) < cost - 1e-9);
  }

  it('every proposed team keeps every hard rule, and no one change makes it better', async () => {
    let teams = 0;
    for (let seed = 1; seed <= 15; seed++) {
      const random = seededRandom(seed);
      const pool = syntheticPool(random, country, 2000);
      const c = syntheticChallenge(random, country);
      const result = await proposeTeam(c, pool);
      assert.equal(result.leftOut.length + teamIds(result).length, pool.length, `seed ${seed}`);
      if (result.status === 'infeasible') {
        assert.ok(result.unmet.length > 0, `seed ${seed}`);
        continue;
      }
      teams++;
      const team = result.team.flatMap((place) => {
        const requirement = c.roles.find((r) => r.role === place.role);
        assert.ok(requirement, place.role);
        return place.peers.map(({ id }) => ({ peer: byId(pool, id), requirement }));
      });
      assert.equal(teamBroken(c, team), null, `seed ${seed}`);
      assert.equal(teamCost(c, team), result.objective.total, `seed ${seed}`);
      assert.equal(betterNeighbour(c, team, pool), undefined, `seed ${seed}`);
    }
    // A test that only ever met infeasible pools would prove nothing.
    assert.ok(teams >= 10, `${teams} teams proposed`);
  });

  /**
   * Whether every role's minimum can be filled by distinct peers breaking only `allowed` rules:
   * a bipartite matching of places to peers, by augmenting paths.
   */
  function teamExists(
    c: ChallengeForMatching,
    pool: readonly PoolPeer[],
    allowed: Set<string>,
    allowedIn: (requirement: RoleRequirement) => Set<string> = () => allowed,
  ) {
    const places = c.roles.flatMap((requirement) =>
      Array.from({ length: requirement.min }, () =>
        pool.filter((p) =>
          rulesBroken(c, p, requirement).every((b) => allowedIn(requirement).has(b)),
        ),
      ),
    );
    const holder = new Map<string, number>();
    const seat = (place: number, tried: Set<string>): boolean => {
      for (const p of places[place] ?? []) {
        if (tried.has(p.id)) continue;
        tried.add(p.id);
        const other = holder.get(p.id);
        if (other === undefined || seat(other, tried)) {
          holder.set(p.id, place);
          return true;
        }
      }
      return false;
    };
    return places.every((_, place) => seat(place, new Set()));
  }

  const groups: string[] = [...ruleGroups];
  const subsetsSmallerThan = (size: number): string[][] =>
    groups.reduce<string[][]>(
      (subsets, g) => [
        ...subsets,
        ...subsets.filter((s) => s.length < size - 1).map((s) => [...s, g]),
      ],
      [[]],
    );

  it('names a smallest set of rules whenever no team exists', async () => {
    let infeasible = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(1000 + seed);
      const pool = syntheticPool(random, country, 40);
      const c = syntheticChallenge(random, country);
      const result = await proposeTeam(c, pool);
      assert.equal(teamExists(c, pool, new Set()), result.status === 'proposed', `seed ${seed}`);
      if (result.status === 'proposed') continue;
      infeasible++;
      const relaxed = result.unmet.map((u) => u.rule);
      if (!relaxed.includes('role-count')) {
        assert.ok(teamExists(c, pool, new Set(relaxed)), `seed ${seed}: ${relaxed.join(', ')}`);
        // Each role named under a rule needs it: without it in that role, there is no team.
        for (const { rule, roles } of result.unmet)
          for (const role of roles) {
            const without = new Set(relaxed.filter((r) => r !== rule));
            const allowedIn = (r: RoleRequirement) =>
              r.role === role ? without : new Set(relaxed);
            assert.ok(!teamExists(c, pool, new Set(), allowedIn), `seed ${seed}: ${rule} ${role}`);
          }
      }
      for (const fewer of subsetsSmallerThan(relaxed.length))
        assert.ok(!teamExists(c, pool, new Set(fewer)), `seed ${seed}: ${fewer.join(', ')}`);
    }
    assert.ok(infeasible >= 10, `${infeasible} infeasible`);
  });
});
