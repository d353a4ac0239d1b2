import { z } from 'zod';
import { isIsoDate } from './dates.ts';
import { challengeStates, challengeTypes } from './vocabulary.ts';

// isIsoDate, not Date parsing: zod runs every check, so a refinement must answer for any text.
const day = z.string().refine(isIsoDate, { error: 'must be a real date, such as 2017-09-30' });

/** A programme year: the financial year a challenge counts in, written 2012-13. */
export const programmeYear = z
  .string()
  .regex(/^\d{4}-\d{2}$/, { error: 'must be a financial year such as 2012-13' })
  .refine((text) => (Number(text.slice(0, 4)) + 1) % 100 === Number(text.slice(5)), {
    error: 'must be two consecutive years, such as 2012-13',
  });

/** The query of GET /api/v1/peer-challenge/figures and of the /peer-challenge/figures page. */
export const figuresQuery = z
  .object({
    year: programmeYear.optional(),
    asAt: day.optional(),
    format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).optional(),
  })
  .strict();
export type FiguresQuery = z.infer<typeof figuresQuery>;

const span = z
  .object({ start: day, end: day })
  .strict()
  .refine((s) => s.end >= s.start, { error: 'must end on or after the day it starts' });

/**
 * A challenge as the programme team records it: where it stands now and every change of state
 * that brought it there, dated, oldest first (the first is the state it was requested in).
 */
export const challengeInput = z
  .object({
    type: z.enum(challengeTypes, { error: 'Choose the type of challenge' }),
    areaCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^E\d{8}$/, { error: 'must be the GSS code of an English council' }),
    programmeYear,
    window: span.nullable().default(null),
    onSite: span.nullable().default(null),
    managerUserId: z.number().int().positive().nullable().default(null),
    stateReason: z.string().trim().min(1).max(2_000).nullable().default(null),
    transitions: z
      .array(
        z
          .object({
            to: z.enum(challengeStates),
            on: day,
            reason: z.string().trim().min(1).max(2_000).nullable().default(null),
          })
          .strict(),
      )
      .min(1, { error: 'A challenge needs the state it was requested in' })
      .max(50),
  })
  .strict()
  .refine(
    (c) => c.transitions.every((t, i) => i === 0 || t.on >= (c.transitions[i - 1]?.on ?? '')),
    {
      error: 'Each change of state must be dated on or after the one before',
      path: ['transitions'],
    },
  );
export type ChallengeInput = z.input<typeof challengeInput>;
