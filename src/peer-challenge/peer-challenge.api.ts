import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../app/services.ts';
import { byteOrderMark, csvLine } from '../data/formats/csv.ts';
import { negotiateFormat } from '../data/formats/media-types.ts';
import { parseInput } from '../shared/validation.ts';
import type { YearFigures } from './figures.ts';
import { challengeType } from './challenge-types.ts';
import { figuresQuery } from './peer-challenge.schema.ts';

const csvColumns = [
  'programme_year',
  'as_at',
  'type',
  'type_name',
  'delivered',
  'confirmed',
  'in_discussion',
  'illustrative',
];

/** One row per year and type, then the year's total as the type "all". */
function sendCsv(
  reply: FastifyReply,
  head: { asAt: string | null; illustrative: boolean; year: string | undefined },
  years: readonly YearFigures[],
) {
  const lines = years.flatMap((y) =>
    [
      ...y.byType.map((t) => ({ ...t, name: challengeType(t.type).title })),
      { type: 'all', name: 'All types', ...y.total },
    ].map((t) =>
      csvLine([
        y.year,
        head.asAt,
        t.type,
        t.name,
        t.delivered,
        t.confirmed,
        t.inDiscussion,
        String(head.illustrative),
      ]),
    ),
  );
  const name = ['openlg-peer-challenge-figures', head.year, head.asAt].filter(Boolean).join('-');
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(byteOrderMark + csvLine(csvColumns) + lines.join(''));
}

/**
 * The peer challenge programme's published figures on the open data API (registered in its
 * scope: public-api.ts): counts by year and type, the same for every reader.
 */
export function registerPeerChallengeApi(app: FastifyInstance, { peerChallenges }: Services) {
  app.get('/api/v1/peer-challenge/figures', async (request, reply) => {
    const query = parseInput(figuresQuery, request.query);
    const figures = await peerChallenges.figures(query);
    const years = figures.chosen ? [figures.chosen] : figures.years;
    const format =
      query.format ?? (negotiateFormat(request.headers.accept) === 'csv' ? 'csv' : 'json');
    const head = { asAt: figures.asAt, illustrative: figures.illustrative };
    if (format === 'csv') return sendCsv(reply, { ...head, year: query.year }, years);
    return { ...head, years };
  });
}
