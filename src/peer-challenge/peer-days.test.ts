import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AreaType } from '../db/vocabulary.ts';
import { challengeType } from './challenge-types.ts';
import {
  countLedger,
  counts,
  peerLedger,
  seatDays,
  workingDays,
  visitedStates,
  type LedgerEntry,
} from './peer-days.ts';
import {
  carriedOverPlaces,
  carriedOverYears,
  fullTeam,
  illustrativePeerDays,
} from './peer-days.scenario.ts';
import { buildScenario, type ScenarioCouncil } from './scenario.ts';

const entry = (over: Partial<LedgerEntry>): LedgerEntry => ({
  programmeYear: '2012-13',
  givingAreaCode: 'E06000001',
  peerId: null,
  challengeId: 1,
  challengeState: 'closed',
  days: { onSite: 4, preparation: 2, report: 1 },
  illustrative: false,
  ...over,
});

describe('the peer days a place on a team gives', () => {
  it('counts the working days of the visit, and the type’s preparation and report days', () => {
    // Tuesday 2 to Monday 8 April 2013: five working days, the weekend not counted.
    assert.equal(workingDays('2013-04-02', '2013-04-08'), 5);
    assert.deepEqual(
      seatDays('corporate-peer-challenge', { firstDay: '2013-04-02', lastDay: '2013-04-05' }),
      {
        onSite: 4,
        preparation: 2,
        report: 1,
      },
    );
    const review = challengeType('progress-review');
    assert.deepEqual(seatDays('progress-review', null), {
      onSite: review.defaultDaysOnSite,
      preparation: review.preparationDays,
      report: review.reportDays,
    });
  });

  it('takes the type’s length until the visit’s last day is known', () => {
    const onSite = seatDays('childrens-safeguarding', { firstDay: '2013-04-02', lastDay: null });
    assert.equal(onSite.onSite, challengeType('childrens-safeguarding').defaultDaysOnSite);
  });
});

describe('the peer days ledger', () => {
  it('counts a challenge’s days only once its visit has happened, and never when cancelled', () => {
    assert.equal(counts(entry({ challengeState: 'on-site' })), true);
    assert.equal(counts(entry({ challengeState: 'closed' })), true);
    assert.equal(counts(entry({ challengeState: 'team-assembled' })), false);
    assert.equal(counts(entry({ challengeState: 'cancelled' })), false);
    assert.equal(counts(entry({ challengeState: 'postponed' })), false);
    assert.equal(counts(entry({ challengeId: null, challengeState: null })), true);
  });

  it('totals by year and giving council over a range, most days first', () => {
    const entries = [
      entry({ programmeYear: '2011-12', givingAreaCode: 'E06000002' }),
      entry({ programmeYear: '2012-13' }),
      entry({ programmeYear: '2012-13', givingAreaCode: 'E06000002', illustrative: true }),
      entry({ programmeYear: '2013-14' }),
      entry({ programmeYear: '2013-14', challengeState: 'cancelled' }),
    ];
    const all = countLedger(entries);
    assert.deepEqual(all.total, { days: 28, places: 4 });
    assert.deepEqual(
      all.years.map((y) => [y.label, y.days]),
      [
        ['2011/12', 7],
        ['2012/13', 14],
        ['2013/14', 7],
      ],
    );
    assert.equal(all.illustrative, true);
    const ranged = countLedger(entries, { from: '2012-13', to: '2012-13' });
    assert.deepEqual(ranged.total, { days: 14, places: 2 });
    assert.deepEqual(
      ranged.councils.map((c) => [c.areaCode, c.days]),
      [
        ['E06000001', 7],
        ['E06000002', 7],
      ],
    );
    const later = countLedger(entries, { from: '2013-14' });
    assert.deepEqual(later.councils, [{ areaCode: 'E06000001', days: 7, places: 1 }]);
    assert.equal(later.illustrative, false);
  });

  it('gives one peer their own places and days by year, newest first', () => {
    const entries = [
      entry({ peerId: 7, challengeId: 3, programmeYear: '2026-27' }),
      entry({
        peerId: 7,
        challengeId: 9,
        programmeYear: '2027-28',
        days: { onSite: 3, preparation: 1, report: 1 },
      }),
      entry({ peerId: 8, challengeId: 9, programmeYear: '2027-28' }),
      entry({ peerId: 7, challengeId: 11, challengeState: 'cancelled' }),
    ];
    const own = peerLedger(entries, 7);
    assert.deepEqual(own.total, { days: 12, places: 2 });
    assert.deepEqual(
      own.places.map((p) => [p.challengeId, p.total]),
      [
        [9, 5],
        [3, 7],
      ],
    );
  });
});

