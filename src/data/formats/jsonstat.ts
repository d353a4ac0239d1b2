import type { DataAnswer } from '../data.answer.ts';

/** A cell the answer holds no value for. */
const noValue = 'not-available';

/**
 * The answer as a JSON-stat 2.0 dataset (https://json-stat.org/format/): dimensions metric,
 * area and period, in that order, with the metrics' units and decimals; the value array in
 * row-major order (the period changes fastest). Every requested metric is a category; areas and
 * periods are those holding at least one value. A cell with a status other than "ok" says so
 * in `status`, and a cell the answer has no value for is null with status "not-available".
 */
export function answerJsonStat(answer: DataAnswer) {
  const areaNames = new Map<string, string>();
  const periodLabels = new Map<string, string>();
  for (const o of answer.observations) {
    areaNames.set(o.area, o.areaName);
    periodLabels.set(o.period, o.periodLabel);
  }
  const metrics = answer.metrics.map((m) => m.slug);
  // GSS codes and ISO period codes (start date first) both sort into a sensible order as text.
  const areas = [...areaNames.keys()].sort();
  const periods = [...periodLabels.keys()].sort();
  const index = (ids: readonly string[]) => new Map(ids.map((id, i) => [id, i]));
  const [metricAt, areaAt, periodAt] = [index(metrics), index(areas), index(periods)];
  const cells = metrics.length * areas.length * periods.length;
  const value: (number | null)[] = new Array<number | null>(cells).fill(null);
  const filled = new Uint8Array(cells);
  const status: Record<string, string> = {};
  for (const o of answer.observations) {
    const m = metricAt.get(o.metric);
    const a = areaAt.get(o.area);
    const p = periodAt.get(o.period);
    if (m === undefined || a === undefined || p === undefined) continue;
    const at = (m * areas.length + a) * periods.length + p;
    value[at] = o.value;
    filled[at] = 1;
    if (o.status !== 'ok') status[String(at)] = o.status;
  }
  filled.forEach((held, at) => {
    if (!held) status[String(at)] = noValue;
  });
  const titles = answer.metrics.map((m) => m.title);
  return {
    version: '2.0',
    class: 'dataset',
    label: titles.length <= 3 ? titles.join('; ') : `${titles.length} openlg metrics`,
    source: answer.attribution,
    ...(answer.asOf ? { updated: answer.asOf.toISOString() } : {}),
    note: [answer.attribution, `Licence: ${answer.licence}.`],
    id: ['metric', 'area', 'period'],
    size: [metrics.length, areas.length, periods.length],
    role: { metric: ['metric'], geo: ['area'], time: ['period'] },
    dimension: {
      metric: {
        label: 'Metric',
        category: {
          index: metrics,
          label: Object.fromEntries(answer.metrics.map((m) => [m.slug, m.title])),
          unit: Object.fromEntries(
            answer.metrics.map((m) => [
              m.slug,
              { decimals: m.decimalPlaces, ...(m.unit ? { label: m.unit } : {}) },
            ]),
          ),
        },
      },
      area: {
        label: 'Area',
        category: { index: areas, label: Object.fromEntries(areaNames) },
      },
      period: {
        label: 'Period',
        category: { index: periods, label: Object.fromEntries(periodLabels) },
      },
    },
    value,
    status,
    extension: {
      licence: answer.licence,
      attribution: answer.attribution,
      ...(answer.asOf ? { asOf: answer.asOf.toISOString() } : {}),
    },
  };
}
