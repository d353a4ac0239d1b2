import { z } from 'zod';
import { formatDate } from '../shared/format.ts';
import type { IsoDate } from './dates.ts';
import type { DeadlineStatus } from './deadlines.ts';
import type { ChallengeEventKind, Problem } from './lifecycle.ts';
import { programmeYear } from './peer-challenge.schema.ts';
import { challengeStates, challengeTypes } from './vocabulary.ts';

/*
 * The challenge manager's forms as pure rules (issue 20): what the list's filters, the request
 * form and each event's form accept, how the state machine's problems name the page's fields,
 * and how a deadline's status is said. The pages ask the service; the wording lives here.
 */

/** A filter the form sends empty means "any". */
const anyOr = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const listQuery = z
  .object({
    year: anyOr(programmeYear),
    state: anyOr(z.enum(challengeStates, { error: 'must be a state of a challenge' })),
    type: anyOr(z.enum(challengeTypes, { error: 'must be a type of challenge' })),
    overdue: anyOr(z.literal('yes', { error: 'must be yes' })),
    page: anyOr(z.coerce.number().int().positive().max(10_000)),
  })
  .strict();

const dayText = z.string().trim();

export const requestForm = z.object({
  type: z.enum(challengeTypes, { error: 'Choose the type of challenge' }),
  council: z.string().trim().min(1, { error: 'Enter the council, by its name or GSS code' }),
  programmeYear: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}$/, { error: 'Enter the programme year, such as 2027-28' })
    .refine((text) => (Number(text.slice(0, 4)) + 1) % 100 === Number(text.slice(5)), {
      error: 'The programme year must be two years in a row, such as 2027-28',
    }),
  on: dayText.min(1, { error: 'Enter the date the challenge was requested' }),
  windowFrom: dayText.default(''),
  windowTo: dayText.default(''),
});
export type RequestForm = z.infer<typeof requestForm>;

/** The event a form posts: the kind, its day, and a window or a reason where it takes one. */
export const eventForm = z.object({
  kind: z.string(),
  on: dayText.default(''),
  reason: z.string().default(''),
  windowFrom: dayText.default(''),
  windowTo: dayText.default(''),
  councilUrl: z.string().default(''),
});
export type EventForm = z.infer<typeof eventForm>;

/** Whether a link is a whole https address, as a council's published copy must be. */
function isHttps(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The link a publishing form may give to the council's own published copy: null if none. */
export const councilUrl = z
  .string()
  .trim()
  .max(2000, { error: 'The link must be 2,000 characters or fewer' })
  .refine((text) => text === '' || isHttps(text), {
    error: 'Enter the link as a whole address starting https://, or leave it empty',
  })
  .transform((text) => (text === '' ? null : text));

/** The event as the state machine reads it, from what its form posted. */
export function eventOf(form: EventForm): Record<string, unknown> {
  const event: Record<string, unknown> = { kind: form.kind, on: form.on };
  if (form.kind === 'book-window') event.window = { from: form.windowFrom, to: form.windowTo };
  if (form.kind === 'cancel' || form.kind === 'postpone') event.reason = form.reason;
  return event;
}

/** The state machine's name for a field ('window.from') as a form's ('windowFrom'). */
const formField: Record<string, string> = {
  on: 'on',
  reason: 'reason',
  'window.from': 'windowFrom',
  'window.to': 'windowTo',
  window: 'windowFrom',
  councilUrl: 'councilUrl',
};

/**
 * A problem's field as the id of the input on the request page (`prefix` ''), or on the
 * challenge page, where each event's form prefixes its fields with its kind. A missing window
 * links to the form that books one, a missing document to the documents; a problem with the
 * event itself, to the page's top.
 */
export function problemField(problem: Problem, prefix: ChallengeEventKind | ''): string {
  // No document to publish: the documents, where it is uploaded.
  if (problem.field === 'document') return 'documents';
  const field = formField[problem.field];
  if (field === undefined) return '';
  if (prefix === '') return field;
  return problem.field === 'window' ? 'book-window-windowFrom' : `${prefix}-${field}`;
}

/** Zod's problems with an event as the state machine names them: one per field, the first. */
export function shapeProblems(issues: readonly z.core.$ZodIssue[]): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    const field = issue.path.join('.') || 'event';
    if (!problems.some((p) => p.field === field)) problems.push({ field, text: issue.message });
  }
  return problems;
}

/** How a deadline's status reads, and the GOV.UK tag colour that goes with it. */
export function statusWords(status: DeadlineStatus, opensOn: IsoDate) {
  switch (status.state) {
    case 'met':
      return {
        text: `Met on ${formatDate(status.on)}${status.late ? ' (late)' : ''}`,
        tag: status.late ? 'govuk-tag--yellow' : 'govuk-tag--green',
      };
    case 'overdue': {
      const days = status.daysOverdue === 1 ? '1 day' : `${status.daysOverdue} days`;
      return { text: `Overdue by ${days}`, tag: 'govuk-tag--red' };
    }
    case 'due':
      return { text: 'Due', tag: 'govuk-tag--blue' };
    case 'upcoming':
      return { text: `Upcoming, from ${formatDate(opensOn)}`, tag: 'govuk-tag--grey' };
  }
}
