import { z } from 'zod';
import { areaCodeParam, areaListQuery } from '../areas/areas.schema.ts';
import { compareQuery } from '../comparison/comparison.schema.ts';
import {
  bulkMetricParam,
  dataQuery,
  includeOptions,
  maxCells,
  maxHistoryMetrics,
} from '../data/data.schema.ts';
import { mediaTypes } from '../data/formats/media-types.ts';
import { areaTypes, groupKinds } from '../db/vocabulary.ts';
import { groupIdParam, groupListQuery, neighboursQuery } from '../groups/groups.schema.ts';
import { neighbourModels } from '../groups/models.ts';
import { auditQuery } from '../admin/admin.service.ts';
import { importListQuery } from '../imports/imports.schema.ts';
import { metricSearchQuery, metricSlugParam } from '../metrics/metrics.schema.ts';
import { overviewQuery } from '../overview/overview.schema.ts';
import { figuresQuery } from '../peer-challenge/peer-challenge.schema.ts';
import { coverageQuery } from '../peer-challenge/coverage.schema.ts';
import { peerDaysQuery } from '../peer-challenge/peer-days.schema.ts';
import { searchQuery } from '../search/search.schema.ts';
import * as responses from './api.schema.ts';
import { apiMaxAgeSeconds } from './api.service.ts';

type JsonSchema = Record<string, unknown>;

/**
 * One documented endpoint. The request schemas are the very ones the route validates with, so
 * the document cannot promise a parameter the API refuses, or miss one it accepts.
 */
export interface Endpoint {
  /** As routed by Fastify: /api/v1/areas/:code */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Every path and query parameter, by name, in words: the schemas cannot say what they mean. */
  parameters?: Record<string, string>;
  ok: {
    description: string;
    /** By media type: a named schema from api.schema.ts, or null for a body JSON cannot describe. */
    content: Record<string, z.ZodType | null>;
  };
  notFound?: string;
  /**
   * The endpoint also takes its query as a JSON body by POST, for questions too long for an
   * address (a custom group of hundreds of councils): its operationId.
   */
  post?: string;
  movedPermanently?: string;
  unavailable?: { description: string; schema: z.ZodType };
  /** Answered only with the API key of someone holding this role: private, never cached. */
  keyOf?: string;
}

const list = (values: readonly string[]) => values.join(', ');

const dataParameters = {
  metric: 'Metric slugs, separated by commas, or * for every metric',
  area: 'GSS codes of the areas, separated by commas. Give one of area, group and areaType',
  group:
    'A group id from /api/v1/groups, custom: and 1 to 500 GSS codes separated by commas, or saved: and a saved group’s id (saved:12), for those it is shared with (its answers are never cached publicly). Give one of area, group and areaType',
  areaType: `Area types, separated by commas: ${list(areaTypes)}. Give one of area, group and areaType`,
  period:
    'latest (the default), latest:N for the latest N periods (1 to 100), period codes separated by commas (2023-09-01/P1Y,2024-09-01/P1Y), or a range from..to of period codes (either end may be left open)',
  asOf: `The values as they were published at that moment: a date (the end of that day, UTC) or a date and time such as 2024-06-01T09:30:00Z. With asOf, metric names at most ${maxHistoryMetrics} metrics (not *)`,
  include: `Extra fields, separated by commas: ${list(includeOptions)} (confidence intervals, statuses, rank and quartile band among the comparable areas of the selection with a rank note when not all were compared, England’s value)`,
  format:
    'The format: json (the default), csv, jsonstat (JSON-stat 2.0), csvw (CSV on the Web metadata) or xlsx. Without it, the Accept header decides',
  limit: `Observations per page, 1 to ${maxCells}`,
  offset: 'Observations to skip, for the next pages',
};

const dataNotFound = 'No such metric, area, group or period, or no published values for it';

