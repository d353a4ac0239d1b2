import { z } from 'zod';
import { formatDate } from '../shared/format.ts';
import { challengeType } from './challenge-types.ts';
import { addDays, isIsoDate, isoDate, type IsoDate } from './dates.ts';
import { challengeTypes, type ChallengeState, type ChallengeType } from './vocabulary.ts';

/*
 * A challenge's life (issue 20) as a pure state machine: each event is checked against the
 * challenge's facts and either moves it on or is refused with problems in plain words, named by
 * the form field they concern, ready for a GOV.UK error summary. Persistence stores the facts
 * and audits each accepted event; nothing here reads a clock or a database.
 *
 * Postponing is for the visit: a challenge may be postponed until its visit ends (from requested
 * to on site, since a visit can be cut short). After the feedback the visit has happened, and a
 * late report or progress review shows as an overdue deadline instead. A postponed challenge
 * resumes at scoping, because new dates need a new conversation with the council and a team
 * chosen for them, or at requested if it was postponed before scoping began. Resuming clears the
 * booked window and any visit. Cancelling is possible from every state but closed and cancelled.
 */

export interface DateWindow {
  from: IsoDate;
  to: IsoDate;
}

export interface ChallengeFacts {
  type: ChallengeType;
  state: ChallengeState;
  /** The day the challenge entered its state: no later event may be dated before it. */
  since: IsoDate;
  requestedOn: IsoDate;
  /** The window booked for the visit, if any: the team is chosen for it. */
  window: DateWindow | null;
  /** The visit: its first day once the team arrives, its last once feedback is given. */
  visit: { firstDay: IsoDate; lastDay: IsoDate | null } | null;
  reportPublishedOn: IsoDate | null;
  actionPlanPublishedOn: IsoDate | null;
  /** The first day of the progress review's visit. */
  progressReviewOn: IsoDate | null;
  /** Why the challenge was cancelled or postponed, while it is. */
  reason: string | null;
  /** The state a postponed challenge left, which decides where it resumes. */
  postponedFrom: ChallengeState | null;
}

const dated = { on: isoDate };
const reason = { ...dated, reason: z.string() };
const window = z.object({ from: isoDate, to: isoDate }).strict();

/** Each event as a form posts it; `on` is the day it happened (see eventTitles for what). */
export const challengeEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('book-window'), ...dated, window }).strict(),
  z.object({ kind: z.literal('start-scoping'), ...dated }).strict(),
  z.object({ kind: z.literal('receive-position-statement'), ...dated }).strict(),
  z.object({ kind: z.literal('assemble-team'), ...dated }).strict(),
  z.object({ kind: z.literal('arrive-on-site'), ...dated }).strict(),
  z.object({ kind: z.literal('give-feedback'), ...dated }).strict(),
  z.object({ kind: z.literal('draft-report'), ...dated }).strict(),
  z.object({ kind: z.literal('publish-report'), ...dated }).strict(),
  z.object({ kind: z.literal('publish-action-plan'), ...dated }).strict(),
  z.object({ kind: z.literal('hold-progress-review'), ...dated }).strict(),
  z.object({ kind: z.literal('close'), ...dated }).strict(),
  z.object({ kind: z.literal('cancel'), ...reason }).strict(),
  z.object({ kind: z.literal('postpone'), ...reason }).strict(),
  z.object({ kind: z.literal('resume'), ...dated }).strict(),
]);
export type ChallengeEvent = z.infer<typeof challengeEvent>;
export type ChallengeEventKind = ChallengeEvent['kind'];

export const challengeRequest = z
  .object({ type: z.enum(challengeTypes), on: isoDate, window: window.optional() })
  .strict();
export type ChallengeRequest = z.infer<typeof challengeRequest>;

/**
 * A problem with an event, named by its field: on, reason, window.from, window.to, window (no
 * window booked) or event (not possible in the challenge's state).
 */
export interface Problem {
  field: string;
  text: string;
}
export type TransitionResult =
  { ok: true; next: ChallengeFacts } | { ok: false; problems: Problem[] };

export const stateTitles: Record<ChallengeState, string> = {
  requested: 'Requested',
  scoping: 'Scoping',
  'position-statement-received': 'Position statement received',
  'team-assembled': 'Team assembled',
  'on-site': 'On site',
  'feedback-given': 'Feedback given',
  'report-drafted': 'Report drafted',
  'report-published': 'Report published',
  'action-plan-published': 'Action plan published',
  'progress-review': 'Progress review held',
  closed: 'Closed',
  cancelled: 'Cancelled',
  postponed: 'Postponed',
};

