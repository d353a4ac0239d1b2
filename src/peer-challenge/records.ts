import type { ChallengeFacts } from './lifecycle.ts';
import type { ChallengeState, ChallengeType } from './vocabulary.ts';

/*
 * A challenge as recorded (its row and its dated changes of state) read as the facts the state
 * machine and the deadlines judge, and the facts written back as the row's columns: a pure
 * mapping, so that what is stored and what is judged cannot drift apart.
 */

export interface ChallengeRecord {
  type: ChallengeType;
  state: ChallengeState;
  window_start: string | null;
  window_end: string | null;
  on_site_start: string | null;
  on_site_end: string | null;
  state_reason: string | null;
}

export interface RecordedTransition {
  from_state: ChallengeState | null;
  to_state: ChallengeState;
  on_date: string;
}

/** The day of the latest change into `state`, or null if it never entered it. */
function lastInto(transitions: readonly RecordedTransition[], state: ChallengeState) {
  return transitions.findLast((t) => t.to_state === state) ?? null;
}

/** The facts of a recorded challenge; its transitions oldest first, the first its request. */
export function factsOf(
  record: ChallengeRecord,
  transitions: readonly RecordedTransition[],
): ChallengeFacts {
  const first = transitions[0];
  const last = transitions.at(-1);
  if (!first || !last) throw new Error('a recorded challenge has at least its request');
  return {
    type: record.type,
    state: record.state,
    since: last.on_date,
    requestedOn: first.on_date,
    window:
      record.window_start && record.window_end
        ? { from: record.window_start, to: record.window_end }
        : null,
    // Days on site recorded ahead of a visit are a plan, not a fact: only a team that arrived
    // has a visit, from which the deadlines count.
    visit:
      record.on_site_start && lastInto(transitions, 'on-site')
        ? { firstDay: record.on_site_start, lastDay: record.on_site_end }
        : null,
    reportPublishedOn: lastInto(transitions, 'report-published')?.on_date ?? null,
    actionPlanPublishedOn: lastInto(transitions, 'action-plan-published')?.on_date ?? null,
    progressReviewOn: lastInto(transitions, 'progress-review')?.on_date ?? null,
    reason: record.state_reason,
    postponedFrom:
      record.state === 'postponed'
        ? (lastInto(transitions, 'postponed')?.from_state ?? null)
        : null,
  };
}

/** The columns the facts set. */
export function columnsOf(facts: ChallengeFacts) {
  return {
    state: facts.state,
    window_start: facts.window?.from ?? null,
    window_end: facts.window?.to ?? null,
    on_site_start: facts.visit?.firstDay ?? null,
    on_site_end: facts.visit?.lastDay ?? null,
    state_reason: facts.reason,
  };
}
