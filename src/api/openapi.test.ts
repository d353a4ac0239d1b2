import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { z } from 'zod';
import { openApiFile, renderOpenApiFile } from '../../scripts/openapi.ts';
import { createServices } from '../app/services.ts';
import { openContextApp, type TestApp } from '../testing/app.ts';
import { problem } from './api.schema.ts';
import { buildOpenApiDocument, endpoints, openApiPath } from './openapi.ts';

/** Real requests for every documented endpoint, to hold each answer to its documented schema. */
const samples: [route: string, url: string][] = [
  ['/api/v1/areas', '/api/v1/areas'],
  ['/api/v1/areas', '/api/v1/areas?type=district&current=false'],
  ['/api/v1/areas/:code', '/api/v1/areas/E06000001'],
  ['/api/v1/areas/:code', '/api/v1/areas/E10000006'],
  ['/api/v1/areas/:code', '/api/v1/areas/E06000063'],
  ['/api/v1/areas/:code/neighbours', '/api/v1/areas/E06000001/neighbours'],
  [
    '/api/v1/areas/:code/neighbours',
    '/api/v1/areas/E06000001/neighbours?model=dfe-statistical-neighbours',
  ],
  ['/api/v1/metrics', '/api/v1/metrics?limit=1000'],
  ['/api/v1/metrics/:slug', '/api/v1/metrics/gcses-in-english-and-maths'],
  ['/api/v1/metrics/:slug', '/api/v1/metrics/employment-rate'],
  ['/api/v1/search', '/api/v1/search?q=kingston'],
  ['/api/v1/search', '/api/v1/search?q=hartlepool'],
  ['/api/v1/groups', '/api/v1/groups'],
  ['/api/v1/groups/:id', '/api/v1/groups/type:unitary'],
  ['/api/v1/groups/:id', '/api/v1/groups/nn:openlg-upper-tier:e06000001'],
  ['/api/v1/compare', '/api/v1/compare?metric=gcses-in-english-and-maths&area=E06000001'],
  [
    '/api/v1/compare',
    '/api/v1/compare?metric=employment-rate&area=E07000223&group=custom:E07000224,E07000225&period=2018-01-01/P1Y',
  ],
  [
    '/api/v1/data',
    '/api/v1/data?metric=gcses-in-english-and-maths&area=E06000001&period=2023-09-01/P1Y',
  ],
  [
    '/api/v1/data',
    '/api/v1/data?metric=gcses-in-english-and-maths,employment-rate&areaType=unitary&period=latest:2&include=ci,status,rank,benchmark&limit=50&offset=10',
  ],
  ['/api/v1/data', '/api/v1/data?metric=employment-rate&group=type:unitary&asOf=2099-01-01'],
  ['/api/v1/imports', '/api/v1/imports'],
  ['/api/v1/overview/baskets', '/api/v1/overview/baskets'],
  ['/api/v1/overview', '/api/v1/overview?basket=economy-and-skills'],
  ['/api/v1/overview', '/api/v1/overview?area=E06000001&baseline=2019'],
  ['/api/v1/peer-challenge/figures', '/api/v1/peer-challenge/figures?year=2012-13'],
  ['/api/v1/peer-challenge/figures', '/api/v1/peer-challenge/figures?asAt=2017-09-30'],
  ['/api/v1/peer-challenge/coverage', '/api/v1/peer-challenge/coverage?asAt=2017-09-30'],
  ['/api/v1/peer-challenge/peer-days', '/api/v1/peer-challenge/peer-days?from=2012-13'],
  ['/healthz', '/healthz'],
];

/** Every GET route the app serves, read from Fastify's route tree. */
function routedPaths(tree: string): string[] {
  const paths: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const full = (stack[depth - 1] ?? '') + match[2];
    stack[depth] = full;
    if (match[3]?.split(', ').includes('GET')) paths.push(full);
  }
  return paths;
}

