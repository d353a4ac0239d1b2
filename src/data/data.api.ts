import { Readable } from 'node:stream';
import { keySight } from '../api/key-sight.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../app/services.ts';
import { BadRequestError } from '../shared/errors.ts';
import { postedParameters } from '../shared/posted-parameters.ts';
import { savedCodes } from '../saved-groups/saved-groups.choice.ts';
import { parseInput } from '../shared/validation.ts';
import { bulkCost, dataCost } from './data.cost.ts';
import { bulkMetricParam, dataQuery, type DataFormat } from './data.schema.ts';
import type { CsvDownload, DataAnswer } from './data.answer.ts';
import type { DataState } from './data.service.ts';
import { answerCsv } from './formats/csv.ts';
import { answerCsvw } from './formats/csvw.ts';
import { answerJson } from './formats/json.ts';
import { answerJsonStat } from './formats/jsonstat.ts';
import { mediaTypes, negotiateFormat } from './formats/media-types.ts';
import { answerXlsx } from './formats/xlsx.ts';

/**
 * A GET's query, or a POST's body naming the same parameters (for selections too long for an
 * address).
 */
function parameters(request: FastifyRequest): unknown {
  if (request.method !== 'POST') return joinRepeated(request.query);
  return joinRepeated(
    postedParameters(
      request.body,
      '{"metric": "employment-rate", "group": ["E06000001", "E06000002"]}',
    ),
  );
}

/**
 * The request's parameters without `format` as a query string: as the client wrote it, or, for
 * a POST, the GET address that asks the same question.
 */
function queryWithoutFormat(request: FastifyRequest, input: unknown): string {
  const search =
    request.method === 'POST'
      ? new URLSearchParams(
          Object.entries(input as Record<string, unknown>).map(([k, v]): [string, string] => [
            k,
            String(v),
          ]),
        ).toString()
      : (request.url.split('?')[1] ?? '');
  return search
    .split('&')
    .filter((part) => part !== '' && !/^format(=|$)/.test(part))
    .join('&');
}

const listParameters = new Set(['metric', 'area', 'areaType', 'period', 'include']);

/** List parameters may also be repeated (include=ci&include=rank): the values join as one list. */
function joinRepeated(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) =>
      Array.isArray(value) && listParameters.has(key) ? [key, value.join(',')] : [key, value],
    ),
  );
}

/** The data version the API's hooks read for this request, if they did (a GET or HEAD). */
function stateOf(request: FastifyRequest): DataState | undefined {
  const version = request.dataVersion;
  if (!version) return undefined;
  return { version: version.number, nextLiftAt: version.nextLiftAt };
}

function baseName(answer: DataAnswer): string {
  const [only] = answer.metrics;
  return answer.metrics.length === 1 && only ? `openlg-${only.slug}` : 'openlg-data';
}