export const endpoints: Endpoint[] = [
  {
    path: '/api/v1/areas',
    operationId: 'listAreas',
    tag: 'Areas',
    summary: 'List areas',
    description: 'Every area in the register, current and abolished, filtered by type and state.',
    query: areaListQuery,
    parameters: {
      type: `Area types, separated by commas: ${list(areaTypes)}`,
      current: 'true keeps the areas that exist today; false keeps the abolished ones',
    },
    ok: { description: 'The areas, by name', content: { 'application/json': responses.areaList } },
  },
  {
    path: '/api/v1/areas/:code',
    operationId: 'getArea',
    tag: 'Areas',
    summary: 'One area',
    description:
      'An area with its other codes, children, predecessors and successors. Abolished areas keep answering.',
    params: areaCodeParam,
    parameters: { code: 'GSS code of the area, such as E06000001 (any case)' },
    ok: { description: 'The area', content: { 'application/json': responses.areaDetail } },
    movedPermanently: 'The code is a former code of an area: Location gives its current address',
    notFound: 'No area has this code',
  },
  {
    path: '/api/v1/areas/:code/neighbours',
    operationId: 'getNeighbours',
    tag: 'Groups',
    summary: 'An area’s nearest neighbours',
    description:
      'The areas most like this one under a model, nearest first, with what makes them alike. /methodology explains the models.',
    params: areaCodeParam,
    query: neighboursQuery,
    parameters: {
      code: 'GSS code of the area',
      k: 'How many neighbours, 1 to 15',
      model: `The model: ${list([...neighbourModels.map((m) => m.id), 'dfe-statistical-neighbours'])}. By default openlg-lower-tier for districts, openlg-upper-tier otherwise`,
    },
    ok: { description: 'The neighbours', content: { 'application/json': responses.neighbours } },
    notFound: 'No such area or model, or the model does not cover the area',
  },
  {
    path: '/api/v1/metrics',
    operationId: 'listMetrics',
    tag: 'Metrics',
    summary: 'Search the metric catalogue',
    description:
      'Metrics with published values, with their coverage. Metrics whose values are all embargoed or restricted are not listed.',
    query: metricSearchQuery,
    parameters: {
      q: 'Words that must all begin a word of the title, subtitle, description or slug',
      theme: 'A theme',
      areaType: `Keep metrics with values for any of these area types, separated by commas: ${list(areaTypes)}`,
      limit: 'Metrics per page, 1 to 1000',
      offset: 'Metrics to skip, for the next pages',
    },
    ok: {
      description: 'One page of metrics, by title',
      content: { 'application/json': responses.metricList },
    },
  },
  {
    path: '/api/v1/metrics/:slug',
    operationId: 'getMetric',
    tag: 'Metrics',
    summary: 'One metric',
    description: 'A metric’s metadata, source and licence, and every period the public may see.',
    params: metricSlugParam,
    parameters: { slug: 'The metric’s slug, such as employment-rate' },
    ok: { description: 'The metric', content: { 'application/json': responses.metricDetail } },
    notFound: 'No metric has this slug, or none of its values is published',
  },
  {
    path: '/api/v1/search',
    operationId: 'search',
    tag: 'Metrics',
    summary: 'Search councils and measures',
    description:
      'The search behind the one search box: councils by any known spelling of their name (spelling mistakes allowed) or GSS code, and published measures by the words of their title, subtitle and description, each ranked by relevance.',
    query: searchQuery,
    parameters: { q: 'What to look for: a council’s name or code, or words from a measure' },
    ok: {
      description: 'Councils and measures, best first',
      content: { 'application/json': responses.searchResults },
    },
  },
  {
    path: '/api/v1/groups',
    operationId: 'listGroups',
    tag: 'Groups',
    summary: 'List comparison groups',
    description: 'Groups of areas to compare with: by type, region, county, model neighbours…',
    query: groupListQuery,
    parameters: {
      kind: `Group kinds, separated by commas: ${list(groupKinds)}`,
      area: 'Keep the groups this area (a GSS code) is a member or the subject of',
    },
    ok: { description: 'The groups', content: { 'application/json': responses.groupList } },
  },
  {
    path: '/api/v1/groups/:id',
    operationId: 'getGroup',
    tag: 'Groups',
    summary: 'One comparison group',
    description: 'A group with its members in order (nearest first for neighbour groups).',
    params: groupIdParam,
    parameters: { id: 'The group’s id, such as type:unitary' },
    ok: { description: 'The group', content: { 'application/json': responses.groupDetail } },
    notFound: 'No group has this id',
  },
  {
    path: '/api/v1/compare',
    operationId: 'compare',
    post: 'compareByPost',
    tag: 'Comparison',
    summary: 'Compare an area with a group',
    description:
      'One area against a group for one metric and period: value, rank, quartile band, significance against England, its region and the group median, direction of travel and recent trend. /methodology explains each method.',
    query: compareQuery,
    parameters: {
      metric: 'The metric’s slug',
      area: 'GSS code of the area to compare',
      group:
        'A group id from /api/v1/groups, custom: and 1 to 500 GSS codes separated by commas, or saved: and a saved group’s id (saved:12), for those it is shared with (its answers are never cached publicly). By default the area’s nearest neighbours',
      period: 'latest, or a period code such as 2023-09-01/P1Y',
    },
    ok: { description: 'The comparison', content: { 'application/json': responses.comparison } },
    notFound: 'No such metric, area, group or period, or no published values to compare',
  },
  {
    path: '/api/v1/data',
    operationId: 'getData',
    post: 'getDataByPost',
    tag: 'Data',
    summary: 'Values',
    description: `Published values for any metrics, areas and periods, as JSON, CSV, JSON-stat 2.0, CSVW metadata or an Excel workbook (by format, or by Accept). A selection of more than ${maxCells.toLocaleString('en-GB')} cells (metrics × areas × periods) is refused with 400 unless paged with limit and offset; the bulk files hold everything.`,
    query: dataQuery,
    parameters: dataParameters,
    ok: {
      description: 'The values, with their metrics’ metadata, attribution and licence',
      content: {
        [mediaTypes.json]: responses.dataAnswer,
        [mediaTypes.csv]: null,
        [mediaTypes.jsonstat]: null,
        [mediaTypes.csvw]: null,
        [mediaTypes.xlsx]: null,
      },
    },
    notFound: dataNotFound,
  },
  {
    path: '/api/v1/data.csv',
    operationId: 'getDataCsv',
    tag: 'Data',
    summary: 'Values as CSV',
    description:
      'As /api/v1/data with format=csv: UTF-8 with a byte order mark, a header row, one observation a row. The Link header points to its CSVW metadata.',
    query: dataQuery,
    parameters: dataParameters,
    ok: { description: 'The CSV', content: { [mediaTypes.csv]: null } },
    notFound: dataNotFound,
  },
  {
    path: '/api/v1/data.csv-metadata.json',
    operationId: 'getDataCsvMetadata',
    tag: 'Data',
    summary: 'CSVW metadata of the CSV',
    description:
      'The W3C CSV on the Web metadata of /api/v1/data.csv with the same parameters: its columns, titles and datatypes.',
    query: dataQuery,
    parameters: dataParameters,
    ok: { description: 'The CSVW metadata', content: { [mediaTypes.csvw]: null } },
    notFound: dataNotFound,
  },
  {
    path: '/api/v1/bulk/metrics/:slug.csv',
    operationId: 'getBulkMetric',
    tag: 'Bulk',
    summary: 'Every value of one metric',
    description: 'Every published value of a metric, for every area and period, as one CSV.',
    params: bulkMetricParam,
    parameters: { slug: 'The metric’s slug' },
    ok: { description: 'The CSV, streamed', content: { [mediaTypes.csv]: null } },
    notFound: 'No metric has this slug, or none of its values is published',
  },
  {
    path: '/api/v1/bulk/all.csv',
    operationId: 'getBulkAll',
    tag: 'Bulk',
    summary: 'Every published value',
    description: 'Every published value of every metric as one CSV, in the columns of data.csv.',
    ok: { description: 'The CSV, streamed', content: { [mediaTypes.csv]: null } },
  },
  {
    path: '/api/v1/bulk/catalogue.csv',
    operationId: 'getBulkCatalogue',
    tag: 'Bulk',
    summary: 'The metric catalogue',
    description: 'Every metric with published values, its metadata, source and licence, as CSV.',
    ok: { description: 'The CSV', content: { [mediaTypes.csv]: null } },
  },
  {
    path: '/api/v1/overview/baskets',
    operationId: 'listOverviewBaskets',
    tag: 'Overview',
    summary: 'Baskets of the sector overview',
    description:
      'The reviewed baskets the direction of travel is counted over: each measure with its rule for "improved" (polarity, whether confidence intervals decide, tolerance, method changes) and the baselines.',
    ok: { description: 'The baskets', content: { 'application/json': responses.overviewBaskets } },
  },
  {
    path: '/api/v1/overview',
    operationId: 'getOverview',
    tag: 'Overview',
    summary: 'Direction of travel',
    description:
      "For a basket and a baseline, whether each measure improved, did not change or worsened between the baseline and the latest period, or why it cannot be compared, with totals and percentages by theme. Without area, the sector (England's own figures) and, for each measure, how many councils went each way; with area, that council beside the sector and the average of its nearest neighbours. Worked out from the public figures whenever they change.",
    query: overviewQuery,
    parameters: {
      basket: 'A basket slug from /api/v1/overview/baskets (default headline)',
      baseline: "A baseline year of the basket, such as 2016 (default the basket's first)",
      area: 'The GSS code of a current English council (default England: the sector)',
      format: 'json (the default) or csv: one row per measure',
    },
    ok: {
      description: 'The direction of travel of each measure, and the totals',
      content: { 'application/json': responses.overviewAnswer, 'text/csv': null },
    },
    notFound: 'No such basket, baseline or council, or no overview for it',
  },
  {
    path: '/api/v1/peer-challenge/figures',
    operationId: 'getPeerChallengeFigures',
    tag: 'Peer challenge',
    summary: 'Peer challenge programme figures',
    description:
      'For each programme (financial) year, the challenges delivered (on site, feedback given), confirmed (team assembled or window booked) and in discussion, in all and by type: as the records stand now, or as they stood at the end of a day. Counts only, as the programme publishes them.',
    query: figuresQuery,
    parameters: {
      year: 'A programme year, such as 2012-13 (default every year with a challenge recorded)',
      asAt: 'Count as the records stood at the end of this day, YYYY-MM-DD (default now)',
      format:
        'json (the default) or csv: one row per year and type. Without it, the Accept header decides',
    },
    ok: {
      description: 'The figures by year and type',
      content: { 'application/json': responses.peerChallengeFigures, 'text/csv': null },
    },
    notFound: 'No challenge recorded for that programme year (by that day)',
  },
  {
    path: '/api/v1/peer-challenge/coverage',
    operationId: 'getPeerChallengeCoverage',
    tag: 'Peer challenge',
    summary: 'Peer challenge coverage',
    description:
      'Every current English council’s last corporate peer challenge or finance peer review delivered (feedback given or later) and its status as at a day: current, due (none within four years) or overdue (none within five years, or none recorded), with the counts by council type and region.',
    query: coverageQuery,
    parameters: {
      asAt: 'The day to work coverage out as at, YYYY-MM-DD. Without it, a 307 redirect to today’s (UTC) address, since today’s answer changes at midnight',
      format:
        'json (the default) or csv: one row per council. Without it, the Accept header decides',
    },
    ok: {
      description: 'Every council’s coverage, and the counts',
      content: { 'application/json': responses.peerChallengeCoverage, 'text/csv': null },
    },
  },
  {
    path: '/api/v1/peer-challenge/peer-days',
    operationId: 'getPeerDays',
    tag: 'Peer challenge',
    summary: 'Peer days given',
    description:
      'The peer days councils gave to other councils’ challenges (days on site, preparing and writing the report, as each challenge type declares), by programme year and by giving council, over a range of years, and since the programme began. Public totals; no peer is named.',
    query: peerDaysQuery,
    parameters: {
      from: 'The first programme year, such as 2012-13 (default the first)',
      to: 'The last programme year, such as 2016-17 (default the latest)',
      format:
        'json (the default) or csv: one row a year, one a giving council, then the total. Without it, the Accept header decides',
    },
    ok: {
      description: 'The days by year and giving council',
      content: { 'application/json': responses.peerDays, 'text/csv': null },
    },
  },
  {
    path: '/api/v1/imports',
    operationId: 'listImports',
    tag: 'Provenance',
    summary: 'List imports',
    description:
      'The public imports that wrote the stored values, newest first: files, checksums, times and publisher.',
    query: importListQuery,
    parameters: { limit: 'How many imports, 1 to 1000' },
    ok: { description: 'The imports', content: { 'application/json': responses.importList } },
  },
  {
    path: '/api/v1/audit',
    operationId: 'listAuditEvents',
    tag: 'Administration',
    summary: 'Read the audit trail',
    description:
      "The append-only audit trail (sign-ins, role changes, API keys and other changes), newest first, 50 a page. Only for an administrator's API key, sent as Authorization: Bearer <key>; the answer is private and never cached.",
    query: auditQuery,
    parameters: {
      action: 'Only events of this action, such as sign-in or api-key-created',
      email: 'Only events by or about the person with this email address',
      from: 'Only events on or after this day (UTC), YYYY-MM-DD',
      to: 'Only events on or before this day (UTC), YYYY-MM-DD',
      page: 'The page, from 1',
    },
    keyOf: 'administrator',
    ok: { description: 'The events', content: { 'application/json': responses.auditList } },
  },
  {
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApi',
    tag: 'Service',
    summary: 'This document',
    description: 'The OpenAPI 3.1 description of the API, generated from its request schemas.',
    ok: { description: 'The OpenAPI document', content: { 'application/json': null } },
  },
  {
    path: '/healthz',
    operationId: 'getHealth',
    tag: 'Service',
    summary: 'Service status',
    description: 'Whether the service and its database are working. Never cached or rate limited.',
    ok: { description: 'Working', content: { 'application/json': responses.health } },
    unavailable: { description: 'The database cannot be reached', schema: responses.health },
  },
];