describe('the OpenAPI document', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  before(async () => {
    t = await openContextApp();
    // The overview is worked out when a store is served or its data change: here, by hand.
    const services = createServices(t.database);
    await services.overview.recompute();
    // The demo's programme history, which the first start loads.
    await services.peerChallenges.loadScenario();
    await services.peerDays.loadIllustrative();
  });
  after(() => t.close());

  it('is committed as generated: run `npm run openapi` after changing the API', async () => {
    assert.equal(await readFile(openApiFile, 'utf8'), await renderOpenApiFile());
  });

  it('is valid OpenAPI 3.1 to an independent validator', async () => {
    const document = JSON.parse(await readFile(openApiFile, 'utf8'));
    const result = await new Validator().validate(document);
    assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
    assert.equal(document.openapi.slice(0, 3), '3.1');
    assert.match(document.info.description, /## Stability/);
  });

  it('is served at /api/v1/openapi.json', async () => {
    const response = await get('/api/v1/openapi.json');
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /application\/json/);
    assert.deepEqual(response.json(), JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('documents every /api/v1 route the app serves, and only those', async () => {
    await t.app.ready();
    const routed = routedPaths(t.app.printRoutes({ commonPrefix: false })).filter(
      (p) => p.startsWith('/api/v1/') || p === '/healthz',
    );
    assert.ok(routed.length >= 10, routed.join(', '));
    const documented = endpoints.map((e) => e.path);
    assert.deepEqual([...routed].sort(), [...documented].sort());
    const paths = Object.keys(buildOpenApiDocument().paths);
    assert.deepEqual(paths, documented.map(openApiPath));
  });

  it('describes every query and path parameter the routes validate', () => {
    type Parameter = { name?: string; in?: string; required?: boolean; $ref?: string };
    const parametersOf = (path: string) =>
      (buildOpenApiDocument().paths[path]?.get.parameters ?? []) as Parameter[];
    const compare = new Map(parametersOf('/api/v1/compare').map((p) => [p.name ?? p.$ref, p]));
    assert.deepEqual(
      [...compare.keys()],
      [
        'metric',
        'area',
        'group',
        'period',
        '#/components/parameters/IfNoneMatch',
        '#/components/parameters/IfModifiedSince',
      ],
    );
    assert.equal(compare.get('metric')?.required, true);
    assert.equal(compare.get('period')?.required, false);
    const [code] = parametersOf('/api/v1/areas/{code}');
    assert.deepEqual([code?.name, code?.in, code?.required], ['code', 'path', true]);
  });

  it('holds every answer to its documented schema, field for field', async () => {
    for (const endpoint of endpoints) {
      const schema = endpoint.ok.content['application/json'];
      // Keyed endpoints are held to their schema by their own tests (admin.http.test.ts).
      if (schema && !endpoint.keyOf)
        assert.ok(
          samples.some(([route]) => route === endpoint.path),
          `a sample request for ${endpoint.path}`,
        );
    }
    for (const [route, url] of samples) {
      const response = await get(url);
      assert.equal(response.statusCode, 200, url);
      const schema = endpoints.find((e) => e.path === route)?.ok.content['application/json'];
      assert.ok(schema, route);
      const result = (schema as z.ZodType).safeParse(response.json());
      assert.ok(result.success, `${url}: ${JSON.stringify(result.error?.issues.slice(0, 3))}`);
    }
  });

  it('describes errors as problem documents', async () => {
    for (const url of [
      '/api/v1/areas?type=parish',
      '/api/v1/metrics/no-such-metric',
      '/api/v1/compare?metric=employment-rate',
      '/api/v1/groups?colour=red',
      '/api/v1/nothing-here',
    ]) {
      const response = await get(url);
      assert.ok([400, 404].includes(response.statusCode), url);
      assert.match(response.headers['content-type'] as string, /^application\/problem\+json/);
      const parsed = problem.safeParse(response.json());
      assert.ok(parsed.success, `${url}: ${JSON.stringify(parsed.error?.issues)}`);
    }
  });

  it('has a human guide at /api whose examples all work', async () => {
    const response = await get('/api');
    assert.equal(response.statusCode, 200);
    const html = response.body;
    for (const section of ['Caching', 'Retry-After', 'CORS', 'problem', 'Stability', '304'])
      assert.ok(html.includes(section), section);
    // Requests shown under Errors are meant to fail.
    const examples = html.slice(0, html.indexOf('id="errors"'));
    const urls = [
      ...examples.matchAll(/href="(\/api\/v1\/[^"]+)"/g),
      ...examples.matchAll(/GET (\/api\/v1\/[^\s<]+)/g),
    ]
      .map((m) => m[1]!.replaceAll('&amp;', '&'))
      // Templates with <placeholders>, {parameters}, alternatives or … are not requests.
      .filter((url) => !/&lt;|\{|\||…/.test(url));
    const unique = [...new Set(urls)];
    assert.ok(unique.length >= 15, unique.join('\n'));
    for (const endpoint of ['areas', 'metrics', 'groups', 'neighbours', 'compare', 'data'])
      assert.ok(
        unique.some((u) => u.includes(endpoint)),
        `an example for ${endpoint}`,
      );
    for (const url of unique) assert.equal((await get(url)).statusCode, 200, url);
  });
});
