import type { Sharer } from '../accounts/sharing.ts';
import { typeLabels } from '../areas/areas.schema.ts';
import {
  englandCode,
  type ComparisonService,
  type GroupRequest,
} from '../comparison/comparison.service.ts';
import { noFigureText } from '../comparison/no-figure.ts';
import { publicSight, type Sight } from '../db/visibility.ts';
import { NotFoundError } from '../shared/errors.ts';
import { readyMadeReports } from './ready-made/index.ts';
import {
  buildReport,
  chartMetrics,
  reportMetrics,
  type ChartData,
  type Grid,
  type QuadrantAxisData,
  type ReportModel,
} from './report.model.ts';
import type { ReportDefinition } from './report.schema.ts';
import { isStoredSlug, type StoredReportsService } from './stored-reports.service.ts';

type Profile = Awaited<ReturnType<ComparisonService['profile']>>;

export interface RunOptions {
  area: string;
  /** The group to compare with; the area's own default (its nearest neighbours) if absent. */
  group?: GroupRequest;
  /** A year: each measure as it stood then. Null: the latest figures. */
  year: number | null;
  /** A past moment: the data as it was published then (read afresh, never kept). */
  asOf?: Date;
}

/**
 * Reports: the ready-made definitions, and a run of one for an area, group and period. Every
 * figure is read through the comparison service from the data as it is now, with the reader's
 * sight, so a report updates itself when data is published and shows a signed-in reader what
 * they may see.
 */
export class ReportsService {
  constructor(
    private readonly comparison: ComparisonService,
    private readonly reports: readonly ReportDefinition[] = readyMadeReports,
    /** The reports people build; none without it. */
    private readonly stored: StoredReportsService | null = null,
  ) {}

  /** The ready-made reports. */
  list(): readonly ReportDefinition[] {
    return this.reports;
  }

  /** The report `/reports/{slug}` names, ready-made or stored, if `viewer` may see it. */
  async open(slug: string, viewer: Sharer | null): Promise<ReportDefinition> {
    if (this.stored && isStoredSlug(slug)) return (await this.stored.usable(viewer, slug)).report;
    return this.find(slug);
  }

  /** The ready-made report with this slug. */
  find(slug: string): ReportDefinition {
    const found = this.reports.find((r) => r.slug === slug);
    if (!found) throw new NotFoundError('Report', slug);
    return found;
  }

  async run(
    report: ReportDefinition,
    options: RunOptions,
    sight: Sight = publicSight,
  ): Promise<ReportModel> {
    const until = options.year === null ? undefined : `${options.year}-12-31`;
    const profile = await this.comparison.profile(
      options.area,
      options.group,
      reportMetrics(report),
      sight,
      until,
      options.asOf,
    );
    const typePlural = typeLabels[profile.area.type].plural.toLowerCase();
    const held = new Set(profile.metrics.map((m) => m.slug));
    const rows = new Map(profile.metrics.map((m) => [m.slug, m]));
    const gridSlugs = [
      ...new Set(report.sections.flatMap((s) => (s.kind === 'grid' ? s.metrics : []))),
    ].filter((slug) => held.has(slug));
    const chart = async (slug: string): Promise<[string, ChartData]> => {
      const row = rows.get(slug);
      if (!row) return [slug, { missing: 'This measure is not held.' }];
      if (!row.period || !('value' in row))
        return [slug, { missing: noFigureText(row.noFigure, typePlural) }];
      const page = await this.comparison.metricPage(
        slug,
        { area: profile.area.code, period: row.period.code, ...groupOption(options) },
        sight,
        options.asOf,
      );
      return [slug, { page }];
    };
    const [charts, grid, quadrants] = await Promise.all([
      Promise.all(chartMetrics(report).map(chart)),
      gridSlugs.length > 0 ? this.grid(options, gridSlugs, sight, until) : null,
      this.quadrants(report, profile, options, sight, typePlural),
    ]);
    return buildReport(report, {
      profile,
      charts: new Map(charts),
      grid,
      quadrants,
      year: options.year,
      asOf: options.asOf ?? null,
      typePlural,
    });
  }

  /**
   * The group's figures of each measure a quadrant plots, each in the period the profile read
   * for the area, so that the quadrant's figures are the table's; or why the area has none.
   */
  private async quadrants(
    report: ReportDefinition,
    profile: Profile,
    options: RunOptions,
    sight: Sight,
    typePlural: string,
  ): Promise<Map<string, QuadrantAxisData>> {
    const slugs = [
      ...new Set(
        report.sections.flatMap((s) => (s.kind === 'quadrant' ? [s.cost, s.outcome] : [])),
      ),
    ];
    const result = new Map<string, QuadrantAxisData>();
    const wanted: { slug: string; period: string }[] = [];
    for (const slug of slugs) {
      const row = profile.metrics.find((m) => m.slug === slug);
      if (!row) result.set(slug, { missing: 'This measure is not held.', title: slug });
      else if (!row.period || !('value' in row))
        result.set(slug, { missing: noFigureText(row.noFigure, typePlural), title: row.title });
      else wanted.push({ slug, period: row.period.code });
    }
    if (wanted.length === 0) return result;
    const read = await this.comparison.groupFigures(options.area, options.group, wanted, sight);
    for (const figures of read) result.set(figures.slug, { figures });
    return result;
  }

  /** The area, its group's councils and England against the grid's measures. */
  private async grid(
    options: RunOptions,
    slugs: readonly string[],
    sight: Sight,
    until: string | undefined,
  ): Promise<Grid> {
    const { members } = await this.comparison.groupOf(options.area, options.group);
    const codes = [...new Set([options.area, ...members, englandCode])];
    return this.comparison.compareMany(codes, slugs, sight, until, options.asOf);
  }
}

function groupOption(options: RunOptions): { group?: GroupRequest } {
  return options.group ? { group: options.group } : {};
}