/** What each event does, and so what its date is: the page's button and the audit's words. */
export const eventTitles: Record<ChallengeEventKind, string> = {
  'book-window': 'Book a window for the visit',
  'start-scoping': 'Start scoping',
  'receive-position-statement': 'Receive the position statement',
  'assemble-team': 'Confirm the team',
  'arrive-on-site': 'Start the visit (first day on site)',
  'give-feedback': 'Give feedback (last day on site)',
  'draft-report': 'Draft the report',
  'publish-report': 'Publish the report',
  'publish-action-plan': 'Publish the action plan',
  'hold-progress-review': 'Hold the progress review (first day)',
  close: 'Close the challenge',
  cancel: 'Cancel the challenge',
  postpone: 'Postpone the challenge',
  resume: 'Resume the challenge',
};

type Forward = Exclude<ChallengeEventKind, 'book-window' | 'cancel' | 'postpone' | 'resume'>;

/** The life in order: each forward event and the state it leads from and to. */
const forward: Record<Forward, { from: ChallengeState; to: ChallengeState }> = {
  'start-scoping': { from: 'requested', to: 'scoping' },
  'receive-position-statement': { from: 'scoping', to: 'position-statement-received' },
  'assemble-team': { from: 'position-statement-received', to: 'team-assembled' },
  'arrive-on-site': { from: 'team-assembled', to: 'on-site' },
  'give-feedback': { from: 'on-site', to: 'feedback-given' },
  'draft-report': { from: 'feedback-given', to: 'report-drafted' },
  'publish-report': { from: 'report-drafted', to: 'report-published' },
  'publish-action-plan': { from: 'report-published', to: 'action-plan-published' },
  'hold-progress-review': { from: 'action-plan-published', to: 'progress-review' },
  close: { from: 'progress-review', to: 'closed' },
};

const windowBookable: readonly ChallengeState[] = [
  'requested',
  'scoping',
  'position-statement-received',
];
const postponable: readonly ChallengeState[] = [...windowBookable, 'team-assembled', 'on-site'];
export const finalStates: readonly ChallengeState[] = ['closed', 'cancelled'];

/** The longest visit accepted, first day to last: a five-day visit spread over a weekend fits. */
export const longestVisitDays = 14;

/** The events a challenge of a type may take in a state, in the order a page offers them. */
export function allowedEvents(state: ChallengeState, type: ChallengeType): ChallengeEventKind[] {
  const events: ChallengeEventKind[] = [];
  const skipsReview = !challengeType(type).progressReviewFollows;
  for (const [kind, move] of Object.entries(forward) as [Forward, (typeof forward)[Forward]][])
    if (move.from === state && !(skipsReview && kind === 'hold-progress-review')) events.push(kind);
  if (skipsReview && state === 'action-plan-published') events.push('close');
  if (windowBookable.includes(state)) events.push('book-window');
  if (state === 'postponed') events.push('resume');
  if (postponable.includes(state)) events.push('postpone');
  if (!finalStates.includes(state)) events.push('cancel');
  return events;
}

const refuse = (problems: Problem[]): TransitionResult => ({ ok: false, problems });

/** Problems with the day an event is dated: a real date, not before the last step, not after today. */
function dateProblems(on: string, last: ChallengeFacts | null, today?: IsoDate): Problem[] {
  if (!isIsoDate(on)) return [{ field: 'on', text: 'Enter a real date, such as 2027-03-14' }];
  if (last !== null && on < last.since)
    return [
      {
        field: 'on',
        text: `The date must be on or after ${formatDate(last.since)}, when the challenge reached ‘${stateTitles[last.state]}’`,
      },
    ];
  if (today !== undefined && on > today)
    return [{ field: 'on', text: 'The date must be today or in the past' }];
  return [];
}

function windowProblems(booked: DateWindow, on: string): Problem[] {
  const problems: Problem[] = [];
  if (!isIsoDate(booked.from))
    problems.push({
      field: 'window.from',
      text: 'Enter the first day of the window as a real date',
    });
  if (!isIsoDate(booked.to))
    problems.push({ field: 'window.to', text: 'Enter the last day of the window as a real date' });
  if (problems.length > 0) return problems;
  if (isIsoDate(on) && booked.from < on)
    problems.push({
      field: 'window.from',
      text: 'The window must start on or after the day it is booked',
    });
  if (booked.to < booked.from)
    problems.push({
      field: 'window.to',
      text: 'The window must end on or after the day it starts',
    });
  return problems;
}

function reasonProblems(text: string, doing: string): Problem[] {
  if (text.trim() === '') return [{ field: 'reason', text: `Enter the reason for ${doing}` }];
  if (text.trim().length > 2000)
    return [{ field: 'reason', text: 'The reason must be 2,000 characters or fewer' }];
  return [];
}

