import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  challengeType,
  challengeTypeDefinition,
  challengeTypeSet,
  readyMadeChallengeTypes,
  type ChallengeTypeDefinitionInput,
} from './challenge-types.ts';
import { challengeTypes } from './vocabulary.ts';

const corporate = challengeType('corporate-peer-challenge');

const problems = (input: unknown) => {
  const parsed = challengeTypeDefinition.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

const withTeam = (team: ChallengeTypeDefinitionInput['team']) => ({ ...corporate, team });
const manager = corporate.team.find((r) => r.role === 'manager')!;

describe('ready-made challenge types', () => {
  it('define every type of the vocabulary once, in 1 to 5 days on site', () => {
    assert.deepEqual(
      readyMadeChallengeTypes.types.map((t) => t.type).sort(),
      [...challengeTypes].sort(),
    );
    for (const t of readyMadeChallengeTypes.types)
      assert.ok(t.defaultDaysOnSite >= 1 && t.defaultDaysOnSite <= 5);
  });

  it('give the corporate peer challenge its four days, team and five components', () => {
    assert.equal(corporate.defaultDaysOnSite, 4);
    assert.equal(challengeType('finance-peer-review').defaultDaysOnSite, 3);
    assert.deepEqual(
      corporate.team.map((r) => [r.role, r.min, r.max, r.party ?? null, r.specialisms ?? null]),
      [
        ['chief-executive-peer', 1, 1, null, null],
        ['lead-member-peer', 1, 1, 'same-as-leadership', null],
        ['member-peer', 1, 1, 'other-than-leadership', null],
        ['officer-peer', 1, 2, null, 'from-scoping'],
        ['manager', 1, 1, null, null],
      ],
    );
    assert.deepEqual(
      corporate.components.map((c) => c.title),
      [
        'Local priorities and outcomes',
        'Organisational and place leadership',
        'Governance and culture',
        'Financial planning and management',
        'Capacity for improvement',
      ],
    );
  });

  it('follow every type but the progress review itself with a progress review', () => {
    for (const t of readyMadeChallengeTypes.types)
      assert.equal(t.progressReviewFollows, t.type !== 'progress-review', t.type);
  });
});

describe('challenge type definitions', () => {
  it('accept the corporate definition as written', () => {
    assert.deepEqual(problems(corporate), []);
  });

  it('refuse a role twice, no manager, fewer than two peers, or a component twice', () => {
    const [chief] = corporate.team;
    assert.deepEqual(problems(withTeam([chief!, chief!, manager])), [
      'team: chief-executive-peer is listed twice',
    ]);
    assert.deepEqual(problems(withTeam(corporate.team.filter((r) => r.role !== 'manager'))), [
      'team: a team needs its manager',
    ]);
    assert.deepEqual(problems(withTeam([chief!, manager])), ['team: a team needs two peers']);
    const [first] = corporate.components;
    assert.deepEqual(problems({ ...corporate, components: [first, first] }), [
      'components: local-priorities-and-outcomes twice',
    ]);
  });

  it('refuse a party rule on an officer role, max below min, and two managers', () => {
    const officer = corporate.team.find((r) => r.role === 'officer-peer')!;
    assert.deepEqual(
      problems(
        withTeam([
          ...corporate.team.slice(0, 3),
          { ...officer, party: 'same-as-leadership' },
          manager,
        ]),
      ),
      ['team.3.party: only a member peer’s role has a party rule'],
    );
    assert.deepEqual(
      problems(withTeam([...corporate.team.slice(0, 3), { ...officer, min: 3 }, manager])),
      ['team.3.max: max is less than min'],
    );
    assert.deepEqual(problems(withTeam([...corporate.team.slice(0, 4), { ...manager, max: 2 }])), [
      'team.4.min: a challenge has exactly one manager',
    ]);
  });

  it('refuse a length on site of more than five days', () => {
    assert.equal(problems({ ...corporate, defaultDaysOnSite: 6 }).length, 1);
  });

  it('ask each peer to prepare and to help with the report, a progress review no report', () => {
    assert.deepEqual([corporate.preparationDays, corporate.reportDays], [2, 1]);
    const review = challengeType('progress-review');
    assert.deepEqual([review.preparationDays, review.reportDays], [1, 0]);
    assert.equal(problems({ ...corporate, preparationDays: -1 }).length, 1);
    assert.equal(problems({ ...corporate, reportDays: 6 }).length, 1);
  });

  it('refuse a set missing a type or defining one twice', () => {
    const types = readyMadeChallengeTypes.types;
    const parsed = challengeTypeSet.safeParse({ version: 2, types: [...types.slice(1), types[1]] });
    assert.equal(parsed.success, false);
    assert.deepEqual(
      parsed.error?.issues.map((i) => i.message),
      ['corporate-peer-challenge is defined nowhere', 'finance-peer-review is defined 2 times'],
    );
  });
});
