export const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A moment as the pages say it: "4 December 2026 at 14:05 UTC"; none is empty. */
export function formatMoment(date: Date | null): string {
  if (date === null) return '';
  const iso = date.toISOString();
  return `${formatDate(iso.slice(0, 10))} at ${iso.slice(11, 16)} UTC`;
}

/** GOV.UK style dates ("1 April 2023"), from ISO date strings; anything else shows as given. */
export function formatDate(value: unknown): string {
  if (typeof value !== 'string') return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  return `${Number(match[3])} ${monthNames[Number(match[2]) - 1]} ${match[1]}`;
}
