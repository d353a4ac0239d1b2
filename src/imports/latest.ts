/** A period's dates, ISO: what orders periods. */
interface Dates {
  startDate: string;
  endDate: string;
}

/**
 * The latest of each (area, metric) among values of one import, by period: the latest start,
 * then the latest end, the order in which the catalogue reads periods. The import's fresh-metric
 * path keeps these as the kept latest values without reading back what it has just written; the
 * SQL in refreshLatestValues defines the same thing for every other write.
 */
export function latestByAreaAndMetric<T extends { metricId: number; areaId: number }>(
  values: Iterable<T>,
  periodOf: (value: T) => Dates,
): T[] {
  const latest = new Map<string, { value: T; period: Dates }>();
  for (const value of values) {
    const key = `${value.areaId}|${value.metricId}`;
    const period = periodOf(value);
    const held = latest.get(key)?.period;
    if (
      !held ||
      period.startDate > held.startDate ||
      (period.startDate === held.startDate && period.endDate > held.endDate)
    )
      latest.set(key, { value, period });
  }
  return [...latest.values()].map((l) => l.value);
}
