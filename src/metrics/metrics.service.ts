import type { Db } from '../db/database.ts';
import { publicSight, type Sight } from '../db/visibility.ts';
import { areaTypes, themes, type AreaType } from '../db/vocabulary.ts';
import { NotFoundError } from '../shared/errors.ts';
import { httpUrlOrNull } from '../shared/url.ts';
import { decodeComparableAcross } from './comparable-across.ts';
import * as leagueRepository from './league-table.repository.ts';
import * as repository from './metrics.repository.ts';
import { themeLabels, type MetricSearch } from './metrics.schema.ts';

export interface PeriodRef {
  code: string;
  label: string;
}

export interface PeriodCoverage extends PeriodRef {
  type: string;
  startDate: string;
  endDate: string;
  /** Per area type: rows held, and how many of them carry a value (the rest say why not). */
  areaTypes: Partial<Record<AreaType, { observations: number; values: number }>>;
}

export interface Coverage {
  areaTypes: AreaType[];
  firstPeriod: PeriodRef | null;
  lastPeriod: PeriodRef | null;
  lastUpdated: string | null;
  periods: PeriodCoverage[];
}

/** What a list says of a metric's coverage: Coverage without the periods, and their count. */
export type CoverageSummary = Omit<Coverage, 'periods'> & { periodCount: number };

/**
 * Each metric's coverage summary a reader with `sight` (the public's by default) sees, by metric
 * id; a metric with no values they may see has none.
 */
export async function coverageSummaries(
  db: Db,
  metricIds: readonly number[],
  sight: Sight = publicSight,
): Promise<Map<number, CoverageSummary>> {
  const rows = await repository.coverageSummaries(db, metricIds, sight);
  return new Map(
    rows.map((row) => [
      row.metric_id,
      {
        areaTypes: areaTypes.filter((t) => row.area_types.includes(t)),
        firstPeriod: { code: row.first_code, label: row.first_label },
        lastPeriod: { code: row.last_code, label: row.last_label },
        lastUpdated: new Date(row.last_changed).toISOString(),
        periodCount: row.periods,
      },
    ]),
  );
}

const noCoverage: CoverageSummary = {
  areaTypes: [],
  firstPeriod: null,
  lastPeriod: null,
  lastUpdated: null,
  periodCount: 0,
};

/** Folds visible coverage rows (oldest period first) into what the catalogue says of a metric. */
export function summariseCoverage(rows: readonly repository.CoverageRow[]): Coverage {
  const periods = new Map<string, PeriodCoverage>();
  const types = new Set<AreaType>();
  let lastUpdated: Date | null = null;
  for (const row of rows) {
    types.add(row.area_type);
    const changed = new Date(row.last_changed as string | Date);
    if (!lastUpdated || changed > lastUpdated) lastUpdated = changed;
    let period = periods.get(row.code);
    if (!period) {
      period = {
        code: row.code,
        label: row.label,
        type: row.type,
        startDate: row.start_date,
        endDate: row.end_date,
        areaTypes: {},
      };
      periods.set(row.code, period);
    }
    period.areaTypes[row.area_type] = {
      observations: Number(row.observations),
      values: Number(row.values),
    };
  }
  const list = [...periods.values()];
  const ref = (p: PeriodCoverage | undefined) => (p ? { code: p.code, label: p.label } : null);
  return {
    areaTypes: areaTypes.filter((t) => types.has(t)),
    firstPeriod: ref(list[0]),
    lastPeriod: ref(list.at(-1)),
    lastUpdated: lastUpdated?.toISOString() ?? null,
    periods: list,
  };
}

