import { formatValue, shown, type MetricFormat } from '../charts/format.ts';
import { renderSparkline } from '../charts/sparkline.ts';
import { themes, type Polarity, type Theme, type ValueStatus } from '../db/vocabulary.ts';
import { themeLabels } from '../metrics/metrics.schema.ts';
import type { ComparisonService } from './comparison.service.ts';
import { headlineMetrics } from './headlines.ts';
import { noFigureText } from './no-figure.ts';
import { confidenceInterval, type Significance, type Standing } from './statistics.ts';
import type { Direction } from './trend.ts';

export type Profile = Awaited<ReturnType<ComparisonService['profile']>>;
type ProfileMetric = Profile['metrics'][number];
type Figured = Extract<ProfileMetric, { value: unknown }>;

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

/** GOV.UK tag colours for the benchmark: the tag's words always say what the colour means. */
const significanceTags: Record<Significance, string> = {
  better: 'govuk-tag--green',
  similar: 'govuk-tag--yellow',
  worse: 'govuk-tag--red',
  higher: 'govuk-tag--blue',
  lower: 'govuk-tag--blue',
  'not-tested': 'govuk-tag--grey',
};

const bandTags: Record<1 | 2 | 3 | 4, string> = {
  1: 'govuk-tag--green',
  2: 'govuk-tag--grey',
  3: 'govuk-tag--grey',
  4: 'govuk-tag--red',
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

function directionText(row: Figured): string {
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

/** A tag: its words, and the GOV.UK colour class that repeats them for sighted readers. */
export interface Tag {
  text: string;
  classes: string;
}

/** One measure as the profile shows it and its downloads write it. */
export interface ProfileRow {
  slug: string;
  title: string;
  href: string;
  headline: boolean;
  theme: string;
  unit: string | null;
  decimalPlaces: number;
  period: string;
  /** The figure as shown, rounded to the measure's decimal places, or "No figure". */
  value: string;
  unrounded: number | null;
  lci: number | null;
  uci: number | null;
  /** "68.1% to 72.3%", when the publisher gives a usable 95% confidence interval. */
  interval: string | null;
  status: ValueStatus | null;
  rank: number | null;
  outOf: number | null;
  /** 1 = best (or highest) quarter of the group. */
  band: 1 | 2 | 3 | 4 | null;
  polarity: Polarity;
  /** The rank and quarter in words, as the download writes them. */
  standing: string;
  /** The rank beside the quarter's tag: "3rd of 16". */
  rankText: string;
  bandTag: Tag | null;
  significance: Significance | null;
  england: string;
  /** The England figure beside the benchmark's tag. */
  englandShort: string;
  englandValue: number | null;
  englandTag: Tag | null;
  direction: Direction | null;
  change: string;
  noFigure: string | null;
  sparkline: string | null;
  source: string | null;
  licence: string | null;
  /** Seen through the reader's sight before the public may (embargoed or restricted). */
  notYetPublic: boolean;
}

function baseRow(row: ProfileMetric, areaCode: string, query: string) {
  return {
    slug: row.slug,
    title: row.title,
    href: `/metrics/${row.slug}?area=${areaCode}${query}`,
    headline: headlineMetrics.includes(row.slug),
    theme: row.theme ? themeLabels[row.theme] : 'Other',
    unit: row.unit,
    decimalPlaces: row.decimalPlaces,
    polarity: row.polarity,
    source: row.source,
    licence: row.licence,
  };
}

function emptyRow(row: Exclude<ProfileMetric, Figured>, typePlural: string) {
  return {
    period: '',
    value: 'No figure',
    unrounded: null,
    lci: null,
    uci: null,
    interval: null,
    status: null,
    rank: null,
    outOf: null,
    band: null,
    standing: '',
    rankText: '',
    bandTag: null,
    significance: null,
    england: '',
    englandShort: '',
    englandValue: null,
    englandTag: null,
    direction: null,
    change: '',
    noFigure: noFigureText(row.noFigure, typePlural.toLowerCase()),
    sparkline: null,
    notYetPublic: false,
  };
}

function englandText(row: Figured, format: MetricFormat): string {
  if (row.significance !== 'not-tested')
    return `${significanceWords[row.significance]} (England ${formatValue(row.england ?? 'no-value', format)})`;
  if (row.england === null) return 'No England figure';
  const why = confidenceInterval(row.value) ? '' : ': no confidence interval';
  return `England ${formatValue(row.england, format)} (not tested${why})`;
}

function figuredRow(row: Figured, areaName: string, sparkline: boolean) {
  const format = { decimalPlaces: row.decimalPlaces, unit: row.unit };
  const interval = confidenceInterval(row.value);
  const standing = row.standing?.comparable ? row.standing : null;
  const unjudged = row.polarity === 'no-judgement';
  const leftOut =
    row.leftOut.length > 0
      ? `; ${row.leftOut.length} of the group left out as not comparable (see the measure)`
      : '';
  return {
    period: row.period.label,
    value: formatValue(shown(row.value), format),
    unrounded: row.value.value,
    lci: row.value.lci,
    uci: row.value.uci,
    interval: interval
      ? `${formatValue(interval.lower, format)} to ${formatValue(interval.upper, format)}`
      : null,
    status: row.value.status,
    rank: standing?.rank ?? null,
    outOf: standing?.outOf ?? null,
    band: standing?.quartileBand ?? null,
    standing: standingText(row.standing, row.polarity) + leftOut,
    rankText: standing
      ? `${ordinal(standing.rank)} of ${standing.outOf}${unjudged ? ' (highest first)' : ''}${leftOut}`
      : standingText(row.standing, row.polarity) + leftOut,
    bandTag: standing
      ? {
          text: bandWords[unjudged ? 'unjudged' : 'judged'][standing.quartileBand],
          classes: unjudged ? 'govuk-tag--blue' : bandTags[standing.quartileBand],
        }
      : null,
    significance: row.significance,
    england: englandText(row, format),
    englandShort:
      row.significance === 'not-tested'
        ? englandText(row, format)
        : `England ${formatValue(row.england ?? 'no-value', format)}`,
    englandValue: row.england,
    englandTag:
      row.significance === 'not-tested'
        ? null
        : {
            text: significanceWords[row.significance],
            classes: significanceTags[row.significance],
          },
    direction: row.directionOfTravel?.direction ?? null,
    change: directionText(row),
    noFigure: null,
    notYetPublic: row.unpublished,
    sparkline:
      sparkline && row.recent.length > 1
        ? renderSparkline({
            id: `spark-${row.slug}`,
            caption: `${row.title}, ${areaName}`,
            format,
            periods: row.recent.map((r) => ({ label: r.label })),
            values: row.recent,
          }).svg
        : null,
  };
}

/**
 * Every metric of the profile as a row, in the service's order (headlines first). Sparklines
 * are drawn for the headline rows only, which keeps a profile of a hundred measures light.
 */
export function profileRows(
  profile: Profile,
  query: string,
  typePlural: string,
  /** Draw every row's recent figures, not only the headline measures' (a dashboard's tiles). */
  everySparkline = false,
): ProfileRow[] {
  return profile.metrics.map((row) => {
    const base = baseRow(row, profile.area.code, query);
    // Assigned rather than spread into a new object: spreading two objects into one of 35
    // fields took 0.25 ms a row in V8, a quarter of a whole profile's time to first byte.
    return Object.assign(
      base,
      row.period === null || !('value' in row)
        ? emptyRow(row, typePlural)
        : figuredRow(row, profile.area.name, everySparkline || base.headline),
    );
  });
}

export const profileSorts = ['theme', 'worst', 'england', 'change', 'name'] as const;
export type ProfileSort = (typeof profileSorts)[number];

// Lower keys come first: the worst news at the top, rows without an answer at the bottom.
const englandOrder: Record<Significance, number> = {
  worse: 0,
  similar: 1,
  better: 2,
  higher: 3,
  lower: 3,
  'not-tested': 4,
};
const changeOrder: Record<Direction, number> = {
  worsened: 0,
  'no-significant-change': 1,
  improved: 2,
  increased: 3,
  decreased: 3,
  'not-comparable': 4,
};

const sortKeys: Record<Exclude<ProfileSort, 'theme' | 'name'>, (row: ProfileRow) => number> = {
  // Worst quarter first, and within a quarter the lowest ranked first; unjudged rows after.
  worst: (row) =>
    row.rank === null || row.outOf === null
      ? 3
      : row.polarity === 'no-judgement'
        ? 2
        : 1 - row.rank / (row.outOf + 1),
  england: (row) => (row.significance === null ? 5 : englandOrder[row.significance]),
  change: (row) => (row.direction === null ? 5 : changeOrder[row.direction]),
};

/** The rows in the order chosen; ties keep the reviewed order (Array.sort is stable). */
export function sortRows(rows: readonly ProfileRow[], sort: ProfileSort): ProfileRow[] {
  if (sort === 'theme') return [...rows];
  if (sort === 'name') return [...rows].sort((a, b) => a.title.localeCompare(b.title, 'en-GB'));
  const key = sortKeys[sort];
  return [...rows].sort((a, b) => key(a) - key(b));
}

export interface ThemeSection {
  theme: Theme | 'other';
  label: string;
  rows: ProfileRow[];
}

/** The rows by theme, in the themes' order, each theme's rows in the order given. */
export function byTheme(rows: readonly ProfileRow[]): ThemeSection[] {
  const labels: [Theme | 'other', string][] = [
    ...themes.map((t): [Theme, string] => [t, themeLabels[t]]),
    ['other', 'Other'],
  ];
  return labels.flatMap(([theme, label]) => {
    const inTheme = rows.filter((r) => r.theme === label);
    return inTheme.length > 0 ? [{ theme, label, rows: inTheme }] : [];
  });
}

/**
 * The profile as the page shows it and the downloads write it: the headline measures by theme,
 * then the other measures by theme, each table sorted as asked. `rows` is that whole order.
 */
export function presentProfile(
  profile: Profile,
  options: { query: string; sort: ProfileSort; typePlural: string },
) {
  const all = sortRows(profileRows(profile, options.query, options.typePlural), options.sort);
  const headlines = byTheme(all.filter((r) => r.headline));
  const others = byTheme(all.filter((r) => !r.headline));
  return {
    headlines,
    others,
    rows: [...headlines, ...others].flatMap((section) => section.rows),
  };
}