const stability = `openlg publishes every figure it holds without a key. [The guide](/api) has an example for each endpoint.

## Stability

Everything under \`/api/v1\` is a contract. Within version 1, a field, parameter or value in this document will not be renamed, removed or change meaning or type, and a parameter that is optional will not become required. Additions are not breaking changes: clients must ignore fields they do not know, and new endpoints, optional parameters, response fields and values of open vocabularies (area types, group kinds, statuses) may appear. A change that would break a client gets a new version, \`/api/v2\`, with \`/api/v1\` kept beside it.

## HTTP

Responses carry \`ETag\` and \`Last-Modified\` from the version of the published data (which changes with each import and whenever an embargo lifts): send \`If-None-Match\` or \`If-Modified-Since\` to get \`304 Not Modified\` instead of the same answer again. \`Cache-Control\` lets caches keep answers for up to ${apiMaxAgeSeconds} seconds, less when an embargo is about to lift. Responses are compressed (gzip or Brotli) when the client accepts it. Any origin may read the API (CORS). Each address may make a limited number of requests a minute; beyond it the answer is \`429\` with \`Retry-After\`. Errors are RFC 9457 problem documents (\`application/problem+json\`) naming the parameter at fault; unknown query parameters are errors too.

Only published values are ever returned: embargoed values appear when their embargo ends, and restricted values never.`;

