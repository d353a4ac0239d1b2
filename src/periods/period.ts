import type { PeriodType } from '../db/vocabulary.ts';
import { monthNames } from '../shared/format.ts';

/** A period in canonical form: an ISO 8601 interval code, its kind, a label and its dates. */
export interface Period {
  /** Canonical ISO 8601 interval, e.g. "2019-04-01/P1Y". */
  code: string;
  type: PeriodType;
  /** What people call it, e.g. "2019/20". */
  label: string;
  startDate: string;
  /** Exclusive: the first day after the period. */
  endDate: string;
}

export type PeriodParse = { ok: true; period: Period } | { ok: false; reason: string };

/** How a bare year-pair such as "2019-20" is meant: it is a financial year unless told otherwise. */
export type YearPairKind = 'financial-year' | 'academic-year';

/**
 * How a source names its years, when it says so (DfE's data dictionary does, measure by measure).
 * Without it, "2019" is the calendar year and "2014-16" is refused as a mistyped year pair.
 * - 'calendar': the source counts calendar years, so "2014-16" is the three years 2014 to 2016.
 * - 'ending': the source counts financial or academic years (as the year-pair kind says) and
 *   names each by the year it ends in, so "2016" is 2015/16, as DfE publishes school results and
 *   children's services returns.
 */
export type YearNaming = 'calendar' | 'ending';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function validDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

function shortYearPair(startYear: number): string {
  return `${startYear}/${pad((startYear + 1) % 100)}`;
}

