import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../comparison/seeded-random.ts';
import { addDays } from './dates.ts';
import { deadlines } from './deadlines.ts';
import {
  allowedEvents,
  challengeEvent,
  requestChallenge,
  transition,
  type ChallengeEvent,
  type ChallengeEventKind,
  type ChallengeFacts,
  type TransitionResult,
} from './lifecycle.ts';
import {
  challengeStates,
  challengeTypes,
  type ChallengeState,
  type ChallengeType,
} from './vocabulary.ts';

const next = (result: TransitionResult): ChallengeFacts => {
  if (!result.ok) assert.fail(JSON.stringify(result.problems));
  return result.next;
};
const problems = (result: TransitionResult) => (result.ok ? [] : result.problems);

const requested = (type: ChallengeType = 'corporate-peer-challenge') =>
  next(requestChallenge({ type, on: '2027-01-10' }));

/** A corporate peer challenge taken along its whole life, with the facts at each step. */
function walk(type: ChallengeType = 'corporate-peer-challenge', upTo = 11): ChallengeFacts[] {
  const events: ChallengeEvent[] = [
    { kind: 'book-window', on: '2027-01-12', window: { from: '2027-03-01', to: '2027-03-31' } },
    { kind: 'start-scoping', on: '2027-01-20' },
    { kind: 'receive-position-statement', on: '2027-02-10' },
    { kind: 'assemble-team', on: '2027-02-15' },
    { kind: 'arrive-on-site', on: '2027-03-09' },
    { kind: 'give-feedback', on: '2027-03-12' },
    { kind: 'draft-report', on: '2027-04-02' },
    { kind: 'publish-report', on: '2027-05-20' },
    { kind: 'publish-action-plan', on: '2027-06-01' },
    { kind: 'hold-progress-review', on: '2028-01-18' },
    { kind: 'close', on: '2028-03-01' },
  ];
  const steps = [requested(type)];
  for (const event of events.slice(0, upTo)) steps.push(next(transition(steps.at(-1)!, event)));
  return steps;
}