/** Tidies zod's JSON Schema: the bounds of a safe integer and the regex of an ISO date say nothing. */
function tidy(schema: JsonSchema, options: { open: boolean }) {
  if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
  if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
  if (schema.format === 'date' || schema.format === 'date-time') delete schema.pattern;
  // Responses may gain fields within version 1; the strictness is for our own tests.
  if (options.open && schema.additionalProperties === false) delete schema.additionalProperties;
}

function inputSchema(schema: z.ZodObject): JsonSchema {
  return z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    override: ({ jsonSchema }) => tidy(jsonSchema, { open: false }),
  }) as JsonSchema;
}

function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ jsonSchema }) => tidy(jsonSchema, { open: true }),
  });
  return Object.fromEntries(
    Object.entries(schemas)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, schema]) => {
        // The document's dialect and its component names already say what these would.
        const rest: JsonSchema = { ...schema };
        delete rest.$schema;
        delete rest.$id;
        return [id, rest];
      }),
  );
}

function reference(schema: z.ZodType): { $ref: string } {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('a response schema must be a named component of api.schema.ts');
  return { $ref: `#/components/schemas/${id}` };
}

function parametersOf(endpoint: Endpoint) {
  const described = new Map(Object.entries(endpoint.parameters ?? {}));
  const out: JsonSchema[] = [];
  for (const [location, schema] of [
    ['path', endpoint.params],
    ['query', endpoint.query],
  ] as const) {
    if (!schema) continue;
    const json = inputSchema(schema);
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, property] of Object.entries(json.properties as Record<string, JsonSchema>)) {
      const description = described.get(name);
      if (!description) throw new Error(`${endpoint.path}: parameter "${name}" is not described`);
      described.delete(name);
      out.push({
        name,
        in: location,
        description,
        required: location === 'path' || required.has(name),
        schema: property,
      });
    }
  }
  const unknown = [...described.keys()];
  if (unknown.length > 0)
    throw new Error(`${endpoint.path}: described parameters it does not take: ${unknown}`);
  return out;
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const cachingHeaders = {
  ETag: { $ref: '#/components/headers/ETag' },
  'Last-Modified': { $ref: '#/components/headers/LastModified' },
  'Cache-Control': { $ref: '#/components/headers/CacheControl' },
};

