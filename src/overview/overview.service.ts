import type { AreasService } from '../areas/areas.service.ts';
import type { ComparisonService } from '../comparison/comparison.service.ts';
import type { DataService } from '../data/data.service.ts';
import type { Db } from '../db/database.ts';
import { principalCouncilTypes } from '../db/vocabulary.ts';
import type { ImportSummary } from '../imports/imports.service.ts';
import { NotFoundError } from '../shared/errors.ts';
import { silentProgress, type Progress } from '../shared/progress.ts';
import type { Basket } from './baskets/basket.schema.ts';
import { readyMadeBaskets } from './baskets/ready-made.ts';
import { tally, tallyBy, type Direction, type Tally } from './direction.ts';
import { basketRows, readMetric, type MetricFigures } from './overview.recompute.ts';
import * as repository from './overview.repository.ts';

/** The sector as a whole: England's own published figure of each measure. */
export const england = 'E92000001';

export interface RecomputeSummary {
  baskets: number;
  metrics: number;
  areas: number;
  rows: number;
  seconds: number;
}

export interface MeasureDirection {
  metric: string;
  title: string;
  theme: string;
  direction: Direction;
  reason: string | null;
  decidedBy: string | null;
  baseline: { period: string | null; value: number | null };
  latest: { period: string | null; value: number | null };
}

export interface AreaOverview {
  area: { code: string; name: string };
  measures: MeasureDirection[];
  totals: Tally;
  byTheme: ({ theme: string } & Tally)[];
}

function toMeasure(row: repository.DirectionRow): MeasureDirection {
  return {
    metric: row.metric,
    title: row.title,
    theme: row.theme,
    direction: row.direction as Direction,
    reason: row.reason,
    decidedBy: row.decided_by,
    baseline: { period: row.baseline_period, value: row.baseline_value },
    latest: { period: row.latest_period, value: row.latest_value },
  };
}

function summarise(code: string, name: string, rows: readonly repository.DirectionRow[]) {
  const measures = rows.map(toMeasure);
  const themes = tallyBy(
    measures,
    (m) => m.theme,
    (m) => m.direction,
  );
  return {
    area: { code, name },
    measures,
    totals: tally(measures.map((m) => m.direction)),
    byTheme: [...themes].map(([theme, counts]) => ({ theme, ...counts })),
  };
}

/**
 * The sector overview (issue 19): each basket's direction of travel for England and every
 * current English council, worked out from the public figures whenever the data changes and
 * kept, so that every page and API answer is a lookup.
 */
export class OverviewService {
  constructor(
    private readonly db: Db,
    private readonly services: {
      data: DataService;
      areas: AreasService;
      comparison: ComparisonService;
    },
    readonly baskets: readonly Basket[] = readyMadeBaskets,
  ) {}

  basket(slug: string): Basket {
    const found = this.baskets.find((b) => b.slug === slug);
    if (!found) throw new NotFoundError('Basket', slug);
    return found;
  }

  /** Every current English principal council, by name. */
  async councils() {
    const areas = await this.services.areas.listAreas({
      types: principalCouncilTypes,
      current: true,
    });
    return areas.filter((a) => a.nation === 'england');
  }

  /** Works every basket out again from the public figures, and keeps it. */
  async recompute(progress: Progress = silentProgress): Promise<RecomputeSummary> {
    const started = performance.now();
    const codes = [england, ...(await this.councils()).map((c) => c.code)];
    const slugs = [...new Set(this.baskets.flatMap((b) => b.measures.map((m) => m.metric)))];
    const metrics = await this.figuresOf(slugs, codes, progress);
    const made = this.baskets.map((basket) => ({
      slug: basket.slug,
      version: basket.version,
      rows: basketRows(basket, metrics, codes),
    }));
    await repository.replaceAll(this.db, made);
    const rows = made.reduce((sum, basket) => sum + basket.rows.length, 0);
    const seconds = (performance.now() - started) / 1000;
    progress.done(`Overview: ${this.baskets.length} baskets, ${rows} directions`);
    return {
      baskets: this.baskets.length,
      metrics: slugs.length,
      areas: codes.length,
      rows,
      seconds,
    };
  }

  /**
   * The public figures of these measures for these areas (England and every current English
   * council when none are named), every period: what the overview and early warning judge.
   */
  async figuresOf(
    slugs: readonly string[],
    areaCodes?: readonly string[],
    progress: Progress = silentProgress,
  ): Promise<Map<string, MetricFigures | null>> {
    const codes = areaCodes ?? [england, ...(await this.councils()).map((c) => c.code)];
    progress.step(`Reading ${slugs.length} measures for ${codes.length} areas`);
    const metrics = new Map<string, MetricFigures | null>();
    for (const [i, slug] of slugs.entries()) {
      metrics.set(slug, await readMetric(this.services.data, slug, codes));
      progress.tick(i + 1, slugs.length);
    }
    return metrics;
  }

  /** Every area's kept directions in a basket since a baseline: area → metric → direction. */
  async directions(basketSlug: string, baselineId: string) {
    const basket = this.basket(basketSlug);
    const baseline = this.baselineOf(basket, baselineId);
    const rows = await repository.allRowsOf(this.db, basket.slug, baseline.id);
    const byArea = new Map<string, Map<string, MeasureDirection>>();
    for (const row of rows) {
      const ofArea = byArea.get(row.area_code) ?? new Map<string, MeasureDirection>();
      ofArea.set(row.metric, toMeasure(row));
      byArea.set(row.area_code, ofArea);
    }
    return byArea;
  }

