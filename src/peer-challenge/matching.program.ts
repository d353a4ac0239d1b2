/*
 * The two mixed-integer programs of team matching (see matching.ts for the formulation): the
 * best team from the pairs that break no rule, and, when there is none, the fewest rule groups
 * that must be relaxed for a team to exist.
 */
import { solve, type Program, type Row, type Term } from './matching.lp.ts';
import {
  ruleGroups,
  type ChallengeForMatching,
  type CostParts,
  type MatchingWeights,
  type ObjectiveParts,
  type RoleRequirement,
  type RuleGroup,
  type TeamPlace,
  type UnmetRule,
} from './matching.model.ts';
import { formatWindow, roleLabel, type Settings } from './matching.rules.ts';

/** A peer (by pool index) in a role (by requirement index), with what it breaks and costs. */
export interface Pair {
  readonly peer: number;
  readonly id: string;
  readonly role: number;
  readonly broken: RuleGroup[];
  /** The role's asked-for specialisms the peer has. */
  readonly fit: readonly string[];
  readonly cost: CostParts;
  readonly total: number;
}

const largestTeam = (challenge: ChallengeForMatching) =>
  challenge.roles.reduce((n, r) => n + r.max, 0);

/** The k cheapest pairs of each class: the exact reduction argued in matching.ts. */
function keepCheapest(pairs: readonly Pair[], key: (p: Pair) => string, k: number): Pair[] {
  const classes = new Map<string, Pair[]>();
  for (const pair of pairs) {
    const members = classes.get(key(pair)) ?? [];
    members.push(pair);
    classes.set(key(pair), members);
  }
  return [...classes.values()].flatMap((members) =>
    members.sort((a, b) => a.total - b.total || a.peer - b.peer).slice(0, k),
  );
}

/** Each role's count between its bounds, and each peer in one role at most. */
function teamRows(
  challenge: ChallengeForMatching,
  pairs: readonly Pair[],
  slack: (r: number) => Term[],
): Row[] {
  const rows: Row[] = [];
  challenge.roles.forEach((requirement, r) => {
    const terms: Term[] = pairs.flatMap((p, i) => (p.role === r ? [[1, `x${i}`] as const] : []));
    rows.push({ terms: [...terms, ...slack(r)], sense: '>=', rhs: requirement.min });
    if (terms.length > requirement.max) rows.push({ terms, sense: '<=', rhs: requirement.max });
  });
  const byPeer = new Map<number, Term[]>();
  pairs.forEach((p, i) => byPeer.set(p.peer, [...(byPeer.get(p.peer) ?? []), [1, `x${i}`]]));
  for (const terms of byPeer.values())
    if (terms.length > 1) rows.push({ terms, sense: '<=', rhs: 1 });
  return rows;
}

export interface Found {
  readonly team: readonly TeamPlace[];
  readonly objective: ObjectiveParts;
}

export async function bestTeam(
  challenge: ChallengeForMatching,
  allPairs: readonly Pair[],
  weights: MatchingWeights,
): Promise<Found | null> {
  const clean = allPairs.filter((p) => p.broken.length === 0);
  const pairs = keepCheapest(clean, (p) => `${p.role}|${p.fit.join('\n')}`, largestTeam(challenge));
  const objective: Term[] = pairs.map((p, i) => [p.total, `x${i}`]);
  const rows = teamRows(challenge, pairs, () => []);
  const covers: { name: string; upper: number }[] = [];
  challenge.roles.forEach((requirement, r) =>
    requirement.specialisms.forEach((s, j) => {
      const name = `v${r}_${j}`;
      covers.push({ name, upper: 1 });
      objective.push([-weights.specialismGap, name]);
      const having = pairs.flatMap((p, i) =>
        p.role === r && p.fit.includes(s) ? [[-1, `x${i}`] as const] : [],
      );
      rows.push({ terms: [[1, name], ...having], sense: '<=', rhs: 0 });
    }),
  );
  const chosen: Pair[] = [];
  if (pairs.length > 0) {
    const solved = await solve({
      objective,
      rows,
      binaries: pairs.map((_, i) => `x${i}`),
      integers: [],
      continuous: covers,
    });
    if (solved.status === 'infeasible') return null;
    chosen.push(...pairs.filter((_, i) => solved.value(`x${i}`) === 1));
  } else if (challenge.roles.some((r) => r.min > 0)) return null;
  return describeTeam(challenge, chosen, weights);
}