describe('a challenge’s life', () => {
  it('runs from requested to closed, recording the visit and publications', () => {
    const steps = walk();
    assert.deepEqual(
      steps.map((s) => s.state),
      [
        'requested',
        'requested',
        'scoping',
        'position-statement-received',
        'team-assembled',
        'on-site',
        'feedback-given',
        'report-drafted',
        'report-published',
        'action-plan-published',
        'progress-review',
        'closed',
      ],
    );
    const closed = steps.at(-1)!;
    assert.deepEqual(closed.visit, { firstDay: '2027-03-09', lastDay: '2027-03-12' });
    assert.equal(closed.reportPublishedOn, '2027-05-20');
    assert.equal(closed.actionPlanPublishedOn, '2027-06-01');
    assert.equal(closed.progressReviewOn, '2028-01-18');
    assert.equal(closed.since, '2028-03-01');
    assert.equal(steps[1]!.since, '2027-01-10', 'booking a window is no step of the life');
  });

  it('offers each state its events, with close after the action plan only without a review', () => {
    assert.deepEqual(allowedEvents('requested', 'corporate-peer-challenge'), [
      'start-scoping',
      'book-window',
      'postpone',
      'cancel',
    ]);
    assert.deepEqual(allowedEvents('on-site', 'corporate-peer-challenge'), [
      'give-feedback',
      'postpone',
      'cancel',
    ]);
    assert.deepEqual(allowedEvents('feedback-given', 'health'), ['draft-report', 'cancel']);
    assert.deepEqual(allowedEvents('action-plan-published', 'corporate-peer-challenge'), [
      'hold-progress-review',
      'cancel',
    ]);
    assert.deepEqual(allowedEvents('action-plan-published', 'progress-review'), [
      'close',
      'cancel',
    ]);
    assert.deepEqual(allowedEvents('postponed', 'send'), ['resume', 'cancel']);
    assert.deepEqual(allowedEvents('closed', 'send'), []);
    assert.deepEqual(allowedEvents('cancelled', 'send'), []);
  });

  it('closes a progress review challenge after its action plan', () => {
    const steps = walk('progress-review', 9);
    const closed = next(transition(steps.at(-1)!, { kind: 'close', on: '2027-06-02' }));
    assert.equal(closed.state, 'closed');
    assert.equal(
      problems(transition(steps.at(-1)!, { kind: 'hold-progress-review', on: '2028-01-18' }))[0]
        ?.field,
      'event',
    );
  });

  it('refuses an event its state does not allow, in plain words', () => {
    assert.deepEqual(
      problems(transition(requested(), { kind: 'publish-report', on: '2027-02-01' })),
      [
        {
          field: 'event',
          text: '‘Publish the report’ is not possible while the challenge is at ‘Requested’',
        },
      ],
    );
    const closed = walk().at(-1)!;
    for (const kind of ['cancel', 'postpone', 'resume', 'close'] as const)
      assert.equal(problems(transition(closed, event(kind, '2028-04-01')))[0]?.field, 'event');
  });

  it('refuses a date before the last step, in the future, or not a real date', () => {
    const scoping = walk()[2]!;
    assert.deepEqual(
      problems(transition(scoping, { kind: 'receive-position-statement', on: '2027-01-19' })),
      [
        {
          field: 'on',
          text: 'The date must be on or after 20 January 2027, when the challenge reached ‘Scoping’',
        },
      ],
    );
    assert.equal(
      next(transition(scoping, { kind: 'receive-position-statement', on: '2027-01-20' })).since,
      '2027-01-20',
    );
    assert.deepEqual(
      problems(
        transition(scoping, { kind: 'receive-position-statement', on: '2027-02-02' }, '2027-02-01'),
      ),
      [{ field: 'on', text: 'The date must be today or in the past' }],
    );
    assert.deepEqual(
      problems(transition(scoping, { kind: 'receive-position-statement', on: '2027-02-29' })),
      [{ field: 'on', text: 'Enter a real date, such as 2027-03-14' }],
    );
    assert.equal(problems(requestChallenge({ type: 'send', on: '2027-13-01' }))[0]?.field, 'on');
  });

  it('refuses a window that starts before it is booked or ends before it starts', () => {
    const book = (from: string, to: string) =>
      problems(
        transition(requested(), { kind: 'book-window', on: '2027-01-10', window: { from, to } }),
      );
    assert.deepEqual(book('2027-01-09', '2027-02-01'), [
      { field: 'window.from', text: 'The window must start on or after the day it is booked' },
    ]);
    assert.deepEqual(book('2027-02-02', '2027-02-01'), [
      { field: 'window.to', text: 'The window must end on or after the day it starts' },
    ]);
    assert.equal(book('2027-02-30', '2027-03-01')[0]?.field, 'window.from');
    assert.deepEqual(book('2027-02-01', '2027-02-01'), []);
    assert.equal(
      problems(
        requestChallenge({
          type: 'send',
          on: '2027-01-10',
          window: { from: '2027-02-01', to: '2027-01-01' },
        }),
      )[0]?.field,
      'window.to',
    );
  });

  it('needs a booked window to confirm the team, and a visit that starts and ends in it', () => {
    const received = walk()[3]!;
    assert.deepEqual(
      problems(
        transition({ ...received, window: null }, { kind: 'assemble-team', on: '2027-02-15' }),
      ),
      [{ field: 'window', text: 'Book a window for the visit before confirming the team' }],
    );
    const assembled = walk()[4]!;
    assert.deepEqual(
      problems(transition(assembled, { kind: 'arrive-on-site', on: '2027-02-28' })),
      [
        {
          field: 'on',
          text: 'The first day on site must be within the booked window, 1 March 2027 to 31 March 2027',
        },
      ],
    );
    assert.equal(
      problems(transition(assembled, { kind: 'arrive-on-site', on: '2027-04-01' }))[0]?.field,
      'on',
    );
    assert.equal(
      problems(
        transition({ ...assembled, window: null }, { kind: 'arrive-on-site', on: '2027-03-02' }),
      )[0]?.field,
      'window',
    );
    const onSite = next(transition(assembled, { kind: 'arrive-on-site', on: '2027-03-29' }));
    assert.deepEqual(problems(transition(onSite, { kind: 'give-feedback', on: '2027-04-01' })), [
      {
        field: 'on',
        text: 'The last day on site must be within the booked window, by 31 March 2027',
      },
    ]);
  });

  it('refuses a last day on site more than two weeks after the first', () => {
    const onSite = walk()[5]!;
    const wide = { ...onSite, window: { from: '2027-03-01', to: '2027-05-31' } };
    assert.deepEqual(problems(transition(wide, { kind: 'give-feedback', on: '2027-03-23' })), [
      {
        field: 'on',
        text: 'The last day on site must be within two weeks of the first, by 22 March 2027',
      },
    ]);
    assert.equal(
      next(transition(wide, { kind: 'give-feedback', on: '2027-03-22' })).state,
      'feedback-given',
    );
    assert.equal(
      next(transition(wide, { kind: 'give-feedback', on: '2027-03-09' })).visit?.lastDay,
      '2027-03-09',
    );
  });

  it('needs a reason to cancel or postpone, and keeps it', () => {
    const scoping = walk()[2]!;
    for (const [kind, doing] of [
      ['cancel', 'cancelling'],
      ['postpone', 'postponing'],
    ] as const) {
      assert.deepEqual(problems(transition(scoping, { kind, on: '2027-02-01', reason: '  ' })), [
        { field: 'reason', text: `Enter the reason for ${doing} the challenge` },
      ]);
      assert.equal(
        problems(transition(scoping, { kind, on: '2027-02-01', reason: 'x'.repeat(2001) }))[0]
          ?.field,
        'reason',
      );
      assert.equal(
        next(transition(scoping, { kind, on: '2027-02-01', reason: ' Election called ' })).reason,
        'Election called',
      );
    }
  });

  it('postpones only until the visit ends, and cancels from any state that is not final', () => {
    const steps = walk();
    const postponable = steps.filter((s) => allowedEvents(s.state, s.type).includes('postpone'));
    assert.deepEqual(
      [...new Set(postponable.map((s) => s.state))],
      ['requested', 'scoping', 'position-statement-received', 'team-assembled', 'on-site'],
    );
    const cancellable = challengeStates.filter((s) =>
      allowedEvents(s, 'health').includes('cancel'),
    );
    assert.deepEqual(
      cancellable,
      challengeStates.filter((s) => s !== 'closed' && s !== 'cancelled'),
    );
  });

  it('resumes at requested if postponed before scoping, else at scoping without window or visit', () => {
    const postpone = (facts: ChallengeFacts) =>
      next(transition(facts, { kind: 'postpone', on: facts.since, reason: 'Leader resigned' }));
    const early = postpone(walk()[1]!);
    assert.equal(early.postponedFrom, 'requested');
    const resumedEarly = next(transition(early, { kind: 'resume', on: '2027-06-01' }));
    assert.equal(resumedEarly.state, 'requested');
    assert.equal(resumedEarly.window, null);
    const onSite = postpone(walk()[5]!);
    const resumed = next(transition(onSite, { kind: 'resume', on: '2027-06-01' }));
    assert.deepEqual(
      [
        resumed.state,
        resumed.window,
        resumed.visit,
        resumed.reason,
        resumed.postponedFrom,
        resumed.since,
      ],
      ['scoping', null, null, null, null, '2027-06-01'],
    );
    const cancelled = next(
      transition(onSite, { kind: 'cancel', on: '2027-04-01', reason: 'No longer wanted' }),
    );
    assert.equal(cancelled.state, 'cancelled');
  });

  it('reports every problem at once, for one error summary', () => {
    const scoping = walk()[2]!;
    assert.deepEqual(
      problems(transition(scoping, { kind: 'cancel', on: '2027-01-01', reason: '' })).map(
        (p) => p.field,
      ),
      ['on', 'reason'],
    );
    assert.deepEqual(
      problems(
        transition(scoping, {
          kind: 'book-window',
          on: 'soon',
          window: { from: 'May', to: 'June' },
        }),
      ).map((p) => p.field),
      ['on', 'window.from', 'window.to'],
    );
    assert.deepEqual(
      problems(transition(walk()[4]!, { kind: 'arrive-on-site', on: '2027-02-31' })),
      [{ field: 'on', text: 'Enter a real date, such as 2027-03-14' }],
    );
  });

  it('parses events as forms post them, and refuses unknown kinds and fields', () => {
    assert.equal(challengeEvent.safeParse({ kind: 'close', on: '2027-01-01' }).success, true);
    assert.equal(challengeEvent.safeParse({ kind: 'close', on: '2027-02-30' }).success, false);
    assert.equal(challengeEvent.safeParse({ kind: 'reopen', on: '2027-01-01' }).success, false);
    assert.equal(
      challengeEvent.safeParse({ kind: 'close', on: '2027-01-01', extra: 1 }).success,
      false,
    );
    assert.equal(challengeEvent.safeParse({ kind: 'cancel', on: '2027-01-01' }).success, false);
  });
});