function operationOf(endpoint: Endpoint) {
  // A keyed answer is private: neither validators nor a cache lifetime.
  const api = endpoint.path.startsWith('/api/v1/') && !endpoint.keyOf;
  const parameters = parametersOf(endpoint);
  const content = Object.fromEntries(
    Object.entries(endpoint.ok.content).map(([type, schema]) => [
      type,
      schema ? { schema: reference(schema) } : {},
    ]),
  );
  const responses: Record<string, unknown> = {
    '200': {
      description: endpoint.ok.description,
      ...(api ? { headers: cachingHeaders } : {}),
      content,
    },
  };
  if (endpoint.movedPermanently)
    responses['301'] = {
      description: endpoint.movedPermanently,
      headers: { Location: { schema: { type: 'string' } } },
    };
  if (api) responses['304'] = { $ref: '#/components/responses/NotModified' };
  if (parameters.length > 0) responses['400'] = { $ref: '#/components/responses/BadRequest' };
  if (endpoint.notFound) responses['404'] = problemResponse(endpoint.notFound);
  if (endpoint.keyOf) {
    responses['401'] = problemResponse('No API key, or one unknown, revoked or of a disabled user');
    responses['403'] = problemResponse(`The key's user is not an ${endpoint.keyOf}`);
  }
  if (api || endpoint.keyOf) responses['429'] = { $ref: '#/components/responses/TooManyRequests' };
  if (endpoint.unavailable)
    responses['503'] = {
      description: endpoint.unavailable.description,
      content: { 'application/json': { schema: reference(endpoint.unavailable.schema) } },
    };
  return {
    operationId: endpoint.operationId,
    tags: [endpoint.tag],
    summary: endpoint.summary,
    description: endpoint.description,
    ...(endpoint.keyOf ? { security: [{ apiKey: [] }] } : {}),
    ...(api
      ? {
          parameters: [
            ...parameters,
            { $ref: '#/components/parameters/IfNoneMatch' },
            { $ref: '#/components/parameters/IfModifiedSince' },
          ],
        }
      : parameters.length > 0
        ? { parameters }
        : {}),
    responses,
  };
}