/** The visit's dates against the booked window and the longest visit. */
function visitProblems(facts: ChallengeFacts, event: ChallengeEvent): Problem[] {
  const booked = facts.window;
  if (event.kind === 'assemble-team' && booked === null)
    return [{ field: 'window', text: 'Book a window for the visit before confirming the team' }];
  if (event.kind === 'arrive-on-site') {
    if (booked === null)
      return [{ field: 'window', text: 'Book a window for the visit before it starts' }];
    if (event.on < booked.from || event.on > booked.to)
      return [
        {
          field: 'on',
          text: `The first day on site must be within the booked window, ${formatDate(booked.from)} to ${formatDate(booked.to)}`,
        },
      ];
  }
  if (event.kind === 'give-feedback' && booked !== null && event.on > booked.to)
    return [
      {
        field: 'on',
        text: `The last day on site must be within the booked window, by ${formatDate(booked.to)}`,
      },
    ];
  if (event.kind === 'give-feedback' && facts.visit !== null) {
    const latest = addDays(facts.visit.firstDay, longestVisitDays - 1);
    if (event.on > latest)
      return [
        {
          field: 'on',
          text: `The last day on site must be within two weeks of the first, by ${formatDate(latest)}`,
        },
      ];
  }
  return [];
}

/** Problems with the rest of an event; the visit's dates are only compared once `on` is good. */
function eventProblems(facts: ChallengeFacts, event: ChallengeEvent, dateOk: boolean): Problem[] {
  switch (event.kind) {
    case 'book-window':
      return windowProblems(event.window, event.on);
    case 'cancel':
      return reasonProblems(event.reason, 'cancelling the challenge');
    case 'postpone':
      return reasonProblems(event.reason, 'postponing the challenge');
    default:
      return dateOk ? visitProblems(facts, event) : [];
  }
}

/** The facts after an event that has passed every check. */
function apply(facts: ChallengeFacts, event: ChallengeEvent): ChallengeFacts {
  const on = event.on;
  switch (event.kind) {
    case 'book-window':
      return { ...facts, window: { ...event.window } };
    case 'cancel':
      return { ...facts, state: 'cancelled', since: on, reason: event.reason.trim() };
    case 'postpone':
      return {
        ...facts,
        state: 'postponed',
        since: on,
        reason: event.reason.trim(),
        postponedFrom: facts.state,
      };
    case 'resume': {
      const state = facts.postponedFrom === 'requested' ? 'requested' : 'scoping';
      return {
        ...facts,
        state,
        since: on,
        reason: null,
        postponedFrom: null,
        window: null,
        visit: null,
      };
    }
    case 'close':
      return { ...facts, state: 'closed', since: on };
    default:
      return { ...facts, ...recorded(facts, event), state: forward[event.kind].to, since: on };
  }
}

/** What a forward event records beyond its state and date. */
function recorded(facts: ChallengeFacts, event: ChallengeEvent): Partial<ChallengeFacts> {
  switch (event.kind) {
    case 'arrive-on-site':
      return { visit: { firstDay: event.on, lastDay: null } };
    case 'give-feedback':
      return { visit: { firstDay: facts.visit?.firstDay ?? event.on, lastDay: event.on } };
    case 'publish-report':
      return { reportPublishedOn: event.on };
    case 'publish-action-plan':
      return { actionPlanPublishedOn: event.on };
    case 'hold-progress-review':
      return { progressReviewOn: event.on };
    default:
      return {};
  }
}

/**
 * Moves a challenge on by one event, or says in plain words why not. Given today, an event
 * dated in the future is refused (a window may still be booked for the future).
 */
export function transition(
  facts: ChallengeFacts,
  event: ChallengeEvent,
  today?: IsoDate,
): TransitionResult {
  if (!allowedEvents(facts.state, facts.type).includes(event.kind))
    return refuse([
      {
        field: 'event',
        text: `‘${eventTitles[event.kind]}’ is not possible while the challenge is at ‘${stateTitles[facts.state]}’`,
      },
    ]);
  const dateWrong = dateProblems(event.on, facts, today);
  const problems = [...dateWrong, ...eventProblems(facts, event, dateWrong.length === 0)];
  return problems.length > 0 ? refuse(problems) : { ok: true, next: apply(facts, event) };
}

/** A new challenge, requested on a day, with its window if one is booked with the request. */
export function requestChallenge(request: ChallengeRequest, today?: IsoDate): TransitionResult {
  const problems = dateProblems(request.on, null, today);
  if (request.window) problems.push(...windowProblems(request.window, request.on));
  if (problems.length > 0) return refuse(problems);
  return {
    ok: true,
    next: {
      type: request.type,
      state: 'requested',
      since: request.on,
      requestedOn: request.on,
      window: request.window ? { ...request.window } : null,
      visit: null,
      reportPublishedOn: null,
      actionPlanPublishedOn: null,
      progressReviewOn: null,
      reason: null,
      postponedFrom: null,
    },
  };
}
