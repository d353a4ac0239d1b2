import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { transition } from './lifecycle.ts';
import { columnsOf, factsOf, type ChallengeRecord, type RecordedTransition } from './records.ts';

const record: ChallengeRecord = {
  type: 'corporate-peer-challenge',
  state: 'action-plan-published',
  window_start: '2025-09-01',
  window_end: '2025-09-30',
  on_site_start: '2025-09-09',
  on_site_end: '2025-09-12',
  state_reason: null,
};
const moves: RecordedTransition[] = [
  ['requested', '2025-03-01'],
  ['scoping', '2025-04-01'],
  ['position-statement-received', '2025-06-01'],
  ['team-assembled', '2025-07-01'],
  ['on-site', '2025-09-09'],
  ['feedback-given', '2025-09-12'],
  ['report-drafted', '2025-10-01'],
  ['report-published', '2025-11-03'],
  ['action-plan-published', '2025-12-01'],
].map(([to, on], i, all) => ({
  from_state: (i === 0 ? null : all[i - 1]?.[0]) as RecordedTransition['from_state'],
  to_state: to as RecordedTransition['to_state'],
  on_date: on as string,
}));

describe('a recorded challenge read as facts', () => {
  it('dates its request, its latest change and what it published from its history', () => {
    const facts = factsOf(record, moves);
    assert.deepEqual(
      [facts.requestedOn, facts.since, facts.reportPublishedOn, facts.actionPlanPublishedOn],
      ['2025-03-01', '2025-12-01', '2025-11-03', '2025-12-01'],
    );
    assert.deepEqual(facts.visit, { firstDay: '2025-09-09', lastDay: '2025-09-12' });
    assert.equal(facts.postponedFrom, null);
  });

  it('knows the state a postponed challenge left, and writes back what a transition set', () => {
    const postponed = factsOf({ ...record, state: 'postponed', state_reason: 'Election' }, [
      ...moves.slice(0, 3),
      { from_state: 'position-statement-received', to_state: 'postponed', on_date: '2025-06-10' },
    ]);
    assert.equal(postponed.postponedFrom, 'position-statement-received');
    const resumed = transition(postponed, { kind: 'resume', on: '2025-08-01' });
    assert.ok(resumed.ok);
    assert.deepEqual(columnsOf(resumed.next), {
      state: 'scoping',
      window_start: null,
      window_end: null,
      on_site_start: null,
      on_site_end: null,
      state_reason: null,
    });
  });

  it('reads days on site planned before the team arrived as no visit', () => {
    const planned = factsOf({ ...record, state: 'scoping' }, moves.slice(0, 2));
    assert.equal(planned.visit, null);
  });

  it('refuses a record with no history', () => {
    assert.throws(() => factsOf(record, []), /at least its request/);
  });
});
