import { z } from 'zod';
import { challengeType } from './challenge-types.ts';
import { addDays, addMonths, daysBetween, type IsoDate } from './dates.ts';
import type { ChallengeFacts } from './lifecycle.ts';

/*
 * A challenge's deadlines (issue 20), counted from the visit's last day (the day the team gives
 * its feedback): the report and the action plan published within three months, the progress
 * review held within about ten to twelve months. Months are added by the same day of the month,
 * clamped to the month's last day (see addMonths): a visit ending 30 November 2027 owes its
 * report by 29 February 2028. A deadline met on its day is met on time.
 */

export const deadlineRulesSchema = z
  .object({
    reportMonths: z.number().int().positive(),
    actionPlanMonths: z.number().int().positive(),
    /** The progress review is due from this many months after the visit… */
    progressReviewOpensMonths: z.number().int().positive(),
    /** …and overdue after this many. */
    progressReviewDueMonths: z.number().int().positive(),
    /** Days before each deadline on which a reminder is sent while it is not met. */
    remindDaysBefore: z.array(z.number().int().positive()).min(1),
  })
  .strict()
  .refine((rules) => rules.progressReviewOpensMonths <= rules.progressReviewDueMonths, {
    path: ['progressReviewOpensMonths'],
    message: 'the progress review cannot open after it is due',
  });
export type DeadlineRules = z.infer<typeof deadlineRulesSchema>;

export const deadlineRules: DeadlineRules = deadlineRulesSchema.parse({
  reportMonths: 3,
  actionPlanMonths: 3,
  progressReviewOpensMonths: 10,
  progressReviewDueMonths: 12,
  remindDaysBefore: [14, 3],
});

export const deadlineKinds = ['report', 'action-plan', 'progress-review'] as const;
export type DeadlineKind = (typeof deadlineKinds)[number];

/**
 * Where a deadline stands on a day: upcoming (a progress review whose window has not opened),
 * due, met (on a day, late if after the deadline) or overdue (by so many days).
 */
export type DeadlineStatus =
  | { state: 'upcoming' }
  | { state: 'due' }
  | { state: 'met'; on: IsoDate; late: boolean }
  | { state: 'overdue'; daysOverdue: number };

export interface Deadline {
  kind: DeadlineKind;
  title: string;
  /** The first day it is due: the visit's last day, or for the progress review its window. */
  opensOn: IsoDate;
  dueBy: IsoDate;
  status: DeadlineStatus;
  /** The days reminders fall on, earliest first, whether or not they will be needed. */
  reminders: IsoDate[];
}

function status(
  opensOn: IsoDate,
  dueBy: IsoDate,
  met: IsoDate | null,
  today: IsoDate,
): DeadlineStatus {
  if (met !== null) return { state: 'met', on: met, late: met > dueBy };
  if (today > dueBy) return { state: 'overdue', daysOverdue: daysBetween(dueBy, today) };
  return today < opensOn ? { state: 'upcoming' } : { state: 'due' };
}

/**
 * The challenge's deadlines on a day: none until feedback is given; the progress review's only
 * for types followed by one; a cancelled challenge keeps only those it met.
 */
export function deadlines(
  facts: ChallengeFacts,
  today: IsoDate,
  rules: DeadlineRules = deadlineRules,
): Deadline[] {
  const lastDay = facts.visit?.lastDay;
  if (!lastDay) return [];
  const owed: (Omit<Deadline, 'status' | 'reminders'> & { met: IsoDate | null })[] = [
    {
      kind: 'report',
      title: `Report published within ${rules.reportMonths} months of the visit`,
      opensOn: lastDay,
      dueBy: addMonths(lastDay, rules.reportMonths),
      met: facts.reportPublishedOn,
    },
    {
      kind: 'action-plan',
      title: `Action plan published within ${rules.actionPlanMonths} months of the visit`,
      opensOn: lastDay,
      dueBy: addMonths(lastDay, rules.actionPlanMonths),
      met: facts.actionPlanPublishedOn,
    },
  ];
  if (challengeType(facts.type).progressReviewFollows)
    owed.push({
      kind: 'progress-review',
      title: `Progress review ${rules.progressReviewOpensMonths} to ${rules.progressReviewDueMonths} months after the visit`,
      opensOn: addMonths(lastDay, rules.progressReviewOpensMonths),
      dueBy: addMonths(lastDay, rules.progressReviewDueMonths),
      met: facts.progressReviewOn,
    });
  const reminderDays = [...rules.remindDaysBefore].sort((a, b) => b - a);
  return owed
    .filter(({ met }) => facts.state !== 'cancelled' || met !== null)
    .map(({ met, ...deadline }) => ({
      ...deadline,
      status: status(deadline.opensOn, deadline.dueBy, met, today),
      reminders: reminderDays
        .map((days) => addDays(deadline.dueBy, -days))
        .filter((day) => day > lastDay),
    }));
}

/** The deadlines a reminder is owed for on a day: not yet met, with a reminder falling on it. */
export function remindersDue(
  facts: ChallengeFacts,
  today: IsoDate,
  rules: DeadlineRules = deadlineRules,
): Deadline[] {
  return deadlines(facts, today, rules).filter(
    (deadline) => deadline.status.state !== 'met' && deadline.reminders.includes(today),
  );
}
