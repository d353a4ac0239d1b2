/*
 * The figures a simulation's results page shows, from counts (pure): the mean and median of a
 * distribution of chosen steps, shares, and the suppression of small groups in a breakdown.
 */

/** A value and how many responses chose it. */
export interface Tallied {
  value: number;
  responses: number;
}

/** A figure there may be none of: a distribution with no responses has no mean or median. */
export type Figure = { kind: 'value'; value: number } | { kind: 'no-responses' };

const noResponses: Figure = { kind: 'no-responses' };

export function meanOf(total: number, responses: number): Figure {
  return responses > 0 ? { kind: 'value', value: total / responses } : noResponses;
}

/**
 * The median of a distribution given as counts per value: the middle response's value, or the
 * mean of the two middle ones when the count is even (as for the list of responses itself).
 */
export function medianOf(counts: readonly Tallied[]): Figure {
  const sorted = counts.filter((c) => c.responses > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((sum, c) => sum + c.responses, 0);
  if (n === 0) return noResponses;
  const at = (index: number): number => {
    let seen = 0;
    for (const c of sorted) {
      seen += c.responses;
      if (index < seen) return c.value;
    }
    throw new RangeError(`No response at ${index} of ${n}`);
  };
  const lower = at(Math.floor((n - 1) / 2));
  const upper = at(Math.floor(n / 2));
  return { kind: 'value', value: (lower + upper) / 2 };
}

/** A count as a share of a whole, or none of a whole of 0. */
export function shareOf(part: number, whole: number): Figure {
  return whole > 0 ? { kind: 'value', value: part / whole } : noResponses;
}

/** Groups smaller than this are never shown: neither their count nor any figure of theirs. */
export const smallestShownGroup = 10;

export type Suppressed<T> =
  | { key: string; responses: number; figures: T; suppressed: false }
  | {
      key: string;
      /**
       * `small`: fewer than 10 responses. `secondary`: shown, it would give away the small
       * groups' figures as the total less the groups shown.
       */
      suppressed: 'small' | 'secondary';
    };

/**
 * A breakdown with its small groups suppressed. `groups` must partition the responses whose
 * total is shown elsewhere (every answer, "no answer" among them): then each group's figures
 * could be worked out as the total less every other group. So while the groups suppressed hold
 * fewer than 10 responses between them, the smallest group still shown is suppressed as well:
 * what the total less the groups shown gives away is then a group of 10 or more.
 */
export function suppressSmallGroups<T>(
  groups: readonly { key: string; responses: number; figures: T }[],
): Suppressed<T>[] {
  const hidden = new Map<string, 'small' | 'secondary'>();
  for (const g of groups)
    if (g.responses > 0 && g.responses < smallestShownGroup) hidden.set(g.key, 'small');
  const hiddenTotal = () =>
    groups.filter((g) => hidden.has(g.key)).reduce((sum, g) => sum + g.responses, 0);
  while (hidden.size > 0 && hiddenTotal() < smallestShownGroup) {
    const next = groups
      .filter((g) => g.responses > 0 && !hidden.has(g.key))
      .sort((a, b) => a.responses - b.responses || (a.key < b.key ? -1 : 1))[0];
    if (!next) break;
    hidden.set(next.key, 'secondary');
  }
  return groups.map((g) => {
    const why = hidden.get(g.key);
    return why === undefined
      ? { key: g.key, responses: g.responses, figures: g.figures, suppressed: false }
      : { key: g.key, suppressed: why };
  });
}

const ukDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The day a UK clock showed at a moment, as YYYY-MM-DD: residents' days, not UTC's. */
export function ukDayOf(at: Date): string {
  return ukDate.format(at);
}

/**
 * The band of time taken a response is counted in, by the band's start in seconds: whole
 * seconds under a minute, 5 s under 10 minutes, 30 s under an hour, then one band of an hour or
 * more (the same bands migration 0038 fills from the responses already recorded).
 */
export function durationBand(milliseconds: number): number {
  const s = Math.max(0, Math.floor(milliseconds / 1000));
  if (s < 60) return s;
  if (s < 600) return s - (s % 5);
  if (s < 3600) return s - (s % 30);
  return 3600;
}