  /** When the overview was last worked out: null if never. */
  async lastBuilt(): Promise<Date | null> {
    const builds = await repository.builds(this.db);
    return builds.reduce<Date | null>(
      (latest, b) => (!latest || b.built_at > latest ? b.built_at : latest),
      null,
    );
  }

  /** After an import: works the overview out again if the import wrote any basket's measure. */
  async afterImport(slugs: ReadonlySet<string>, progress: Progress): Promise<ImportSummary[]> {
    // Never built (the demo loading into a new store, file by file): serve's start builds it
    // once, after every file, rather than once after each.
    if ((await repository.builds(this.db)).length === 0) return [];
    if (this.baskets.some((b) => b.measures.some((m) => slugs.has(m.metric))))
      await this.recompute(progress);
    // The overview is kept beside the data, not imported into it: no import follows.
    return [];
  }

  /**
   * Works the overview out again if it is not current: a basket never built or built at another
   * version, or a measure's values become public since (an embargo ended).
   */
  async recomputeIfDue(progress: Progress = silentProgress): Promise<RecomputeSummary | null> {
    const built = new Map((await repository.builds(this.db)).map((b) => [b.basket, b.version]));
    const slugs = [...new Set(this.baskets.flatMap((b) => b.measures.map((m) => m.metric)))];
    const due =
      this.baskets.some((b) => built.get(b.slug) !== b.version) ||
      (await repository.liftedSinceBuilt(this.db, slugs));
    return due ? this.recompute(progress) : null;
  }

  /** The basket checked, with the baseline asked for (its first when none is). */
  baselineOf(basket: Basket, id: string | undefined) {
    const baseline =
      id === undefined ? basket.baselines[0] : basket.baselines.find((b) => b.id === id);
    if (!baseline) throw new NotFoundError(`Baseline of basket ${basket.slug}`, id ?? '');
    return baseline;
  }

  /**
   * The sector's direction of travel (England's figures), with, for each measure, how many
   * councils went each way.
   */
  async sector(basketSlug: string, baselineId?: string) {
    const basket = this.basket(basketSlug);
    const baseline = this.baselineOf(basket, baselineId);
    const rows = await repository.rowsOf(this.db, basket.slug, baseline.id, [england]);
    const spread = await repository.distribution(this.db, basket.slug, baseline.id, [england]);
    const byMetric = new Map<string, Map<string, number>>();
    for (const row of spread) {
      const counts = byMetric.get(row.metric) ?? new Map<string, number>();
      counts.set(row.direction, row.councils);
      byMetric.set(row.metric, counts);
    }
    const overview = summarise(england, 'England', rows);
    const councils = overview.measures.map((m) => {
      const counts = byMetric.get(m.metric);
      const of = (direction: Direction) => counts?.get(direction) ?? 0;
      return {
        metric: m.metric,
        title: m.title,
        theme: m.theme,
        improved: of('improved'),
        noChange: of('no-change'),
        worsened: of('worsened'),
        notComparable: of('not-comparable'),
      };
    });
    return { basket, baseline, builtAt: await this.builtAt(basket.slug), ...overview, councils };
  }

  /**
   * A council's direction of travel beside the sector's and the average of its nearest
   * neighbours (the group it is compared with by default).
   */
  async council(basketSlug: string, areaCode: string, baselineId?: string) {
    const basket = this.basket(basketSlug);
    const baseline = this.baselineOf(basket, baselineId);
    const area = await this.services.areas.getSummary(areaCode);
    const { group, members } = await this.services.comparison.groupOf(area.code);
    const neighbours = members.filter((code) => code !== area.code);
    const rows = await repository.rowsOf(this.db, basket.slug, baseline.id, [
      area.code,
      england,
      ...neighbours,
    ]);
    const own = rows.filter((r) => r.area_code === area.code);
    if (own.length === 0)
      throw new NotFoundError(`Overview of basket ${basket.slug} for area`, area.code);
    const counted = neighbours
      .map((code) =>
        tally(rows.filter((r) => r.area_code === code).map((r) => r.direction as Direction)),
      )
      .filter((t) => t.total > 0);
    const average = (pick: (t: Tally) => number) =>
      counted.length === 0
        ? null
        : Math.round((counted.reduce((sum, t) => sum + pick(t), 0) / counted.length) * 10) / 10;
    return {
      basket,
      baseline,
      builtAt: await this.builtAt(basket.slug),
      ...summarise(area.code, area.shortName, own),
      sector: tally(
        rows.filter((r) => r.area_code === england).map((r) => r.direction as Direction),
      ),
      neighbours: {
        group: { id: group.id, label: group.label },
        councils: counted.length,
        improved: average((t) => t.improved),
        noChange: average((t) => t.noChange),
        worsened: average((t) => t.worsened),
        notComparable: average((t) => t.notComparable),
      },
    };
  }

  private async builtAt(slug: string): Promise<Date | null> {
    const builds = await repository.builds(this.db);
    return builds.find((b) => b.basket === slug)?.built_at ?? null;
  }
}
