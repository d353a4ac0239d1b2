import { formatValue, shown } from '../charts/format.ts';
import { renderSparkline } from '../charts/sparkline.ts';
import { themes, type Polarity, type Theme } from '../db/vocabulary.ts';
import { themeLabels } from '../metrics/metrics.schema.ts';
import type { ComparisonService } from './comparison.service.ts';
import type { Significance, Standing } from './statistics.ts';
import type { Direction } from './trend.ts';

type Profile = Awaited<ReturnType<ComparisonService['profile']>>;

const ordinalSuffixes: Record<number, string> = { 1: 'st', 2: 'nd', 3: 'rd' };

export function ordinal(n: number): string {
  const tens = n % 100;
  return `${n}${tens >= 11 && tens <= 13 ? 'th' : (ordinalSuffixes[n % 10] ?? 'th')}`;
}

const bandWords: Record<'judged' | 'unjudged', Record<1 | 2 | 3 | 4, string>> = {
  judged: { 1: 'best quarter', 2: 'second quarter', 3: 'third quarter', 4: 'worst quarter' },
  unjudged: {
    1: 'highest quarter',
    2: 'second highest quarter',
    3: 'second lowest quarter',
    4: 'lowest quarter',
  },
};

export function standingText(standing: Standing | null, polarity: Polarity): string {
  if (!standing) return 'Not ranked';
  if (!standing.comparable) return 'Not ranked: no comparable figure';
  const band =
    bandWords[polarity === 'no-judgement' ? 'unjudged' : 'judged'][standing.quartileBand];
  const order = polarity === 'no-judgement' ? ' (highest first)' : '';
  return `${ordinal(standing.rank)} of ${standing.outOf}${order}, ${band}`;
}

const significanceWords: Record<Significance, string> = {
  better: 'Better than England',
  similar: 'Similar to England',
  worse: 'Worse than England',
  higher: 'Higher than England',
  lower: 'Lower than England',
  'not-tested': 'Not tested',
};

// An arrow shows the way the figure moved; the words say whether that is better, so colour or
// shape is never the only signal.
const directionWords: Record<Direction, { arrow: string; words: string }> = {
  improved: { arrow: '', words: 'Improved' },
  worsened: { arrow: '', words: 'Worsened' },
  'no-significant-change': { arrow: '→', words: 'No significant change' },
  increased: { arrow: '↑', words: 'Increased' },
  decreased: { arrow: '↓', words: 'Decreased' },
  'not-comparable': { arrow: '', words: 'Not comparable' },
};

function directionText(row: Extract<Profile['metrics'][number], { value: unknown }>): string {
  const travel = row.directionOfTravel;
  if (!travel) return 'No earlier figure';
  const { words } = directionWords[travel.direction];
  const change = travel.change;
  // Improved and worsened still say which way the figure moved.
  const arrow =
    travel.direction === 'improved' || travel.direction === 'worsened'
      ? change !== null && change > 0
        ? '↑'
        : '↓'
      : directionWords[travel.direction].arrow;
  return `${arrow ? `${arrow} ` : ''}${words} since ${travel.from.label}`;
}

export interface ProfileRow {
  slug: string;
  title: string;
  href: string;
  value: string;
  period: string;
  standing: string;
  england: string;
  direction: string;
  sparkline: string | null;
}

/** The profile as the page shows it: themes in order, each with its metrics' rows. */
export function presentProfile(profile: Profile, query: string) {
  const byTheme = new Map<Theme | 'other', ProfileRow[]>();
  for (const row of profile.metrics) {
    const format = { decimalPlaces: row.decimalPlaces, unit: row.unit };
    const href = `/metrics/${row.slug}?area=${profile.area.code}${query}`;
    const shownRow: ProfileRow =
      row.period === null || !('value' in row)
        ? {
            slug: row.slug,
            title: row.title,
            href,
            value: 'No figure',
            period: '',
            standing: '',
            england: '',
            direction: '',
            sparkline: null,
          }
        : {
            slug: row.slug,
            title: row.title,
            href,
            value: formatValue(shown(row.value), format),
            period: row.period.label,
            standing:
              standingText(row.standing, row.polarity) +
              (row.leftOut.length > 0
                ? `; ${row.leftOut.length} of the group left out as not comparable (see the measure)`
                : ''),
            england:
              row.significance === 'not-tested'
                ? row.england === null
                  ? 'No England figure'
                  : `England ${formatValue(row.england, format)} (not tested)`
                : `${significanceWords[row.significance]} (${formatValue(row.england ?? 'no-value', format)})`,
            direction: directionText(row),
            sparkline:
              row.recent.length > 1
                ? renderSparkline({
                    id: `spark-${row.slug}`,
                    caption: `${row.title}, ${profile.area.name}`,
                    format,
                    periods: row.recent.map((r) => ({ label: r.label })),
                    values: row.recent,
                  }).svg
                : null,
          };
    const theme = row.theme ?? 'other';
    byTheme.set(theme, [...(byTheme.get(theme) ?? []), shownRow]);
  }
  return [...themes, 'other' as const].flatMap((theme) => {
    const rows = byTheme.get(theme);
    return rows ? [{ theme, label: theme === 'other' ? 'Other' : themeLabels[theme], rows }] : [];
  });
}
