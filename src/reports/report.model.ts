/**
 * A report's computed model: every figure and word of a run, worked out from what the
 * comparison service read, and nothing of HTML. The page (report.presenter.ts) draws it; an
 * export (Word, Excel, PDF) can write the same model. Pure: no I/O.
 */
import { formatNumber, formatValue, shown, type MetricFormat } from '../charts/format.ts';
import { profileRows, type Profile, type ProfileRow } from '../comparison/profile.presenter.ts';
import type { ComparisonService } from '../comparison/comparison.service.ts';
import { comparability, type Measured } from '../comparison/statistics.ts';
import type { RecentTrend } from '../comparison/trend.ts';
import type { ReportDefinition, ReportSection } from './report.schema.ts';
import { metricsNamed, renderText, type MetricFacts, type TokenContext } from './tokens.ts';

export type MetricPage = Awaited<ReturnType<ComparisonService['metricPage']>>;
export type Grid = Awaited<ReturnType<ComparisonService['compareMany']>>;
type ProfileMetric = Profile['metrics'][number];
type Figured = Extract<ProfileMetric, { value: unknown }>;

/** A measure's row: the profile's row as shown, with its recent figures for a sparkline. */
export type MeasureRow = ProfileRow & {
  /** The period's id ("2023-04-01/P1Y"), null without a figure: what the data API names. */
  periodCode: string | null;
  recent: (Measured & { label: string })[];
  recentTrend: RecentTrend | null;
};

/** What a chart section draws: the measure's page for the area and group, or why there is none. */
export type ChartData = { page: MetricPage } | { missing: string };

/** The group's figures of one measure in the period the profile chose for the area. */
export type GroupFigures = Awaited<ReturnType<ComparisonService['groupFigures']>>[number];

/** One axis of a quadrant: the group's figures, or why the area has none to place. */
export type QuadrantAxisData = { figures: GroupFigures } | { missing: string; title: string };

interface Common {
  heading: string;
  intro: string[];
  /** The measures whose missing figure left a paragraph of the intro unsaid, by title. */
  unsaid: string[];
}

export type SectionModel =
  | (Common & { kind: 'text' })
  | (Common & { kind: 'tiles' | 'table'; rows: MeasureRow[]; absent: string[] })
  | (Common & { kind: 'ranked' | 'series' | 'map'; slug: string; chart: ChartData })
  | (Common & { kind: 'grid'; grid: Grid | null; subject: string; absent: string[] })
  | (Common & { kind: 'quadrant'; cost: QuadrantAxisData; outcome: QuadrantAxisData });

export interface ReportModel {
  slug: string;
  revision: number;
  title: string;
  audience: string;
  area: { code: string; name: string; type: string };
  group: { id: string; label: string; kind: string; size: number };
  /** The year asked for, or null for the latest figures. */
  year: number | null;
  periodLabel: string;
  /** The moment whose published data the report was run from; null: the data as it is now. */
  asOf: Date | null;
  sections: SectionModel[];
  /** Whether any figure was seen through the reader's sight before the public may see it. */
  unpublished: boolean;
}

/** Every measure a report reads: its sections' and its texts' tokens, each once, in order. */
export function reportMetrics(report: ReportDefinition): string[] {
  const slugs = report.sections.flatMap((s) => [
    ...('metrics' in s ? s.metrics : []),
    ...('metric' in s ? [s.metric] : []),
    ...(s.kind === 'quadrant' ? [s.cost, s.outcome] : []),
    ...[s.heading, ...s.intro].flatMap(metricsNamed),
  ]);
  const texts = [report.title, report.summary, report.audience];
  return [...new Set([...slugs, ...texts.flatMap(metricsNamed)])];
}

/** The measures of a report drawn as charts, each once: they need the measure's page. */
export function chartMetrics(report: ReportDefinition): string[] {
  return [
    ...new Set(
      report.sections.flatMap((s) =>
        s.kind === 'ranked' || s.kind === 'series' || s.kind === 'map' ? [s.metric] : [],
      ),
    ),
  ];
}

