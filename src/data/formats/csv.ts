import type { DataAnswer, DataObservation } from '../data.answer.ts';
import type { IncludeOption } from '../data.schema.ts';

/** Excel takes a CSV without a byte order mark for its legacy code page and garbles "£" and "ô". */
export const byteOrderMark = '\uFEFF';
const lineEnd = '\r\n';

/**
 * A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection"):
 * text from imported metadata such as "=HYPERLINK(…)" must reach the reader as text.
 */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): numbers in their shortest exact form, null as an empty field, text
 * quoted when it holds a delimiter, a quote or a line break, or starts or ends with a space. Text
 * that a spreadsheet would take for a formula gets a leading single quote, and quotes, as OWASP
 * advises; numbers are written as they are (a negative number is not a formula).
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (formulaStart.test(value)) return `"'${value.replaceAll('"', '""')}"`;
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(fields: readonly (string | number | null)[]): string {
  return fields.map(csvField).join(',') + lineEnd;
}

/** The columns every observation CSV has, bulk files included. */
export const observationColumns = [
  'metric',
  'area',
  'area_name',
  'period',
  'period_label',
  'value',
  'lci',
  'uci',
  'status',
] as const;

/** The columns of a /api/v1/data CSV: the observation columns and those `include` adds. */
export function csvColumns(include: readonly IncludeOption[]): string[] {
  return [
    ...observationColumns,
    ...(include.includes('rank') ? ['rank', 'quartile_band', 'rank_note'] : []),
    ...(include.includes('benchmark') ? ['benchmark'] : []),
  ];
}

/** An observation's fields in the order of the observation columns. */
export function observationFields(
  o: Omit<DataObservation, 'rank' | 'quartileBand' | 'rankNote' | 'benchmark'>,
): (string | number | null)[] {
  return [o.metric, o.area, o.areaName, o.period, o.periodLabel, o.value, o.lci, o.uci, o.status];
}

/** A /api/v1/data answer as CSV text: byte order mark, header, one observation per line. */
export function answerCsv(answer: DataAnswer): string {
  const rank = answer.include.includes('rank');
  const benchmark = answer.include.includes('benchmark');
  const lines = [byteOrderMark + csvLine(csvColumns(answer.include))];
  for (const o of answer.observations)
    lines.push(
      csvLine([
        ...observationFields(o),
        ...(rank ? [o.rank ?? null, o.quartileBand ?? null, o.rankNote ?? null] : []),
        ...(benchmark ? [o.benchmark ?? null] : []),
      ]),
    );
  return lines.join('');
}
