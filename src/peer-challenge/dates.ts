import { z } from 'zod';

/*
 * Calendar dates for the peer challenge programme, as ISO date strings (YYYY-MM-DD): a challenge's
 * dates are days in England, never moments, so they are counted in UTC to keep clocks and
 * daylight saving out of the sums. Such strings sort as the dates do, so they compare as strings.
 */

export type IsoDate = string;

/** Years 1000 to 2999: enough for a programme begun in 2011, and no two-digit-year surprises. */
const shape = /^([12]\d{3})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD: 2027-02-29 has the shape but is no day. */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = shape.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export const isoDate = z.string().refine(isIsoDate, 'Enter a real date, such as 2027-03-14');

function parts(date: IsoDate): [number, number, number] {
  if (!isIsoDate(date)) throw new RangeError(`${date} is not a date written YYYY-MM-DD`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function write(year: number, month: number, day: number): IsoDate {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Days in a month (1 to 12) of a year, leap years counted. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [year, month, day] = parts(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/**
 * The same day of the month so many months on, or the month's last day where it has no such
 * day: 31 January + 3 months is 30 April, 30 November 2027 + 3 months is 29 February 2028.
 * Clamping keeps a deadline inside the month it falls in (rolling over would put "three months
 * after 30 November" in March), at the cost of not undoing exactly: 30 April − 3 months is 30
 * January.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = parts(date);
  const index = year * 12 + (month - 1) + months;
  const [toYear, toMonth] = [Math.floor(index / 12), (index % 12) + 1];
  return write(toYear, toMonth, Math.min(day, daysInMonth(toYear, toMonth)));
}

/** Whole days from one date to another: 1 from a day to the next, negative going back. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  const utc = (date: IsoDate) => {
    const [year, month, day] = parts(date);
    return Date.UTC(year, month - 1, day);
  };
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/** The programme year a day falls in: April to March, written 2027-28. */
export function programmeYearOf(day: IsoDate): string {
  const year = Number(day.slice(0, 4));
  const start = Number(day.slice(5, 7)) >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}
