/*
 * Stewards give embargo and restriction ends as UK clock times (a date, or a date and time, as
 * the browser's date and time inputs send them), and read them back the same way: GMT in winter,
 * BST in summer, whatever the server's own time zone.
 */

const zone = 'Europe/London';

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: zone,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far the UK clock is ahead of UTC at `at` (ms since the epoch): 0 or an hour. */
function ukOffset(at: number): number {
  const parts = Object.fromEntries(
    wallClock.formatToParts(new Date(at)).map((p) => [p.type, Number(p.value)]),
  );
  const asUtc = Date.UTC(
    parts['year'] ?? 0,
    (parts['month'] ?? 1) - 1,
    parts['day'] ?? 1,
    parts['hour'] ?? 0,
    parts['minute'] ?? 0,
    parts['second'] ?? 0,
  );
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The moment a UK clock shows `text` ("2026-12-04", "2026-12-04T14:05" or "…T14:05:30"), or
 * null when it is no such date and time. A time skipped when the clocks go forward is read as
 * the hour after; one shown twice when they go back, as the later.
 */
export function ukMoment(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((n) => Number(n ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || hour > 23) return null;
  const guess = wall - ukOffset(wall);
  return new Date(wall - ukOffset(guess));
}

const shown = new Intl.DateTimeFormat('en-GB', {
  timeZone: zone,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "4 December 2026 at 14:05:30 UK time". */
export function ukTimeText(at: Date): string {
  return `${shown.format(at).replace(', ', ' at ')} UK time`;
}

/** What a UK clock shows at `at`, as a datetime-local input holds it: "2026-12-04T14:05". */
export function ukInputValue(at: Date): string {
  const parts = Object.fromEntries(wallClock.formatToParts(at).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}`;
}

const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: zone,
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});

/** The time a UK clock shows at `at`, as GOV.UK writes times: "9:05am", "2:30pm". */
export function ukTimeOf(at: Date): string {
  return clock.format(at).replace(/\s/g, '').toLowerCase();
}
