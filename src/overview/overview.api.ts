import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../app/services.ts';
import { byteOrderMark, csvLine } from '../data/formats/csv.ts';
import { parseInput } from '../shared/validation.ts';
import type { MeasureDirection } from './overview.service.ts';
import { england } from './overview.service.ts';
import { overviewQuery } from './overview.schema.ts';

const csvColumns = [
  'basket',
  'basket_version',
  'baseline',
  'area',
  'area_name',
  'metric',
  'title',
  'theme',
  'direction',
  'reason',
  'decided_by',
  'baseline_period',
  'baseline_value',
  'latest_period',
  'latest_value',
];

function sendCsv(
  reply: FastifyReply,
  head: { basket: { slug: string; version: number }; baseline: { id: string } },
  area: { code: string; name: string },
  measures: readonly MeasureDirection[],
) {
  const lines = measures.map((m) =>
    csvLine([
      head.basket.slug,
      head.basket.version,
      head.baseline.id,
      area.code,
      area.name,
      m.metric,
      m.title,
      m.theme,
      m.direction,
      m.reason,
      m.decidedBy,
      m.baseline.period,
      m.baseline.value,
      m.latest.period,
      m.latest.value,
    ]),
  );
  return reply
    .type('text/csv; charset=utf-8')
    .header(
      'content-disposition',
      `attachment; filename="openlg-overview-${head.basket.slug}-${head.baseline.id}-${area.code}.csv"`,
    )
    .send(byteOrderMark + csvLine(csvColumns) + lines.join(''));
}

/** The baskets' definitions, as the public reads them. */
function describeBaskets(overview: Services['overview']) {
  return overview.baskets.map((b) => ({
    slug: b.slug,
    version: b.version,
    title: b.title,
    description: b.description,
    baselines: b.baselines,
    measures: b.measures.map((m) => ({
      metric: m.metric,
      polarity: m.polarity ?? null,
      useIntervals: m.useIntervals,
      tolerance: m.tolerance,
      baselinePeriods: m.baselinePeriods,
      methodChanges: m.methodChanges,
    })),
  }));
}

/**
 * The sector overview on the open data API (registered in its scope: public-api.ts): public
 * figures only, looked up from the kept overview, the same for every reader.
 */
export function registerOverviewApi(app: FastifyInstance, { overview }: Services) {
  app.get('/api/v1/overview/baskets', async () => ({ baskets: describeBaskets(overview) }));

  app.get('/api/v1/overview', async (request, reply) => {
    const query = parseInput(overviewQuery, request.query);
    const answer =
      query.area === undefined || query.area === england
        ? await overview.sector(query.basket, query.baseline)
        : await overview.council(query.basket, query.area, query.baseline);
    const head = {
      basket: {
        slug: answer.basket.slug,
        version: answer.basket.version,
        title: answer.basket.title,
      },
      baseline: answer.baseline,
    };
    if (query.format === 'csv') return sendCsv(reply, head, answer.area, answer.measures);
    return { ...answer, ...head };
  });
}