const kinds = challengeEvent.options.map((o) => o.shape.kind.value);

function event(kind: ChallengeEventKind, on: string, random = seededRandom(1)): ChallengeEvent {
  switch (kind) {
    case 'book-window': {
      const from = addDays(on, Math.floor(random() * 60) - 5);
      return { kind, on, window: { from, to: addDays(from, Math.floor(random() * 40) - 3) } };
    }
    case 'cancel':
    case 'postpone':
      return { kind, on, reason: random() < 0.2 ? '' : 'A reason' };
    default:
      return { kind, on };
  }
}

/** The machine's edges written out again by hand, as the issue lists them: an oracle. */
const edges: Record<ChallengeState, ChallengeState[]> = {
  requested: ['requested', 'scoping', 'postponed', 'cancelled'],
  scoping: ['scoping', 'position-statement-received', 'postponed', 'cancelled'],
  'position-statement-received': [
    'position-statement-received',
    'team-assembled',
    'postponed',
    'cancelled',
  ],
  'team-assembled': ['on-site', 'postponed', 'cancelled'],
  'on-site': ['feedback-given', 'postponed', 'cancelled'],
  'feedback-given': ['report-drafted', 'cancelled'],
  'report-drafted': ['report-published', 'cancelled'],
  'report-published': ['action-plan-published', 'cancelled'],
  'action-plan-published': ['progress-review', 'closed', 'cancelled'],
  'progress-review': ['closed', 'cancelled'],
  postponed: ['requested', 'scoping', 'cancelled'],
  closed: [],
  cancelled: [],
};