/**
 * The POST twin of an endpoint: the query's parameters as the properties of a JSON body (the
 * group may also be a list of GSS codes), answered as the GET is, never from a cache.
 */
function postOperationOf(endpoint: Endpoint, operationId: string) {
  const get = operationOf(endpoint);
  const described = endpoint.parameters ?? {};
  const body = endpoint.query ? inputSchema(endpoint.query) : { type: 'object' };
  const properties = Object.fromEntries(
    Object.entries((body.properties as Record<string, JsonSchema> | undefined) ?? {}).map(
      ([name, property]) => [
        name,
        name === 'group'
          ? {
              description: `${described[name] ?? ''}; or a list of GSS codes, the custom group of those areas`,
              oneOf: [property, { type: 'array', items: { type: 'string' }, maxItems: 500 }],
            }
          : { ...property, description: described[name] },
      ],
    ),
  );
  const responses = { ...(get.responses as Record<string, unknown>) };
  delete responses['304'];
  const ok = responses['200'] as JsonSchema;
  responses['200'] = { description: ok.description, content: ok.content };
  return {
    operationId,
    tags: get.tags,
    summary: `${get.summary}, asked by POST`,
    description: `As GET ${endpoint.path}, with the same parameters as a JSON object in the body instead of the query: for a question too long for an address.`,
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { ...body, properties } } },
    },
    responses: { ...responses, '400': { $ref: '#/components/responses/BadRequest' } },
  };
}