/** A register like the scenario test's, with a council abolished before the history. */
function register(): ScenarioCouncil[] {
  const council = (code: string, type: AreaType) => ({
    code,
    type,
    validFrom: null,
    validTo: null,
  });
  return [
    ...Array.from({ length: 200 }, (_, i) =>
      council(`E07${String(i).padStart(6, '0')}`, 'district'),
    ),
    ...Array.from({ length: 150 }, (_, i) =>
      council(`E06${String(i).padStart(6, '0')}`, 'unitary'),
    ),
    { ...council('E07999999', 'district'), validTo: '2009-04-01' },
  ];
}

describe('the illustrative history’s peer days', () => {
  const councils = register();
  const scenario = buildScenario(councils).map((c, i) => ({
    id: i + 1,
    type: c.type,
    areaCode: c.areaCode,
    programmeYear: c.programmeYear,
    state: c.state,
    onSiteStart: c.onSite?.start ?? null,
    onSiteEnd: c.onSite?.end ?? null,
  }));
  const rows = illustrativePeerDays(scenario, councils);
  const states = new Map(scenario.map((c) => [c.id, c.state]));
  const entries: LedgerEntry[] = rows.map((r) => ({
    programmeYear: r.programme_year,
    givingAreaCode: r.giving_area_code,
    peerId: r.peer_id,
    challengeId: r.challenge_id,
    challengeState: r.challenge_id === null ? null : (states.get(r.challenge_id) ?? null),
    days: { onSite: r.on_site_days, preparation: r.preparation_days, report: r.report_days },
    illustrative: r.illustrative,
  }));

  it('passes the published "more than 15,000 peer days since 2011"', () => {
    const ledger = countLedger(entries, { from: '2011-12' });
    assert.ok(ledger.total.days > 15_000, `${ledger.total.days} days`);
    assert.ok(ledger.total.days < 16_000, `${ledger.total.days} days: no more than it takes`);
    assert.equal(ledger.illustrative, true);
    assert.deepEqual(
      ledger.years.map((y) => y.year),
      ['2011-12', '2012-13', ...carriedOverYears, '2017-18'],
    );
  });

  it('gives a full team to every visited challenge and names no peer', () => {
    const visited = scenario.filter((c) => visitedStates.includes(c.state));
    const places = visited.reduce((sum, c) => sum + fullTeam(c.type), 0);
    assert.equal(rows.length, places + carriedOverYears.length * carriedOverPlaces);
    assert.ok(rows.every((r) => r.peer_id === null && r.illustrative));
    // 96 + 136 + 35 delivered: the confirmed ones are not visited yet and give nothing.
    assert.equal(new Set(rows.flatMap((r) => r.challenge_id ?? [])).size, 267);
  });

  it('never names the council challenged, nor one gone before the year', () => {
    const areaOf = new Map(scenario.map((c) => [c.id, c.areaCode]));
    for (const row of rows) {
      if (row.challenge_id !== null)
        assert.notEqual(row.giving_area_code, areaOf.get(row.challenge_id));
      assert.notEqual(row.giving_area_code, 'E07999999');
    }
  });

  it('is the same every time', () => {
    assert.deepEqual(illustrativePeerDays(scenario, councils), rows);
  });
});
