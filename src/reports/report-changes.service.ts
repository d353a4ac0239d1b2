import type { ComparisonService } from '../comparison/comparison.service.ts';
import type { Db } from '../db/database.ts';
import type { Sight } from '../db/visibility.ts';
import { figureChanges, type FigureChange, type ReadFigure } from './report.changes.ts';
import { reportMetrics } from './report.model.ts';
import * as openings from './report-openings.repository.ts';
import type { ReportDefinition } from './report.schema.ts';
import type { RunOptions } from './report.service.ts';

type Profile = Awaited<ReturnType<ComparisonService['profile']>>;

/** The area's figure of each measure of a profile, in the period it shows. */
function readFigures(profile: Profile): ReadFigure[] {
  return profile.metrics.map((m) => ({
    slug: m.slug,
    title: m.title,
    period: m.period,
    figure: 'value' in m ? m.value : null,
    format: { decimalPlaces: m.decimalPlaces, unit: m.unit },
  }));
}

/**
 * What changed in a report's figures since a moment: its measures for the area read as they
 * were published then and as they are now (or at the run's asOf), both with the reader's
 * sight, so that nobody is told of a figure they may not see. And when each signed-in person
 * last opened a report for an area, the moment they are told of by default.
 */
export class ReportChangesService {
  constructor(
    private readonly db: Db,
    private readonly comparison: ComparisonService,
  ) {}

  async since(
    report: ReportDefinition,
    options: RunOptions,
    sight: Sight,
    since: Date,
  ): Promise<FigureChange[]> {
    const until = options.year === null ? undefined : `${options.year}-12-31`;
    const slugs = reportMetrics(report);
    const read = async (at: Date | undefined) =>
      readFigures(
        await this.comparison.profile(options.area, options.group, slugs, sight, until, at),
      );
    const [before, now] = await Promise.all([read(since), read(options.asOf)]);
    return figureChanges(before, now);
  }

  /** When the person last opened the report for the area (null: never), now recorded. */
  async opened(opening: openings.Opening, now: Date = new Date()): Promise<Date | null> {
    const last = await openings.lastOpened(this.db, opening);
    await openings.recordOpening(this.db, opening, now);
    return last;
  }
}
