import { formatDate } from '../shared/format.ts';
import { fieldError, type FieldError } from '../site/forms.ts';

/** The earliest date a report may be read as published on: openlg holds nothing older. */
const earliestDate = '2000-01-01';

/** A day asked for by a report's query, and the moment it stands for: the day's end (UTC). */
export interface PastDay {
  /** "2026-11-01", as the query gave it. */
  day: string;
  /** The end of that day: the data as it stood once the day was over, as the data API reads it. */
  at: Date;
  /** "1 November 2026". */
  words: string;
}

/**
 * A date of the query ("2026-11-01") from 2000 to today, or null when none was given; a wrong
 * one is a problem named for its field, in words the error summary shows.
 */
export function readPastDay(
  text: string,
  field: string,
  what: string,
  errors: FieldError[],
  today: Date = new Date(),
): PastDay | null {
  if (text === '') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const at = new Date(`${text}T23:59:59.999Z`);
  const real =
    match !== null &&
    !Number.isNaN(at.getTime()) &&
    at.getUTCMonth() === Number(match[2]) - 1 &&
    at.getUTCDate() === Number(match[3]);
  const latest = today.toISOString().slice(0, 10);
  if (!real) {
    errors.push(fieldError(field, `${what} must be a real date, such as 2026-11-01`));
    return null;
  }
  if (text < earliestDate || text > latest) {
    errors.push(fieldError(field, `${what} must be between ${formatDate(earliestDate)} and today`));
    return null;
  }
  return { day: text, at, words: formatDate(text) };
}
