import type { DataAnswer, MetricMetadata } from '../data.answer.ts';

const serialised = new WeakMap<MetricMetadata, string>();

/**
 * A metric's metadata as JSON, serialised once per metadata object: an answer over every metric
 * would otherwise spend most of its time writing the same metadata again.
 */
function metricJson(m: MetricMetadata): string {
  let text = serialised.get(m);
  if (text === undefined) {
    text = JSON.stringify({
      slug: m.slug,
      title: m.title,
      subtitle: m.subtitle,
      unit: m.unit,
      measure: m.measure,
      decimalPlaces: m.decimalPlaces,
      polarity: m.polarity,
      theme: m.theme,
      source: m.source,
      licence: m.licence,
    });
    serialised.set(m, text);
  }
  return text;
}

/**
 * The opening of an answer with these metrics, as bytes, made once per list: an answer over every
 * metric shares its list with every other such answer until the catalogue changes, and that list
 * is most of its bytes.
 */
const openings = new WeakMap<readonly MetricMetadata[], Buffer>();
function opening(metrics: readonly MetricMetadata[]): Buffer {
  let bytes = openings.get(metrics);
  if (bytes === undefined) {
    bytes = Buffer.from(`{"metrics":[${metrics.map(metricJson).join(',')}],"observations":`);
    openings.set(metrics, bytes);
  }
  return bytes;
}

/**
 * The JSON answer, as UTF-8 bytes. Metric descriptions and caveats, long texts that would outweigh
 * the values of a many-metric answer, stay at /api/v1/metrics/{slug}. An observation carries lci
 * and uci when include has ci, and its status when include has status or when it has no value: a
 * missing value always says why.
 */
export function answerJson(answer: DataAnswer): Buffer {
  const ci = answer.include.includes('ci');
  const status = answer.include.includes('status');
  const observations = answer.observations.map((o) => {
    const shown: Record<string, unknown> = {
      metric: o.metric,
      area: o.area,
      areaName: o.areaName,
      period: o.period,
      periodLabel: o.periodLabel,
      value: o.value,
    };
    if (ci) {
      shown.lci = o.lci;
      shown.uci = o.uci;
    }
    if (status || o.value === null) shown.status = o.status;
    if (o.rank !== undefined) {
      shown.rank = o.rank;
      shown.quartileBand = o.quartileBand ?? null;
      shown.rankNote = o.rankNote ?? null;
    }
    if (o.benchmark !== undefined) shown.benchmark = o.benchmark;
    return shown;
  });
  const rest = JSON.stringify({
    total: answer.total,
    limit: answer.limit,
    offset: answer.offset,
    attribution: answer.attribution,
    licence: answer.licence,
    ...(answer.asOf ? { asOf: answer.asOf.toISOString() } : {}),
  });
  return Buffer.concat([
    opening(answer.metrics),
    Buffer.from(`${JSON.stringify(observations)},${rest.slice(1)}`),
  ]);
}