function toMetric(
  row: repository.MetricRow | NonNullable<Awaited<ReturnType<typeof repository.findMetric>>>,
) {
  return {
    slug: row.slug,
    title: row.title,
    subtitle: row.subtitle,
    unit: row.unit,
    measure: row.measure,
    decimalPlaces: row.decimal_places,
    polarity: row.polarity,
    theme: row.theme,
    source: {
      organisation: row.source_organisation,
      // Metadata imported before links were checked may hold any text: only http(s) is a link.
      url: httpUrlOrNull(row.source_url),
      licence: row.licence,
    },
    synthetic: row.synthetic,
  };
}

export class MetricsService {
  constructor(private readonly db: Db) {}

  /** The metrics a reader with `sight` (the public's by default) may know that match. */
  async search(query: MetricSearch, sight: Sight = publicSight) {
    const words = (query.q ?? '').split(/\s+/).filter(Boolean);
    const rows = await repository.searchMetrics(
      this.db,
      {
        words,
        ...(query.theme ? { theme: query.theme } : {}),
        ...(query.areaType ? { areaTypes: query.areaType } : {}),
        limit: query.limit,
        offset: query.offset,
      },
      sight,
    );
    const coverage = await coverageSummaries(
      this.db,
      rows.map((r) => r.id),
      sight,
    );
    return {
      total: Number(rows[0]?.total ?? 0),
      metrics: rows.map((row) => {
        const summary = coverage.get(row.id) ?? noCoverage;
        return {
          ...toMetric(row),
          areaTypes: summary.areaTypes,
          firstPeriod: summary.firstPeriod,
          lastPeriod: summary.lastPeriod,
          lastUpdated: summary.lastUpdated,
        };
      }),
    };
  }

  /** The titles of those of these metrics a reader with `sight` may see, without coverage. */
  async titles(slugs: readonly string[], sight: Sight = publicSight): Promise<Map<string, string>> {
    const rows = await repository.searchMetrics(
      this.db,
      { words: [], slugs, limit: 1000, offset: 0 },
      sight,
    );
    return new Map(rows.map((r) => [r.slug, r.title]));
  }

  /** Themes in their fixed order, with how many public metrics each has. */
  async themes() {
    const counts = new Map(
      (await repository.countByTheme(this.db)).map((r) => [r.theme, Number(r.n)]),
    );
    return themes.flatMap((theme) => {
      const count = counts.get(theme) ?? 0;
      return count > 0 ? [{ value: theme, label: themeLabels[theme], count }] : [];
    });
  }

  /**
   * One metric with its full metadata and the periods a reader with `sight` (the public's by
   * default) may see; 404 if none.
   */
  async get(slug: string, sight: Sight = publicSight) {
    const row = await repository.findMetric(this.db, slug, sight);
    const coverage = row
      ? summariseCoverage(await repository.visibleCoverage(this.db, [row.id], sight))
      : null;
    if (!row || !coverage || coverage.periods.length === 0) throw new NotFoundError('Metric', slug);
    return {
      ...toMetric(row),
      description: row.description,
      caveats: row.caveats,
      periodicity: row.periodicity,
      ...coverage,
    };
  }

  /**
   * What a measure's league table ranks: every figure of the metric in the period (the latest
   * when asked) that a reader with `sight` sees, with each area's type, lifetime and region, and
   * the sets its figures are comparable across. One range of the observations' primary key.
   */
  async leagueTable(slug: string, periodCode: string, sight: Sight) {
    const metric = await repository.findMetric(this.db, slug, sight);
    if (!metric) throw new NotFoundError('Metric', slug);
    const { periods } = summariseCoverage(
      await repository.visibleCoverage(this.db, [metric.id], sight),
    );
    const period =
      periodCode === 'latest' ? periods.at(-1) : periods.find((p) => p.code === periodCode);
    // Worded as for a period that is not stored: which periods hidden values hold is news.
    if (!period) throw new NotFoundError(`Data for ${slug} in period`, periodCode);
    return {
      period,
      across: decodeComparableAcross(metric.comparable_across),
      rows: await leagueRepository.valuesInPeriod(this.db, metric.id, period.code, sight),
    };
  }
}
