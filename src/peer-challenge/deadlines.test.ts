import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../comparison/seeded-random.ts';
import { addDays, daysBetween } from './dates.ts';
import { deadlineRules, deadlineRulesSchema, deadlines, remindersDue } from './deadlines.ts';
import type { ChallengeFacts } from './lifecycle.ts';
import type { ChallengeType } from './vocabulary.ts';

/** A challenge whose visit ended on a day, with whatever it has published since. */
function visited(
  lastDay: string,
  more: Partial<ChallengeFacts> = {},
  type: ChallengeType = 'corporate-peer-challenge',
): ChallengeFacts {
  return {
    type,
    state: 'feedback-given',
    since: lastDay,
    requestedOn: '2026-06-01',
    window: { from: '2027-01-01', to: '2027-12-31' },
    visit: { firstDay: addDays(lastDay, -3), lastDay },
    reportPublishedOn: null,
    actionPlanPublishedOn: null,
    progressReviewOn: null,
    reason: null,
    postponedFrom: null,
    ...more,
  };
}

const dues = (facts: ChallengeFacts, today: string) =>
  deadlines(facts, today).map((d) => [d.kind, d.opensOn, d.dueBy, d.status]);

describe('deadlines', () => {
  it('start when feedback is given', () => {
    assert.deepEqual(
      deadlines(
        {
          ...visited('2027-03-12'),
          state: 'on-site',
          visit: { firstDay: '2027-03-09', lastDay: null },
        },
        '2027-03-10',
      ),
      [],
    );
  });

  it('fall three months and ten to twelve months after the last day on site', () => {
    assert.deepEqual(dues(visited('2027-03-12'), '2027-03-12'), [
      ['report', '2027-03-12', '2027-06-12', { state: 'due' }],
      ['action-plan', '2027-03-12', '2027-06-12', { state: 'due' }],
      ['progress-review', '2028-01-12', '2028-03-12', { state: 'upcoming' }],
    ]);
    assert.equal(
      deadlines(visited('2027-03-12'), '2027-03-12')[0]?.title,
      'Report published within 3 months of the visit',
    );
  });

  it('clamp to the month’s end: 31 January gives 30 April, 30 November gives 29 February', () => {
    assert.equal(deadlines(visited('2027-01-31'), '2027-02-01')[0]?.dueBy, '2027-04-30');
    assert.deepEqual(
      deadlines(visited('2027-11-30'), '2027-12-01').map((d) => [d.opensOn, d.dueBy]),
      [
        ['2027-11-30', '2028-02-29'],
        ['2027-11-30', '2028-02-29'],
        ['2028-09-30', '2028-11-30'],
      ],
    );
    assert.equal(deadlines(visited('2028-02-29'), '2028-03-01')[2]?.dueBy, '2029-02-28');
    assert.equal(deadlines(visited('2026-11-30'), '2026-12-01')[0]?.dueBy, '2027-02-28');
  });

  it('are met on the day, late the day after, overdue only past the day', () => {
    const on = (published: string) =>
      deadlines(visited('2027-03-12', { reportPublishedOn: published }), '2027-07-01')[0]?.status;
    assert.deepEqual(on('2027-06-12'), { state: 'met', on: '2027-06-12', late: false });
    assert.deepEqual(on('2027-06-13'), { state: 'met', on: '2027-06-13', late: true });
    const report = (today: string) => deadlines(visited('2027-03-12'), today)[0]?.status;
    assert.deepEqual(report('2027-06-12'), { state: 'due' });
    assert.deepEqual(report('2027-06-13'), { state: 'overdue', daysOverdue: 1 });
    assert.deepEqual(report('2027-07-13'), { state: 'overdue', daysOverdue: 31 });
  });

  it('open the progress review at ten months and make it overdue after twelve', () => {
    const review = (today: string, held: string | null = null) =>
      deadlines(visited('2027-03-12', { progressReviewOn: held }), today)[2]?.status;
    assert.deepEqual(review('2028-01-11'), { state: 'upcoming' });
    assert.deepEqual(review('2028-01-12'), { state: 'due' });
    assert.deepEqual(review('2028-03-12'), { state: 'due' });
    assert.deepEqual(review('2028-03-13'), { state: 'overdue', daysOverdue: 1 });
    assert.deepEqual(review('2028-06-01', '2028-02-01'), {
      state: 'met',
      on: '2028-02-01',
      late: false,
    });
  });

  it('owe no progress review for a progress review, and nothing unmet once cancelled', () => {
    assert.deepEqual(
      deadlines(visited('2027-03-12', {}, 'progress-review'), '2027-04-01').map((d) => d.kind),
      ['report', 'action-plan'],
    );
    const cancelled = visited('2027-03-12', {
      state: 'cancelled',
      reason: 'Council in intervention',
      reportPublishedOn: '2027-05-01',
    });
    assert.deepEqual(dues(cancelled, '2028-06-01'), [
      ['report', '2027-03-12', '2027-06-12', { state: 'met', on: '2027-05-01', late: false }],
    ]);
  });

  it('give reminder days 14 and 3 days before, and owe them only while unmet', () => {
    const facts = visited('2027-03-12');
    assert.deepEqual(deadlines(facts, '2027-03-12')[0]?.reminders, ['2027-05-29', '2027-06-09']);
    assert.deepEqual(deadlines(facts, '2027-03-12')[2]?.reminders, ['2028-02-27', '2028-03-09']);
    assert.deepEqual(
      remindersDue(facts, '2027-05-29').map((d) => d.kind),
      ['report', 'action-plan'],
    );
    assert.deepEqual(
      remindersDue({ ...facts, reportPublishedOn: '2027-05-20' }, '2027-05-29').map((d) => d.kind),
      ['action-plan'],
    );
    assert.deepEqual(remindersDue(facts, '2027-05-30'), []);
    const weekly = { ...deadlineRules, remindDaysBefore: [7] };
    assert.deepEqual(deadlines(facts, '2027-03-12', weekly)[0]?.reminders, ['2027-06-05']);
  });

  it('refuse rules whose progress review opens after it is due', () => {
    const parsed = deadlineRulesSchema.safeParse({
      ...deadlineRules,
      progressReviewOpensMonths: 13,
    });
    assert.equal(parsed.success, false);
  });

  it('hold on 2,000 random visits and days (seed 11)', () => {
    const random = seededRandom(11);
    const pick = (from: string, span: number) =>
      random() < 0.5 ? null : addDays(from, Math.floor(random() * span));
    for (let i = 0; i < 2000; i++) {
      const lastDay = addDays('2011-04-01', Math.floor(random() * 6000));
      const facts = visited(lastDay, {
        reportPublishedOn: pick(lastDay, 200),
        progressReviewOn: pick(lastDay, 500),
      });
      const today = addDays(lastDay, Math.floor(random() * 600));
      const [report, , review] = deadlines(facts, today);
      const context = `visit ${lastDay}, today ${today}`;
      assert.ok(
        daysBetween(lastDay, report!.dueBy) >= 89 && daysBetween(lastDay, report!.dueBy) <= 92,
        context,
      );
      assert.ok(
        daysBetween(lastDay, review!.opensOn) >= 303 && daysBetween(lastDay, review!.dueBy) <= 366,
        context,
      );
      for (const [deadline, met] of [
        [report!, facts.reportPublishedOn],
        [review!, facts.progressReviewOn],
      ] as const) {
        assert.equal(deadline.status.state === 'met', met !== null, context);
        assert.equal(
          deadline.status.state === 'overdue',
          met === null && today > deadline.dueBy,
          context,
        );
        assert.ok(
          deadline.reminders.every((day) => day > lastDay && day < deadline.dueBy),
          context,
        );
      }
    }
  });
});