function describeTeam(
  challenge: ChallengeForMatching,
  chosen: readonly Pair[],
  weights: MatchingWeights,
): Found {
  const team = challenge.roles.map((requirement, r) => {
    const inRole = chosen.filter((p) => p.role === r);
    const uncovered = requirement.specialisms.filter((s) => !inRole.some((p) => p.fit.includes(s)));
    const peers = inRole.map((p) => ({ id: p.id, cost: p.cost }));
    return { role: requirement.role, peers, uncoveredSpecialisms: uncovered };
  });
  const add = (part: keyof CostParts) => chosen.reduce((n, p) => n + p.cost[part], 0);
  const gaps = team.reduce((n, t) => n + t.uncoveredSpecialisms.length, 0);
  const parts = {
    specialismGaps: weights.specialismGap * gaps,
    teamSize: add('teamSize'),
    load: add('load'),
    travel: add('travel'),
    experience: add('experience'),
  };
  const total = Object.values(parts).reduce((a, b) => a + b, 0);
  return { team, objective: { ...parts, total } };
}

/*
 * Relaxing a group costs 1 plus a small premium that grows with how hard the rule is (the order
 * of ruleGroups: 0.01 to 0.08), a role short of peers 1.1, and each missing place a little
 * (below 0.1 in all) so the shortfall reported is the least. Roles are distinct, so at most five
 * can fall short, and all the premiums together stay below 1: the count of relaxed groups is
 * minimised first, and ties go to the softer rule.
 */
const groupWeight = (g: RuleGroup) => 1 + 0.01 * (ruleGroups.indexOf(g) + 1);
const shortfallWeight = 1.1;
const relax = (g: RuleGroup) => `z${ruleGroups.indexOf(g)}`;

function phrase(rule: RuleGroup, challenge: ChallengeForMatching, settings: Settings): string {
  switch (rule) {
    case 'availability':
      return `is available ${formatWindow(challenge.window)}`;
    case 'challenge-cap':
      return `is under the cap of ${settings.capPerYear} challenges a year`;
    case 'accreditation':
      return 'is accredited';
    case 'political-balance':
      return 'meets the other rules';
    case 'declared-conflict':
      return 'is free of a declared conflict with the council';
    case 'county-area':
      return 'comes from outside the county area';
    case 'bordering-council':
      return 'comes from a council that does not border the council';
    case 'own-council':
      return 'comes from outside the council';
  }
}

/** What a peer does who breaks the rule, for a rule no single role needs relaxed. */
function breach(rule: RuleGroup, challenge: ChallengeForMatching, settings: Settings): string {
  switch (rule) {
    case 'availability':
      return `is not available for the whole of ${formatWindow(challenge.window)}`;
    case 'challenge-cap':
      return `is already at the cap of ${settings.capPerYear} challenges a year`;
    case 'accreditation':
      return 'is not accredited';
    case 'political-balance':
      return 'is of the wrong party for their role';
    case 'declared-conflict':
      return 'declared a conflict with the council';
    case 'county-area':
      return 'comes from the same county area';
    case 'bordering-council':
      return 'comes from a bordering council';
    case 'own-council':
      return 'comes from the council itself';
  }
}

/**
 * The reduction of matching.ts for the relaxed program, by the rules each pair breaks: the k
 * cheapest of each role and set of rules broken, and none of a set when k pairs of the role break
 * a strict subset of it (a team using one could swap it for one of those, not on the team,
 * relaxing no more).
 */
function leastBroken(pairs: readonly Pair[], k: number): Pair[] {
  const kept = keepCheapest(pairs, (p) => `${p.role}|${[...p.broken].sort().join(',')}`, k);
  const within = (a: readonly RuleGroup[], b: readonly RuleGroup[]) =>
    a.length < b.length && a.every((g) => b.includes(g));
  return kept.filter(
    (pair) => kept.filter((o) => o.role === pair.role && within(o.broken, pair.broken)).length < k,
  );
}

interface Relaxation {
  readonly program: Program;
  readonly pairs: readonly Pair[];
  readonly groups: readonly RuleGroup[];
  /** The roles whose count may fall short. */
  readonly short: readonly number[];
}