/** The OpenAPI path of a Fastify route: /api/v1/areas/:code is /api/v1/areas/{code}. */
export function openApiPath(route: string): string {
  return route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

export function buildOpenApiDocument() {
  return {
    openapi: '3.1.1',
    info: {
      title: 'openlg open data API',
      version: '1',
      summary: 'Benchmarking data for English local government, open to all',
      description: stability,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [
      { name: 'Areas', description: 'The register of councils and other areas' },
      { name: 'Metrics', description: 'The catalogue of metrics' },
      { name: 'Groups', description: 'Comparison groups and nearest neighbours' },
      { name: 'Comparison', description: 'An area against its group' },
      { name: 'Data', description: 'Values in JSON, CSV, JSON-stat 2.0, CSVW and Excel' },
      { name: 'Bulk', description: 'Whole files, for everything at once' },
      { name: 'Overview', description: 'The direction of travel of the sector and each council' },
      { name: 'Peer challenge', description: 'The peer challenge programme’s published figures' },
      { name: 'Provenance', description: 'Where the figures came from' },
      { name: 'Service', description: 'The service itself' },
      { name: 'Administration', description: 'For administrators, with an API key' },
    ],
    paths: Object.fromEntries(
      endpoints.map((endpoint) => [
        openApiPath(endpoint.path),
        {
          get: operationOf(endpoint),
          ...(endpoint.post ? { post: postOperationOf(endpoint, endpoint.post) } : {}),
        },
      ]),
    ),
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An openlg API key (olg_…), from openlg api-keys create or the account page. Reads need none; with one, answers are for its user alone.',
        },
      },
      parameters: {
        IfNoneMatch: {
          name: 'If-None-Match',
          in: 'header',
          description: 'The ETag of an answer held: 304 if it is still current',
          schema: { type: 'string' },
        },
        IfModifiedSince: {
          name: 'If-Modified-Since',
          in: 'header',
          description: 'The Last-Modified of an answer held: 304 if nothing changed since',
          schema: { type: 'string' },
        },
      },
      headers: {
        ETag: {
          description: 'Weak validator of this answer for this data version',
          schema: { type: 'string' },
        },
        LastModified: {
          description: 'When the published data last changed',
          schema: { type: 'string' },
        },
        CacheControl: {
          description: `public, max-age of at most ${apiMaxAgeSeconds} seconds`,
          schema: { type: 'string' },
        },
        RetryAfter: {
          description: 'Seconds to wait before asking again',
          schema: { type: 'integer' },
        },
      },
      responses: {
        NotModified: {
          description: 'The answer held (If-None-Match or If-Modified-Since) is still current',
          headers: cachingHeaders,
        },
        BadRequest: problemResponse(
          'A parameter is malformed or unknown, or the request asks for too much: "parameter" names it and "detail" says what is accepted',
        ),
        TooManyRequests: {
          ...problemResponse('Too many requests from this address: wait for Retry-After seconds'),
          headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
        },
      },
    },
  };
}