describe('random lives (500 sequences of 30 events, seeded)', () => {
  it('never reach a state the machine does not allow, never go back in time, stay final', () => {
    const random = seededRandom(20);
    let accepted = 0;
    const reached = new Set<ChallengeState>();
    for (let sequence = 0; sequence < 500; sequence++) {
      const type = challengeTypes[Math.floor(random() * challengeTypes.length)]!;
      let facts = requested(type);
      for (let step = 0; step < 30; step++) {
        // Mostly events the state allows, rarely a cancellation, so that lives get somewhere.
        const allowed = allowedEvents(facts.state, type).filter(
          (k) => k !== 'cancel' || random() < 0.05,
        );
        const kind =
          random() < 0.8 && allowed.length > 0
            ? allowed[Math.floor(random() * allowed.length)]!
            : kinds[Math.floor(random() * kinds.length)]!;
        const candidate = event(kind, addDays(facts.since, Math.floor(random() * 30) - 3), random);
        const result = transition(facts, candidate);
        const context = `seed 20, sequence ${sequence}, step ${step}: ${facts.state} + ${JSON.stringify(candidate)}`;
        if (!result.ok) {
          assert.ok(result.problems.length > 0, context);
          continue;
        }
        accepted++;
        const after = result.next;
        reached.add(after.state);
        assert.ok(edges[facts.state].includes(after.state), context);
        assert.ok(after.since >= facts.since && candidate.on >= facts.since, context);
        assert.ok(!['closed', 'cancelled'].includes(facts.state), context);
        if (after.state === 'progress-review' || facts.state === 'progress-review')
          assert.ok(
            after.progressReviewOn !== null && after.progressReviewOn >= after.visit!.lastDay!,
            context,
          );
        if (after.visit?.lastDay) assert.ok(after.visit.lastDay >= after.visit.firstDay, context);
        if (after.reportPublishedOn)
          assert.ok(after.reportPublishedOn >= after.visit!.lastDay!, context);
        if (['postponed', 'cancelled'].includes(after.state)) assert.ok(after.reason, context);
        if (after.state === 'closed')
          assert.ok(
            deadlines(after, after.since).every((d) => d.status.state === 'met'),
            `${context}: closed with a deadline unmet`,
          );
        facts = after;
      }
    }
    assert.ok(
      accepted > 5000,
      `only ${accepted} events were accepted: the sequences explore too little`,
    );
  });
});
