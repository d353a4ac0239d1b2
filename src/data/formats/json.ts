import type { DataAnswer } from '../data.service.ts';

/**
 * The JSON answer. Metric descriptions and caveats, long texts that would outweigh the values of
 * a many-metric answer, stay at /api/v1/metrics/{slug}. An observation carries lci and uci when include has ci, and its status when
 * include has status or when it has no value: a missing value always says why.
 */
export function answerJson(answer: DataAnswer) {
  const ci = answer.include.includes('ci');
  const status = answer.include.includes('status');
  return {
    metrics: answer.metrics.map((m) => ({
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
    })),
    observations: answer.observations.map((o) => ({
      metric: o.metric,
      area: o.area,
      areaName: o.areaName,
      period: o.period,
      periodLabel: o.periodLabel,
      value: o.value,
      ...(ci ? { lci: o.lci, uci: o.uci } : {}),
      ...(status || o.value === null ? { status: o.status } : {}),
      ...(o.rank !== undefined ? { rank: o.rank, quartileBand: o.quartileBand ?? null } : {}),
      ...(o.benchmark !== undefined ? { benchmark: o.benchmark } : {}),
    })),
    total: answer.total,
    limit: answer.limit,
    offset: answer.offset,
    attribution: answer.attribution,
    licence: answer.licence,
    ...(answer.asOf ? { asOf: answer.asOf.toISOString() } : {}),
  };
}
