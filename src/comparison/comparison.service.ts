import type { AreasService } from '../areas/areas.service.ts';
import type { Db } from '../db/database.ts';
import type { GroupsService } from '../groups/groups.service.ts';
import * as metricsRepository from '../metrics/metrics.repository.ts';
import { summariseCoverage } from '../metrics/metrics.service.ts';
import { NotFoundError } from '../shared/errors.ts';
import * as repository from './comparison.repository.ts';
import { compareGroup, compareWithBenchmark, type AreaValue, type Measured } from './statistics.ts';
import { directionOfTravel, recentTrend, trendPeriods } from './trend.ts';

export const englandCode = 'E92000001';

export interface CompareRequest {
  metric: string;
  area: string;
  /** A stored group id, or a custom list of GSS codes; the area's nearest neighbours if absent. */
  group?: { id: string } | { codes: string[] };
  period: string;
}

const missing: Measured = { value: null, lci: null, uci: null, status: 'not-available' };

function measured(row: repository.ValueRow | undefined): Measured {
  return row ? { value: row.value, lci: row.lci, uci: row.uci, status: row.status } : missing;
}

export class ComparisonService {
  constructor(
    private readonly db: Db,
    private readonly areas: AreasService,
    private readonly groups: GroupsService,
  ) {}

  /**
   * One area against a group for one metric and period: its value, rank, quartile band,
   * significance against England, its region and the group median, direction of travel since the
   * previous period, the recent trend, and the group's statistics.
   */
  async compare(request: CompareRequest) {
    const metric = await metricsRepository.findMetric(this.db, request.metric);
    if (!metric) throw new NotFoundError('Metric', request.metric);
    const area = await this.areas.getSummary(request.area);

    let group: { id: string; label: string; kind: string };
    let members: string[];
    if (request.group && 'codes' in request.group) {
      const known = await this.areas.namesOf(request.group.codes);
      const unknown = request.group.codes.filter((c) => !known.has(c));
      if (unknown.length > 0) throw new NotFoundError('Area', unknown.join(', '));
      group = {
        id: `custom:${request.group.codes.join(',')}`,
        label: 'Custom group',
        kind: 'custom',
      };
      members = request.group.codes;
    } else {
      const id =
        request.group?.id ?? `nn:${this.groups.defaultModel(area.type)}:${area.code}`.toLowerCase();
      const found = await this.groups.memberCodes(id);
      group = { id: found.group.id, label: found.group.label, kind: found.group.kind };
      members = found.codes;
    }
    const codes = [...new Set([area.code, ...members])];

    const coverage = summariseCoverage(
      await metricsRepository.visibleCoverage(this.db, [metric.id]),
    );
    const periods = coverage.periods;
    if (periods.length === 0) throw new NotFoundError('Metric', request.metric);
    let index = periods.length - 1;
    if (request.period !== 'latest') {
      index = periods.findIndex((p) => p.code === request.period);
      if (index < 0) {
        if (!(await repository.periodExists(this.db, request.period)))
          throw new NotFoundError('Period', request.period);
        throw new NotFoundError(`Data for ${metric.slug} in period`, request.period);
      }
    }
    const window = periods.slice(Math.max(0, index - trendPeriods + 1), index + 1);
    const period = periods[index];
    if (!period) throw new NotFoundError('Period', request.period);
    const region = area.parents.region?.code;
    const rows = await repository.valuesFor(
      this.db,
      metric.id,
      window.map((p) => p.code),
      [...codes, englandCode, ...(region ? [region] : [])],
    );
    const at = (code: string, periodCode: string) =>
      measured(rows.find((r) => r.code === code && r.period === periodCode));

    const values: AreaValue[] = codes.map((code) => ({ area: code, ...at(code, period.code) }));
    const comparison = compareGroup(values, metric.polarity);
    if (!comparison.statistics)
      throw new NotFoundError(
        `Data for ${metric.slug} in the group ${group.id} in period`,
        period.code,
      );
    const subject = at(area.code, period.code);
    const england = at(englandCode, period.code);
    const regional = region ? at(region, period.code) : missing;
    const previous = window.at(-2);
    const names = await this.areas.namesOf(codes);
    const standing = comparison.standings.find((s) => s.area === area.code);
    return {
      metric: {
        slug: metric.slug,
        title: metric.title,
        unit: metric.unit,
        decimalPlaces: metric.decimal_places,
        polarity: metric.polarity,
      },
      area: { code: area.code, name: area.shortName, type: area.type },
      group: { ...group, size: codes.length },
      period: { code: period.code, label: period.label },
      value: subject,
      standing,
      rankedBy: comparison.rankedBy,
      benchmarks: {
        england: { code: englandCode, ...england },
        region: region ? { code: region, ...regional } : null,
        groupMedian: comparison.statistics.median,
      },
      significance: {
        england: compareWithBenchmark(subject, england.value, metric.polarity),
        region: compareWithBenchmark(subject, regional.value, metric.polarity),
        groupMedian: compareWithBenchmark(subject, comparison.statistics.median, metric.polarity),
      },
      directionOfTravel: previous
        ? {
            from: { code: previous.code, label: previous.label },
            ...directionOfTravel(at(area.code, previous.code), subject, metric.polarity),
          }
        : null,
      recentTrend: {
        from: window[0] ? { code: window[0].code, label: window[0].label } : null,
        ...recentTrend(
          window.map((p) => at(area.code, p.code)),
          metric.polarity,
        ),
      },
      statistics: comparison.statistics,
      standings: comparison.standings.map((s) => ({ ...s, name: names.get(s.area) ?? s.area })),
    };
  }
}