/** "16 November 2024 to 15 November 2025": a span no named kind describes, never its raw code. */
function spanLabel(startDate: string, endDate: string): string {
  const words = (date: Date) =>
    `${date.getUTCDate()} ${monthNames[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
  const last = new Date(Date.parse(endDate) - 86_400_000);
  return `${words(new Date(Date.parse(startDate)))} to ${words(last)}`;
}

/** Builds the canonical period for a start date and a duration in years, months or days. */
function fromInterval(
  year: number,
  month: number,
  day: number,
  amount: number,
  unit: 'Y' | 'M' | 'D',
): PeriodParse {
  if (!validDate(year, month, day)) return { ok: false, reason: 'the start date does not exist' };
  if (amount < 1) return { ok: false, reason: 'the duration must be at least 1' };
  const code = `${isoDate(year, month, day)}/P${amount}${unit}`;
  const startDate = isoDate(year, month, day);
  if (unit === 'D') {
    const end = new Date(Date.UTC(year, month - 1, day + amount));
    const endDate = end.toISOString().slice(0, 10);
    const label =
      amount === 1
        ? `${day} ${monthNames[month - 1]} ${year}`
        : `${day} ${monthNames[month - 1]} ${year} (${amount} days)`;
    return { ok: true, period: { code, type: 'other', label, startDate, endDate } };
  }
  const months = unit === 'Y' ? amount * 12 : amount;
  const end = addMonths(year, month, months);
  const endDate = isoDate(end.year, end.month, day);
  const base = { code, startDate, endDate };
  if (day !== 1)
    return { ok: true, period: { ...base, type: 'other', label: spanLabel(startDate, endDate) } };
  if (months === 12) {
    if (month === 1)
      return { ok: true, period: { ...base, type: 'calendar-year', label: `${year}` } };
    if (month === 4)
      return { ok: true, period: { ...base, type: 'financial-year', label: shortYearPair(year) } };
    if (month === 9)
      return { ok: true, period: { ...base, type: 'academic-year', label: shortYearPair(year) } };
    return {
      ok: true,
      period: {
        ...base,
        type: 'other',
        label: `${monthNames[month - 1]} ${year} to ${monthNames[(month + 10) % 12]} ${year + 1}`,
      },
    };
  }
  if (months === 1)
    return {
      ok: true,
      period: { ...base, type: 'month', label: `${monthNames[month - 1]} ${year}` },
    };
  if (months === 3 && (month - 1) % 3 === 0) {
    const last = addMonths(year, month, 2);
    return {
      ok: true,
      period: {
        ...base,
        type: 'quarter',
        label: `${monthNames[month - 1]} to ${monthNames[last.month - 1]} ${last.year}`,
      },
    };
  }
  if (months % 12 === 0) {
    const years = months / 12;
    const label =
      month === 1
        ? `${year} to ${year + years - 1}`
        : month === 4 || month === 9
          ? `${shortYearPair(year)} to ${shortYearPair(year + years - 1)}`
          : spanLabel(startDate, endDate);
    return { ok: true, period: { ...base, type: 'multi-year', label } };
  }
  return { ok: true, period: { ...base, type: 'other', label: spanLabel(startDate, endDate) } };
}

/** The full year two digits stand for: the one nearest `near` ("1998/99-00/01" ends in 2000/01). */
function nearestYear(near: number, twoDigits: number): number {
  const year = near - (near % 100) + twoDigits;
  if (year - near > 50) return year - 100;
  if (near - year >= 50) return year + 100;
  return year;
}

/**
 * Parses the period notations found in public sources into one canonical form:
 * ISO intervals ("2019-04-01/P1Y", "2017-01-01/P3Y"), single dates ("2023-03-31", a day),
 * year pairs ("2019-20", "2019/20", "2019/2020", with a trailing note such as " (OT)"),
 * spans of year pairs ("2013/14-15/16"), calendar years ("2019"), quarters ("2019 Q2",
 * "2019-Q2") and months ("2019-04"); with a year naming, spans of calendar years ("2014-16")
 * and years named by their end ("2016" for 2015/16).
 * Anything else is refused with a reason; nothing is guessed.
 */
export function parsePeriod(
  input: string,
  yearPair: YearPairKind = 'financial-year',
  years?: YearNaming,
): PeriodParse {
  const text = input.trim();
  const pairStartMonth = yearPair === 'financial-year' ? 4 : 9;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})\/P(\d+)([YMD])$/.exec(text)))
    return fromInterval(
      Number(m[1]),
      Number(m[2]),
      Number(m[3]),
      Number(m[4]),
      m[5] as 'Y' | 'M' | 'D',
    );
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)))
    return fromInterval(Number(m[1]), Number(m[2]), Number(m[3]), 1, 'D');
  if ((m = /^(\d{4})\s*\/\s*(\d{2})\s*-\s*(\d{2})\s*\/\s*(\d{2})$/.exec(text))) {
    const start = Number(m[1]);
    const last = nearestYear(start, Number(m[3]));
    if (Number(m[2]) !== (start + 1) % 100 || Number(m[4]) !== (last + 1) % 100)
      return { ok: false, reason: `"${text}" is not a span of year pairs such as 2013/14-15/16` };
    if (last <= start)
      return { ok: false, reason: `"${text}" does not end after the year pair it begins with` };
    return fromInterval(start, pairStartMonth, 1, last - start + 1, 'Y');
  }
  if (years === 'calendar' && (m = /^(\d{4})\s*-\s*(\d{2}|\d{4})(?:\s*\([^)]*\))?$/.exec(text))) {
    const start = Number(m[1]);
    const twoDigits = (m[2] ?? '').length === 2;
    const end = twoDigits ? nearestYear(start, Number(m[2])) : Number(m[2]);
    // Even where a source counts calendar years, "2019-20" may be the year pair 2019/20 and
    // "2010-12" December 2010: only a span that cannot be either is read as one.
    if (end === start + 1 || (twoDigits && Number(m[2]) <= 12))
      return {
        ok: false,
        reason:
          `"${text}" could be a year pair or a month as well as a span of calendar years; ` +
          'write it as an ISO interval such as 2014-01-01/P3Y',
      };
    if (end <= start) return { ok: false, reason: `"${text}" does not end after it begins` };
    return fromInterval(start, 1, 1, end - start + 1, 'Y');
  }
  // A note in brackets after a year pair (DfE's "(OT)", "(R)") says something about the figure,
  // not the period; callers that care read it from the source text.
  if ((m = /^(\d{4})\s*[-/]\s*(\d{2}|\d{4})(?:\s*\([^)]*\))?$/.exec(text))) {
    const start = Number(m[1]);
    const end = Number(m[2]);
    const expected = (m[2] ?? '').length === 2 ? (start + 1) % 100 : start + 1;
    if (end === expected) return fromInterval(start, pairStartMonth, 1, 1, 'Y');
    // "2019-04" is a month; "2011-12" above stays a year pair, as UK public data writes it.
    const month = /^\d{4}-\d{2}$/.test(text) ? end : 0;
    if (month >= 1 && month <= 12) return fromInterval(start, month, 1, 1, 'M');
    return { ok: false, reason: `"${text}" is neither consecutive years nor a year and month` };
  }
  if ((m = /^(\d{4})$/.exec(text)))
    return years === 'ending'
      ? fromInterval(Number(m[1]) - 1, pairStartMonth, 1, 1, 'Y')
      : fromInterval(Number(m[1]), 1, 1, 1, 'Y');
  if ((m = /^(\d{4})\s*-?\s*Q([1-4])$/i.exec(text)))
    return fromInterval(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 1, 3, 'M');
  return {
    ok: false,
    reason:
      `"${text}" is not a period openlg understands; use an ISO 8601 interval such as ` +
      '2019-04-01/P1Y, a date, a year pair such as 2019-20, a year, a quarter (2019 Q2) or a month (2019-04)',
  };
}