async function sendAnswer(
  { data, savedGroups }: Pick<Services, 'data' | 'savedGroups'>,
  request: FastifyRequest,
  reply: FastifyReply,
  fixed?: 'csv' | 'csvw',
) {
  const input = parameters(request);
  const parsed = parseInput(dataQuery, input);
  const query =
    parsed.group?.saved === undefined
      ? parsed
      : {
          ...parsed,
          group: { codes: await savedCodes(savedGroups, request, reply, parsed.group.saved) },
        };
  if (fixed && query.format && query.format !== fixed)
    throw new BadRequestError(
      `format: this address always answers ${fixed}; leave format out, or ask ` +
        `/api/v1/data?format=${query.format}`,
      'format',
    );
  const format: DataFormat = fixed ?? query.format ?? negotiateFormat(request.headers.accept);
  if (!fixed) reply.header('vary', 'Accept');
  const type = (charset: boolean) => `${mediaTypes[format]}${charset ? '; charset=utf-8' : ''}`;
  // A key's holder may see more than the public: what their organisations lodged or were shared.
  const sight = await keySight(request, data);
  if (request.method === 'HEAD') {
    await data.check(query, format, stateOf(request), sight);
    return headersOnly(reply.type(type(format !== 'xlsx')));
  }
  const answer = await data.query(query, format, request.signal, stateOf(request), sight);
  const rest = queryWithoutFormat(request, input);
  const name = baseName(answer);
  switch (format) {
    case 'json':
      return reply.type(type(true)).send(answerJson(answer));
    case 'jsonstat':
      return reply
        .type(type(true))
        .header('content-disposition', `inline; filename="${name}.jsonstat.json"`)
        .send(answerJsonStat(answer));
    case 'csv':
      return reply
        .type(type(true))
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .header(
          'link',
          `</api/v1/data.csv-metadata.json?${rest}>; rel="describedby"; type="${mediaTypes.csvw}"`,
        )
        .send(answerCsv(answer));
    case 'csvw':
      // Relative, so that it resolves against wherever the metadata was fetched from.
      return reply
        .type(type(true))
        .header('content-disposition', `inline; filename="${name}.csv-metadata.json"`)
        .send(answerCsvw(answer, `data.csv?${rest}`));
    case 'xlsx':
      return reply
        .type(type(false))
        .header('content-disposition', `attachment; filename="${name}.xlsx"`)
        .send(answerXlsx(answer, `/api/v1/data?${rest}`));
  }
}

/**
 * A HEAD answer: the status and headers, no body. An empty stream rather than no payload, so
 * that Fastify does not claim a Content-Length of 0 for what GET would send.
 */
function headersOnly(reply: FastifyReply) {
  return reply.send(Readable.from([]));
}

function sendCsv(request: FastifyRequest, reply: FastifyReply, download: CsvDownload) {
  reply
    .type(`${mediaTypes.csv}; charset=utf-8`)
    .header('content-disposition', `attachment; filename="${download.filename}"`);
  // A bulk file is read as it is sent: for HEAD, nothing of it is read.
  return request.method === 'HEAD'
    ? headersOnly(reply)
    : reply.send(Readable.from(download.chunks, { objectMode: false }));
}

/** What a data request will cost, from its query alone (see app/admission.ts). */
function answerCost(fixed?: 'csv' | 'csvw') {
  return {
    cost: (request: FastifyRequest) => {
      let input: unknown = {};
      try {
        input = parameters(request);
      } catch {
        // A body that is not an object costs 1: the handler answers it with 400.
      }
      return dataCost(input, fixed ?? negotiateFormat(request.headers.accept));
    },
  };
}

/** Data and bulk files on the open data API (registered in its scope: public-api.ts). */
export function registerDataApi(app: FastifyInstance, services: Services) {
  const { bulk } = services;
  app.get('/api/v1/data', { config: answerCost() }, (request, reply) =>
    sendAnswer(services, request, reply),
  );
  app.post('/api/v1/data', { config: answerCost() }, (request, reply) =>
    sendAnswer(services, request, reply),
  );
  app.get('/api/v1/data.csv', { config: answerCost('csv') }, (request, reply) =>
    sendAnswer(services, request, reply, 'csv'),
  );
  app.get('/api/v1/data.csv-metadata.json', { config: answerCost('csvw') }, (request, reply) =>
    sendAnswer(services, request, reply, 'csvw'),
  );

  const metricFile = { config: { cost: () => bulkCost.metric } };
  app.get('/api/v1/bulk/metrics/:slug.csv', metricFile, async (request, reply) => {
    const { slug } = parseInput(bulkMetricParam, request.params);
    return sendCsv(request, reply, await bulk.metricCsv(slug));
  });
  app.get(
    '/api/v1/bulk/all.csv',
    { config: { cost: () => bulkCost.all } },
    async (request, reply) => sendCsv(request, reply, await bulk.allCsv()),
  );
  app.get('/api/v1/bulk/catalogue.csv', async (_request, reply) =>
    reply
      .type(`${mediaTypes.csv}; charset=utf-8`)
      .header('content-disposition', 'attachment; filename="openlg-catalogue.csv"')
      .send(await bulk.catalogueCsv()),
  );
}
