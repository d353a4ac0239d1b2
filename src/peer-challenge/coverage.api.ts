import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../app/services.ts';
import { byteOrderMark, csvLine } from '../data/formats/csv.ts';
import { negotiateFormat } from '../data/formats/media-types.ts';
import { parseInput } from '../shared/validation.ts';
import { coverageQuery } from './coverage.schema.ts';
import { todayUtc, type ProgrammeCoverage } from './coverage.service.ts';

const csvColumns = [
  'area_code',
  'name',
  'council_type',
  'region',
  'status',
  'last_type',
  'last_on',
  'due_from',
  'overdue_from',
  'as_at',
  'illustrative',
];

/** One row per council. */
function sendCsv(reply: FastifyReply, found: ProgrammeCoverage) {
  const lines = found.councils.map((c) =>
    csvLine([
      c.code,
      c.name,
      c.type,
      c.region,
      c.status,
      c.last?.type ?? null,
      c.last?.on ?? null,
      c.dueFrom,
      c.overdueFrom,
      found.asAt,
      String(found.illustrative),
    ]),
  );
  return reply
    .type('text/csv; charset=utf-8')
    .header(
      'content-disposition',
      `attachment; filename="openlg-peer-challenge-coverage-${found.asAt}.csv"`,
    )
    .send(byteOrderMark + csvLine(csvColumns) + lines.join(''));
}

/**
 * Coverage of the corporate peer challenge on the open data API (registered in its scope:
 * public-api.ts): every current English council's last challenge and status, public like the
 * programme's published reports.
 */
export function registerCoverageApi(app: FastifyInstance, { peerCoverage }: Services) {
  app.get('/api/v1/peer-challenge/coverage', async (request, reply) => {
    const query = parseInput(coverageQuery, request.query);
    // The answer for "today" changes at midnight with no change to the records, which alone
    // key the API's validators and kept answers: send the reader to the day's own address.
    if (query.asAt === undefined) {
      const search = new URLSearchParams({ ...query, asAt: todayUtc() });
      reply.removeHeader('etag');
      reply.removeHeader('last-modified');
      return reply
        .header('cache-control', 'no-store')
        .redirect(`/api/v1/peer-challenge/coverage?${search}`, 307);
    }
    const found = await peerCoverage.coverage(query);
    const format =
      query.format ?? (negotiateFormat(request.headers.accept) === 'csv' ? 'csv' : 'json');
    if (format === 'csv') return sendCsv(reply, found);
    return found;
  });
}