function relaxedProgram(challenge: ChallengeForMatching, allPairs: readonly Pair[]): Relaxation {
  const pairs = leastBroken(allPairs, largestTeam(challenge));
  const groups = ruleGroups.filter((g) => pairs.some((p) => p.broken.includes(g)));
  const short = challenge.roles.flatMap((requirement, r) => (requirement.min > 0 ? [r] : []));
  const rows = teamRows(challenge, pairs, (r) => (short.includes(r) ? [[1, `s${r}`]] : []));
  pairs.forEach((p, i) =>
    p.broken.forEach((g) =>
      rows.push({
        terms: [
          [1, `x${i}`],
          [-1, relax(g)],
        ],
        sense: '<=',
        rhs: 0,
      }),
    ),
  );
  const integers = short.map((r) => ({ name: `s${r}`, upper: challenge.roles[r]?.min ?? 0 }));
  for (const r of short) {
    const min = challenge.roles[r]?.min ?? 0;
    rows.push({
      terms: [
        [1, `s${r}`],
        [-min, `y${r}`],
      ],
      sense: '<=',
      rhs: 0,
    });
  }
  const program: Program = {
    objective: [
      ...groups.map((g): Term => [groupWeight(g), relax(g)]),
      ...short.map((r): Term => [shortfallWeight, `y${r}`]),
      ...short.map((r): Term => [0.1 / (1 + largestTeam(challenge)), `s${r}`]),
    ],
    rows,
    binaries: [...pairs.map((_, i) => `x${i}`), ...groups.map(relax), ...short.map((r) => `y${r}`)],
    integers,
    continuous: [],
  };
  return { program, pairs, groups, short };
}

/**
 * The fewest rule groups (and role counts) to give up for any team to exist, in words. Each
 * relaxed group names the roles that cannot be filled without it, found by solving again with
 * the relaxation pinned and the group barred from that role.
 */
export async function smallestUnmet(
  challenge: ChallengeForMatching,
  allPairs: readonly Pair[],
  settings: Settings,
): Promise<UnmetRule[]> {
  const { program, pairs, groups, short } = relaxedProgram(challenge, allPairs);
  const solved = await solve(program);
  if (solved.status === 'infeasible')
    throw new Error('the relaxed team program cannot be infeasible');
  const relaxed = groups.filter((g) => solved.value(relax(g)) === 1);
  const shortBy = challenge.roles.map((_, r) => (short.includes(r) ? solved.value(`s${r}`) : 0));
  const pinned: Row[] = [
    ...groups.map((g): Row => ({ terms: [[1, relax(g)]], sense: '<=', rhs: +relaxed.includes(g) })),
    ...short.map((r): Row => ({ terms: [[1, `s${r}`]], sense: '<=', rhs: shortBy[r] ?? 0 })),
  ];
  const needs = async (g: RuleGroup, r: number) => {
    const breaking = pairs.flatMap((p, i): Term[] =>
      p.role === r && p.broken.includes(g) ? [[1, `x${i}`]] : [],
    );
    if (breaking.length === 0) return false;
    const barred: Row = { terms: breaking, sense: '<=', rhs: 0 };
    const again = await solve({ ...program, rows: [...program.rows, ...pinned, barred] });
    return again.status === 'infeasible';
  };
  const label = (requirement: RoleRequirement) => roleLabel(requirement, challenge.leadershipParty);
  const unmet: UnmetRule[] = [];
  for (const g of relaxed) {
    const roles: RoleRequirement[] = [];
    for (const [r, requirement] of challenge.roles.entries())
      if (await needs(g, r)) roles.push(requirement);
    const message =
      roles.length > 0
        ? `no ${roles.map(label).join(' or ')} ${phrase(g, challenge, settings)}`
        : `every possible team needs a peer who ${breach(g, challenge, settings)}`;
    unmet.push({ rule: g, roles: roles.map((requirement) => requirement.role), message });
  }
  return [...unmet, ...shortfalls(challenge, allPairs, shortBy)];
}

function shortfalls(
  challenge: ChallengeForMatching,
  allPairs: readonly Pair[],
  shortBy: readonly number[],
): UnmetRule[] {
  return challenge.roles.flatMap((requirement, r) => {
    const missing = shortBy[r] ?? 0;
    if (missing === 0) return [];
    const { min } = requirement;
    const label = roleLabel(requirement, challenge.leadershipParty);
    const message = allPairs.some((p) => p.role === r)
      ? `the pool is ${missing} short of the ${min} ${label} place${min === 1 ? '' : 's'} needed`
      : `the pool has no ${label}`;
    return [{ rule: 'role-count' as const, roles: [requirement.role], message }];
  });
}
