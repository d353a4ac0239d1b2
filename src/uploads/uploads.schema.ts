import { z } from 'zod';
import type { PublicationChoice } from '../imports/imports.service.ts';
import { fieldError, parseForm, type FieldError, type FormValues } from '../site/forms.ts';
import { ukMoment, ukTimeText } from './london-time.ts';

export const uploadParams = z.object({ code: z.string().regex(/^[A-Za-z0-9-]{1,64}$/) });
export const pendingParams = uploadParams.extend({ id: z.string().regex(/^\d{1,9}$/) });

export const publicationStates = ['published', 'embargoed', 'restricted'] as const;

const publicationForm = z.object({
  publication: z.enum(publicationStates, { error: 'Choose when the data is published' }),
  embargoUntil: z.string().max(40).optional(),
  restrictedUntil: z.string().max(40).optional(),
  audience: z.string().max(4000, { error: 'Name fewer organisations' }).optional(),
});

/** A restriction lasts a year at most: after that the data is public unless withdrawn. */
export function latestRestrictionEnd(now: Date): Date {
  const end = new Date(now);
  end.setUTCFullYear(end.getUTCFullYear() + 1);
  return end;
}

/** The publication a steward chose, with the organisations (by code) a restriction names. */
export interface ReadPublication {
  choice: PublicationChoice;
  audience: string[];
}

export type PublicationResult =
  ({ ok: true } & ReadPublication) | { ok: false; errors: FieldError[]; values: FormValues };

/** The moment a field names, in the future (and before `latest`, when given), or its problem. */
function futureMoment(
  field: string,
  text: string | undefined,
  words: { missing: string; past: string },
  now: Date,
  latest?: Date,
): Date | FieldError {
  const at = text ? ukMoment(text) : null;
  if (at === null) return fieldError(field, words.missing);
  if (at <= now) return fieldError(field, words.past);
  if (latest && at > latest)
    return fieldError(
      field,
      `A restriction lasts at most one year: choose a date no later than ${ukTimeText(latest)}`,
    );
  return at;
}

/**
 * Reads the confirmation form: published now; embargoed until a future UK date and time; or
 * restricted to named organisations (councils by GSS code, clubs by slug) until a future date
 * at most a year away. Every problem is said at once.
 */
export function readPublication(body: unknown, now = new Date()): PublicationResult {
  const form = parseForm(publicationForm, body);
  if (!form.ok) return form;
  const { publication, embargoUntil, restrictedUntil, audience = '' } = form.value;
  const values = { publication, embargoUntil, restrictedUntil, audience } as FormValues;
  if (publication === 'published')
    return { ok: true, choice: { state: 'published' }, audience: [] };
  if (publication === 'embargoed') {
    const until = futureMoment(
      'embargoUntil',
      embargoUntil,
      {
        missing: 'Enter the date and time the embargo ends, such as 2026-12-04T09:30',
        past: 'The embargo must end in the future',
      },
      now,
    );
    return until instanceof Date
      ? { ok: true, choice: { state: 'embargoed', until }, audience: [] }
      : { ok: false, errors: [until], values };
  }
  const codes = [...new Set(audience.split(/[\s,;]+/).filter((c) => c !== ''))];
  const errors: FieldError[] = [];
  if (codes.length === 0)
    errors.push(fieldError('audience', 'Enter the organisations or clubs to share the data with'));
  if (codes.length > 50) errors.push(fieldError('audience', 'Name 50 organisations at most'));
  const until = futureMoment(
    'restrictedUntil',
    restrictedUntil,
    {
      missing: 'Enter the date the restriction ends, such as 2027-03-31',
      past: 'The restriction must end in the future',
    },
    now,
    latestRestrictionEnd(now),
  );
  if (!(until instanceof Date)) errors.push(until);
  if (errors.length > 0 || !(until instanceof Date)) return { ok: false, errors, values };
  return { ok: true, choice: { state: 'restricted', until }, audience: codes };
}
