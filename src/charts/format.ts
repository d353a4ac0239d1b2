/**
 * Numbers as the charts, their data tables and their descriptions show them. Units arrive as
 * their publishers wrote them ("%", "£", "Rate per 10,000", "% achieving expected level",
 * "people", "Average Score"), so they are read by the rules below rather than looked up:
 *
 * - no unit: the bare number, "1,234.5";
 * - "%", or "%" followed by words naming who is counted: "74.1%" (the words belong in the
 *   heading or axis title, not after every number);
 * - "£" or "Pounds": "£1,234.56", and "-£12" when negative; "£" followed by words keeps them:
 *   "£12.30 per head";
 * - "Rate per N …" or "per N …": "12.3 per 10,000 population", with N grouped in thousands;
 * - a unit that names the measure rather than a unit of it (its first word is Number, Count,
 *   Total, Average, Score, Spend, Unit, Entries, Index, Value, Rank, Decile, Proportion or
 *   Ratio): the bare number, since "31.2 Average Score" reads wrongly and the heading says it;
 * - any other unit follows the number after a space, as written: "1,234 people", "81.2 yrs".
 *
 * `symbolsOnly` keeps "%" and "£" but drops the words, for labels on a chart whose axis or key
 * names the unit once (see unitNote). Thousands are separated by commas, negatives take a
 * hyphen-minus so that copied figures paste into spreadsheets as numbers, and a value that
 * rounds to zero loses its sign. A missing value is shown as the words of its status, never as
 * "NaN", "null" or a dash.
 */
import {
  comparability,
  type Measured,
  type NotComparableReason,
} from '../comparison/statistics.ts';

export interface FormatOptions {
  /** The metric's decimal places, 0 to 10. */
  decimalPlaces: number;
  unit: string | null;
  /** Keep "%" and "£" but leave out unit words, for labels beside an axis that names them. */
  symbolsOnly?: boolean;
}

/** The metric's own formatting, as the catalogue holds it. */
export type MetricFormat = Pick<FormatOptions, 'decimalPlaces' | 'unit'>;

/** A published figure as the database holds it: a null value always has a status saying why. */
export type Figure = Pick<Measured, 'value' | 'status'>;

/** One area's figure, named for labels and identified by its GSS code. */
export interface AreaFigure extends Figure {
  code: string;
  name: string;
  /** The 95% confidence interval's limits, where the publisher gives them. */
  lci?: number | null;
  uci?: number | null;
}

/** What a chart shows for one area: a comparable number, or why there is none. */
export type Shown = number | NotComparableReason;

const missingWords: Record<NotComparableReason, string> = {
  'not-available': 'not available',
  suppressed: 'suppressed',
  'not-applicable': 'not applicable',
  // A figure that claims to be present but holds no usable number is, to a reader, unavailable.
  'no-value': 'not available',
};

export function missingWord(reason: NotComparableReason): string {
  return missingWords[reason];
}

/**
 * The number a figure contributes to a chart, or the reason it contributes none. Caveated
 * figures (provisional, estimated, low reliability) are shown like any other, as the comparison
 * API ranks them.
 */
export function shown(figure: Figure): Shown {
  const result = comparability({ ...figure, lci: null, uci: null });
  return result.comparable ? result.value : result.reason;
}

type UnitForm =
  | { kind: 'none' }
  | { kind: 'percent' }
  | { kind: 'pounds'; words: string }
  | { kind: 'words'; words: string };

const measureLabels = new Set([
  'number',
  'count',
  'total',
  'average',
  'score',
  'spend',
  'unit',
  'entries',
  'index',
  'value',
  'rank',
  'decile',
  'proportion',
  'ratio',
]);

/** "per 1000 live births" → "per 1,000 live births": a rate's base reads like the figures. */
function groupBases(words: string): string {
  return words.replace(/\b\d{4,}\b/g, (digits) => groupThousands(digits));
}

function unitForm(unit: string | null): UnitForm {
  const text = (unit ?? '').trim().replace(/\s+/g, ' ');
  if (text === '') return { kind: 'none' };
  if (text.startsWith('%')) return { kind: 'percent' };
  if (/^pounds?$/i.test(text)) return { kind: 'pounds', words: '' };
  if (text.startsWith('£')) return { kind: 'pounds', words: text.slice(1).trim() };
  const rate = /^(?:rate\s+)?(per\s.+)$/i.exec(text);
  if (rate?.[1]) return { kind: 'words', words: groupBases(rate[1]) };
  const firstWord = text.split(' ')[0]?.toLowerCase() ?? '';
  if (measureLabels.has(firstWord)) return { kind: 'none' };
  return { kind: 'words', words: text };
}

/**
 * The unit as an axis or key title should name it when labels are formatted with symbolsOnly:
 * null when the symbols say it all ("%", "£") or there is no unit.
 */
export function unitNote(unit: string | null): string | null {
  const text = (unit ?? '').trim().replace(/\s+/g, ' ');
  return text === '' || text === '%' || text === '£' || /^pounds?$/i.test(text) ? null : text;
}

/** True for units whose values are shares or rates, for which zero is a meaningful baseline. */
export function isRatioUnit(unit: string | null): boolean {
  const form = unitForm(unit);
  if (form.kind === 'percent') return true;
  const text = (unit ?? '').trim().toLowerCase();
  return /^(rate\b|per\s)/.test(text) || /^(proportion|ratio)\b/.test(text);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/** The number alone, rounded to the decimal places, with thousands separators. */
export function formatNumber(value: number, decimalPlaces: number): string {
  if (!Number.isInteger(decimalPlaces) || decimalPlaces < 0 || decimalPlaces > 10)
    throw new RangeError(
      `Decimal places must be a whole number from 0 to 10, not ${decimalPlaces}`,
    );
  if (!Number.isFinite(value)) throw new RangeError(`Cannot format ${value} as a number`);
  const fixed = Math.abs(value).toFixed(decimalPlaces);
  const [whole = '0', fraction] = fixed.split('.');
  const magnitude =
    fraction === undefined ? groupThousands(whole) : `${groupThousands(whole)}.${fraction}`;
  const isZero = /^[0.]+$/.test(fixed);
  return value < 0 && !isZero ? `-${magnitude}` : magnitude;
}

/**
 * A value with the metric's decimal places and unit by the rules at the top of this file, or the
 * words for why it is missing. A number that is not finite is shown as "not available".
 */
export function formatValue(value: Shown, options: FormatOptions): string {
  if (typeof value === 'string') return missingWords[value];
  if (!Number.isFinite(value)) return missingWords['no-value'];
  const number = formatNumber(value, options.decimalPlaces);
  const form = unitForm(options.unit);
  const words = (text: string) => (options.symbolsOnly || text === '' ? '' : ` ${text}`);
  switch (form.kind) {
    case 'none':
      return number;
    case 'percent':
      return `${number}%`;
    case 'pounds':
      return (number.startsWith('-') ? `-£${number.slice(1)}` : `£${number}`) + words(form.words);
    case 'words':
      return number + words(form.words);
  }
}
