import type { AreaType } from '../db/vocabulary.ts';
import { dataQuery, maxCells, type DataFormat, type DataQuery } from './data.schema.ts';

/**
 * About how many areas of each type the register holds, former councils included (rounded up):
 * enough to tell a one-council question from an every-council one before reading anything.
 */
const areasOfType: Record<AreaType, number> = {
  county: 40,
  district: 300,
  unitary: 80,
  'metropolitan-district': 36,
  'london-borough': 33,
  'sui-generis': 2,
  'combined-authority': 15,
  'strategic-authority': 1,
  'fire-and-rescue-authority': 30,
  region: 9,
  nation: 4,
  'welsh-unitary': 22,
  'scottish-unitary': 32,
  'northern-ireland-district': 26,
};

/** What `metric=*` counts as: the demo catalogue holds about this many metrics. */
export const everyMetricCost = 200;
/** A named group is most often a council's nearest neighbours or a type in a region. */
const groupCost = 20;
/** A range of periods is most often a series of a few years to a decade. */
const rangeCost = 10;

/** The cost of a bulk file: read whole, however little the client keeps of it. */
export const bulkCost = { metric: 20_000, all: 1_000_000 } as const;

/**
 * The cost of a /api/v1/data request in cells (values read and written), worked out from its
 * query alone, before any work: metrics × areas × periods, capped where the answer is (by limit,
 * or by the cells one answer may hold), times what include and format add. Ranks read every
 * area's value of each period on the page, a benchmark England's, asOf the revision history, and
 * a workbook costs several times its CSV. A query that does not parse costs 1: it is refused
 * without reading anything. `negotiated` is the format the Accept header or the address chose.
 */
export function dataCost(rawQuery: unknown, negotiated: DataFormat): number {
  const parsed = dataQuery.safeParse(rawQuery);
  if (!parsed.success) return 1;
  const query = parsed.data;
  const cells = Math.min(
    metricCount(query) * areaCount(query) * periodCount(query),
    query.limit === undefined ? maxCells : (query.offset ?? 0) + query.limit,
  );
  const include =
    (query.include.includes('rank') ? 2 : 1) * (query.include.includes('benchmark') ? 1.25 : 1);
  const history = query.asOf === undefined ? 1 : 2;
  const workbook = (query.format ?? negotiated) === 'xlsx' ? 3 : 1;
  return Math.ceil(cells * include * history * workbook);
}

function metricCount(query: DataQuery): number {
  return query.metric === '*' ? everyMetricCost : query.metric.length;
}

function areaCount(query: DataQuery): number {
  if (query.area) return query.area.length;
  if (query.group) return query.group.codes?.length ?? groupCost;
  return (query.areaType ?? []).reduce((sum, type) => sum + areasOfType[type], 0);
}

function periodCount(query: DataQuery): number {
  const period = query.period;
  if (period.kind === 'latest') return period.count;
  if (period.kind === 'ids') return period.codes.length;
  return rangeCost;
}