/** "2.1 percentage points" for a measure in %, else the amount as the measure shows figures. */
function amountWords(change: number, format: MetricFormat): string {
  const size = Math.abs(change);
  if (format.unit?.trim().startsWith('%'))
    return `${formatNumber(size, format.decimalPlaces)} percentage points`;
  return formatValue(size, format);
}

function isFigured(row: ProfileMetric): row is Figured {
  return row.period !== null && 'value' in row;
}

/** What the tokens may say of one measure of the profile. */
export function metricFacts(row: ProfileMetric): MetricFacts {
  if (!isFigured(row))
    return {
      title: row.title,
      value: null,
      period: null,
      rank: null,
      unjudged: false,
      england: null,
      travel: null,
      median: null,
    };
  const format = { decimalPlaces: row.decimalPlaces, unit: row.unit };
  const figure = comparability(row.value);
  const standing = row.standing?.comparable ? row.standing : null;
  const travel = row.directionOfTravel;
  return {
    title: row.title,
    value: figure.comparable ? formatValue(figure.value, format) : null,
    period: row.period.label,
    rank: standing
      ? { rank: standing.rank, outOf: standing.outOf, band: standing.quartileBand }
      : null,
    unjudged: row.polarity === 'no-judgement',
    england: row.significance,
    travel: travel
      ? {
          direction: travel.direction,
          amount: travel.change === null ? null : amountWords(travel.change, format),
          rising: (travel.change ?? 0) > 0,
          from: travel.from.label,
        }
      : null,
    median: row.groupMedian === null ? null : formatValue(row.groupMedian, format),
  };
}

/** How a rank names the group's members in words. */
function councilsWord(kind: string): string {
  return kind === 'nearest-neighbours' || kind === 'statistical-neighbours'
    ? 'similar councils'
    : 'councils compared';
}

export interface RunFigures {
  profile: Profile;
  /** Each charted measure's page, by slug, or why there is none. */
  charts: ReadonlyMap<string, ChartData>;
  grid: Grid | null;
  /** The group's figures of each measure a quadrant plots, by slug, or why there are none. */
  quadrants: ReadonlyMap<string, QuadrantAxisData>;
  year: number | null;
  asOf: Date | null;
  typePlural: string;
}

/** The period a report reads, in words: {period.label}. */
export function periodLabel(year: number | null): string {
  return year === null
    ? 'the latest published figures'
    : `the figures for periods beginning in ${year} or, where there are none, the latest before`;
}

function measureRows(
  profile: Profile,
  slugs: readonly string[],
  presented: ReadonlyMap<string, ProfileRow>,
): { rows: MeasureRow[]; absent: string[] } {
  const raw = new Map(profile.metrics.map((m) => [m.slug, m]));
  const rows = slugs.flatMap((slug) => {
    const row = presented.get(slug);
    const source = raw.get(slug);
    if (!row || !source) return [];
    return [
      {
        // The page draws each sparkline with an id of its own: one measure may be in two sections.
        ...row,
        sparkline: null,
        periodCode: source.period?.code ?? null,
        recent: isFigured(source) ? source.recent : [],
        recentTrend: isFigured(source) ? source.recentTrend : null,
      },
    ];
  });
  return { rows, absent: slugs.filter((s) => !raw.has(s)) };
}

/** How a run says its texts: a line, and paragraphs that speak of figures. */
interface Words {
  say(text: string): string;
  /**
   * The paragraphs said, but for those naming a measure the area has no figure of: "not
   * available children were looked after" says nothing. Those measures are named instead.
   */
  paragraphs(texts: readonly string[]): { said: string[]; unsaid: string[] };
}

