import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../app/services.ts';
import { byteOrderMark, csvLine } from '../data/formats/csv.ts';
import { negotiateFormat } from '../data/formats/media-types.ts';
import { parseInput } from '../shared/validation.ts';
import type { PeerDaysQuery } from './peer-days.schema.ts';
import { peerDaysQuery } from './peer-days.schema.ts';
import type { PublicLedger } from './peer-days.service.ts';

const csvColumns = [
  'breakdown',
  'programme_year',
  'area_code',
  'name',
  'peer_days',
  'places',
  'from',
  'to',
  'illustrative',
];

/** The ledger as the API answers it: public totals, councils named, no peer anywhere. */
export function ledgerAnswer(found: PublicLedger) {
  return {
    from: found.range.from ?? null,
    to: found.range.to ?? null,
    illustrative: found.illustrative,
    sinceStart: found.sinceStart,
    total: found.total,
    years: found.years,
    councils: found.councils.map((c) => ({ ...c, name: found.names.get(c.areaCode) ?? null })),
  };
}

/** One row a year, then one a giving council, then the range's total. */
function sendCsv(reply: FastifyReply, query: PeerDaysQuery, found: PublicLedger) {
  const range = [query.from ?? null, query.to ?? null] as const;
  const flag = String(found.illustrative);
  const lines = [
    ...found.years.map((y) =>
      csvLine(['year', y.year, null, null, y.days, y.places, ...range, flag]),
    ),
    ...found.councils.map((c) =>
      csvLine([
        'giving-council',
        null,
        c.areaCode,
        found.names.get(c.areaCode) ?? null,
        c.days,
        c.places,
        ...range,
        flag,
      ]),
    ),
    csvLine(['total', null, null, null, found.total.days, found.total.places, ...range, flag]),
  ];
  const name = ['openlg-peer-days', query.from, query.to].filter(Boolean).join('-');
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(byteOrderMark + csvLine(csvColumns) + lines.join(''));
}

/**
 * The peer days ledger on the open data API (registered in its scope: public-api.ts): days
 * given by programme year and by giving council over a range of years, public like the
 * programme's figures; never a peer's own days.
 */
export function registerPeerDaysApi(app: FastifyInstance, { peerDays }: Services) {
  app.get('/api/v1/peer-challenge/peer-days', async (request, reply) => {
    const query = parseInput(peerDaysQuery, request.query);
    const found = await peerDays.ledger({ from: query.from, to: query.to });
    const format =
      query.format ?? (negotiateFormat(request.headers.accept) === 'csv' ? 'csv' : 'json');
    if (format === 'csv') return sendCsv(reply, query, found);
    return ledgerAnswer(found);
  });
}
