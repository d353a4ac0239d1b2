import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AreaType } from '../db/vocabulary.ts';
import { countFigures, financialYearOf } from './figures.ts';
import { buildScenario, scenarioEnd, type ScenarioCouncil } from './scenario.ts';

/** A register of 200 districts and 150 upper-tier councils, and some that came and went. */
function register(): ScenarioCouncil[] {
  const council = (code: string, type: AreaType, validFrom: string | null = null) => ({
    code,
    type,
    validFrom,
    validTo: null,
  });
  return [
    ...Array.from({ length: 200 }, (_, i) =>
      council(`E07${String(i).padStart(6, '0')}`, 'district'),
    ),
    ...Array.from({ length: 150 }, (_, i) =>
      council(`E06${String(i).padStart(6, '0')}`, 'unitary'),
    ),
    council('E06999998', 'unitary', '2019-04-01'),
    { ...council('E07999999', 'district'), validTo: '2012-04-01' },
    council('E10999999', 'combined-authority'),
  ];
}

describe('the scenario from the seeds', () => {
  const councils = register();
  const challenges = buildScenario(councils);
  const byCode = new Map(councils.map((c) => [c.code, c]));
  const counted = challenges.map((c) => ({ ...c, booked: c.window !== null }));

  it('reproduces the published figures, now and as at 30 September 2017', () => {
    for (const figures of [countFigures(counted), countFigures(counted, scenarioEnd)]) {
      const year = (y: string) => figures.find((f) => f.year === y);
      assert.deepEqual(
        figures.map((f) => f.year),
        ['2011-12', '2012-13', '2017-18'],
      );
      assert.deepEqual(year('2011-12')?.total, { delivered: 96, confirmed: 0, inDiscussion: 0 });
      const y2012 = year('2012-13');
      assert.equal(y2012?.total.delivered, 136);
      const delivered = (type: string) => y2012?.byType.find((t) => t.type === type)?.delivered;
      assert.equal(delivered('corporate-peer-challenge'), 70);
      assert.equal(delivered('childrens-safeguarding'), 43);
      assert.equal(delivered('adult-social-care'), 7);
      assert.deepEqual(year('2017-18')?.total, { delivered: 35, confirmed: 54, inDiscussion: 23 });
    }
  });

  it('is the same every time', () => {
    assert.deepEqual(buildScenario(register()), challenges);
  });

  it('dates each challenge on site within its year, a Tuesday, its life in order', () => {
    for (const c of challenges) {
      if (c.onSite) {
        assert.equal(financialYearOf(c.onSite.start), c.programmeYear);
        assert.equal(financialYearOf(c.onSite.end), c.programmeYear);
        assert.equal(new Date(`${c.onSite.start}T00:00:00Z`).getUTCDay(), 2);
        assert.ok(c.window && c.window.start < c.onSite.start && c.window.end > c.onSite.end);
      }
      const days = c.transitions.map((t) => t.on);
      assert.deepEqual(days, [...days].sort());
      assert.ok(days.every((day) => day <= scenarioEnd));
      assert.equal(c.transitions[0]?.from, null);
      assert.equal(c.transitions.at(-1)?.to, c.state);
      c.transitions.slice(1).forEach((t, i) => assert.equal(t.from, c.transitions[i]?.to));
    }
  });

  it('picks councils that existed then, upper tier for care and children, none twice a year', () => {
    const seen = new Set<string>();
    for (const c of challenges) {
      const council = byCode.get(c.areaCode);
      assert.ok(council, c.areaCode);
      assert.notEqual(council.type, 'combined-authority');
      assert.ok(council.validFrom === null && council.validTo === null, c.areaCode);
      if (['childrens-safeguarding', 'adult-social-care', 'health', 'send'].includes(c.type))
        assert.equal(council.type, 'unitary', `${c.type} at ${c.areaCode}`);
      const key = `${c.programmeYear} ${c.areaCode}`;
      assert.ok(!seen.has(key), key);
      seen.add(key);
    }
    assert.ok(new Set(challenges.map((c) => c.areaCode)).size > 200);
  });
});