function wordsOf(context: TokenContext, facts: ReadonlyMap<string, MetricFacts>): Words {
  const say = (text: string) => renderText(text, context);
  const lacking = (text: string) =>
    metricsNamed(text).filter((slug) => (facts.get(slug)?.value ?? null) === null);
  return {
    say,
    paragraphs(texts) {
      const unsaid = [...new Set(texts.flatMap(lacking))];
      return {
        said: texts.filter((t) => lacking(t).length === 0).map(say),
        unsaid: unsaid.map((slug) => facts.get(slug)?.title ?? slug),
      };
    },
  };
}

function sectionModel(
  section: ReportSection,
  words: Words,
  figures: RunFigures,
  presented: ReadonlyMap<string, ProfileRow>,
): SectionModel {
  const { said, unsaid } = words.paragraphs(section.intro);
  const common = { heading: words.say(section.heading), intro: said, unsaid };
  switch (section.kind) {
    case 'text':
      return { ...common, kind: 'text' };
    case 'tiles':
    case 'table':
      return {
        ...common,
        kind: section.kind,
        ...measureRows(figures.profile, section.metrics, presented),
      };
    case 'ranked':
    case 'series':
    case 'map':
      return {
        ...common,
        kind: section.kind,
        slug: section.metric,
        chart: figures.charts.get(section.metric) ?? { missing: 'This measure is not held.' },
      };
    case 'quadrant': {
      const axis = (slug: string): QuadrantAxisData =>
        figures.quadrants.get(slug) ?? { missing: 'This measure is not held.', title: slug };
      return {
        ...common,
        kind: 'quadrant',
        cost: axis(section.cost),
        outcome: axis(section.outcome),
      };
    }
    case 'grid': {
      // One read serves every grid of the report: each shows its own measures, in its order.
      const all = figures.grid;
      const metrics = section.metrics.flatMap(
        (s) => all?.metrics.filter((m) => m.slug === s) ?? [],
      );
      return {
        ...common,
        kind: 'grid',
        grid: all ? { ...all, metrics } : null,
        subject: figures.profile.area.code,
        absent: section.metrics.filter((s) => !metrics.some((m) => m.slug === s)),
      };
    }
  }
}

/** The report, run: its words said for the area, group and period, and its sections' figures. */
export function buildReport(report: ReportDefinition, figures: RunFigures): ReportModel {
  const { profile } = figures;
  const facts = new Map(profile.metrics.map((m) => [m.slug, metricFacts(m)]));
  const context: TokenContext = {
    area: { name: profile.area.shortName, code: profile.area.code },
    group: {
      label: profile.group.label,
      size: profile.group.size,
      councils: councilsWord(profile.group.kind),
    },
    period: { label: periodLabel(figures.year) },
    metric: (slug) => facts.get(slug),
  };
  const words = wordsOf(context, facts);
  const presented = new Map(
    profileRows(profile, '', figures.typePlural).map((row) => [row.slug, row]),
  );
  const chartsUnpublished = [...figures.charts.values()].some(
    (c) => 'page' in c && c.page.unpublished,
  );
  const gridUnpublished =
    figures.grid?.metrics.some((m) => m.values.some((v) => v.unpublished)) ?? false;
  const quadrantsUnpublished = [...figures.quadrants.values()].some(
    (q) => 'figures' in q && q.figures.members.some((m) => m.unpublished),
  );
  return {
    slug: report.slug,
    revision: report.revision,
    title: words.say(report.title),
    audience: words.say(report.audience),
    area: { code: profile.area.code, name: profile.area.shortName, type: profile.area.type },
    group: profile.group,
    year: figures.year,
    periodLabel: periodLabel(figures.year),
    asOf: figures.asOf,
    sections: report.sections.map((s) => sectionModel(s, words, figures, presented)),
    unpublished:
      profile.unpublished || chartsUnpublished || gridUnpublished || quadrantsUnpublished,
  };
}

/** A figure of the grid as shown. */
export function gridCell(
  figure: Measured,
  metric: { decimalPlaces: number; unit: string | null },
): string {
  return formatValue(shown(figure), metric);
}
