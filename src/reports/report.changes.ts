/**
 * What changed in a report's figures between two readings of the data: the report's measures
 * for its area, each as read then and as read now. Pure: no I/O, no HTML.
 */
import { formatValue, shown } from '../charts/format.ts';
import type { Measured } from '../comparison/statistics.ts';

/** One measure of a reading: the area's figure in the period the report shows, if any. */
export interface ReadFigure {
  slug: string;
  title: string;
  period: { code: string; label: string } | null;
  figure: Measured | null;
  format: { decimalPlaces: number; unit: string | null };
}

export type FigureChange =
  | {
      kind: 'new-period';
      slug: string;
      title: string;
      period: string;
      value: string;
      /** The period shown before, when there was one. */
      before: { period: string; value: string } | null;
    }
  | { kind: 'revised'; slug: string; title: string; period: string; from: string; to: string };

/** Whether two figures differ in what a reader is told: the value, or why there is none. */
function differs(a: Measured, b: Measured): boolean {
  return a.value !== b.value || a.status !== b.status;
}

/**
 * The changes from `before` to `now`, in the order `now` lists the measures: a figure for a
 * period newer than the one shown before (or the first figure at all), and a figure of the same
 * period whose value changed. A measure without a figure now is left out: nothing to show.
 */
export function figureChanges(
  before: readonly ReadFigure[],
  now: readonly ReadFigure[],
): FigureChange[] {
  const then = new Map(before.map((f) => [f.slug, f]));
  return now.flatMap((current): FigureChange[] => {
    if (!current.period || !current.figure) return [];
    const say = (m: Measured) => formatValue(shown(m), current.format);
    const old = then.get(current.slug);
    const base = { slug: current.slug, title: current.title, period: current.period.label };
    if (old?.period?.code === current.period.code && old.figure)
      return differs(old.figure, current.figure)
        ? [{ ...base, kind: 'revised', from: say(old.figure), to: say(current.figure) }]
        : [];
    return [
      {
        ...base,
        kind: 'new-period',
        value: say(current.figure),
        before:
          old?.period && old.figure ? { period: old.period.label, value: say(old.figure) } : null,
      },
    ];
  });
}

/** A change in plain words, for the list at the top of the report. */
export function describeChange(change: FigureChange): string {
  if (change.kind === 'revised')
    return `${change.title}, ${change.period}: revised from ${change.from} to ${change.to}`;
  const before = change.before
    ? ` (before, the latest was ${change.before.value} for ${change.before.period})`
    : '';
  return `${change.title}: new figure for ${change.period}, ${change.value}${before}`;
}
