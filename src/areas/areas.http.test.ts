import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTestApp, type TestApp } from '../testing/app.ts';

interface ApiArea {
  code: string;
  name: string;
  type: string;
  validFrom: string | null;
  validTo: string | null;
  parents: Record<string, { code: string; name: string }>;
}

describe('areas over HTTP', () => {
  let t: TestApp;
  before(async () => {
    t = await openTestApp();
  });
  after(() => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('lists the 317 current English principal councils', async () => {
    const response = await get(
      '/api/v1/areas?type=county,district,unitary,metropolitan-district,london-borough,sui-generis&current=true',
    );
    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /application\/json/);
    const { areas } = response.json() as { areas: ApiArea[] };
    assert.equal(areas.length, 317);
    const byType: Record<string, number> = {};
    for (const a of areas) byType[a.type] = (byType[a.type] ?? 0) + 1;
    assert.deepEqual(byType, {
      county: 21,
      district: 164,
      unitary: 62,
      'metropolitan-district': 36,
      'london-borough': 32,
      'sui-generis': 2,
    });
    const adur = areas.find((a) => a.code === 'E07000223');
    assert.equal(adur?.parents['upper-tier']?.code, 'E10000032');
    assert.equal(adur?.parents.region?.name, 'South East');
  });

  it('lists abolished councils with current=false', async () => {
    const { areas } = (await get('/api/v1/areas?type=district&current=false')).json() as {
      areas: ApiArea[];
    };
    assert.ok(areas.some((a) => a.code === 'E07000026' && a.validTo === '2023-04-01'));
    assert.ok(areas.every((a) => a.validTo !== null && a.type === 'district'));
  });

  it('gives an area with parents, children and history', async () => {
    const cumbria = (await get('/api/v1/areas/E10000006')).json() as ApiArea & {
      children: { code: string; relation: string }[];
      successors: { code: string }[];
    };
    assert.equal(cumbria.type, 'county');
    assert.equal(cumbria.validTo, '2023-04-01');
    assert.deepEqual(cumbria.successors.map((s) => s.code).sort(), ['E06000063', 'E06000064']);
    assert.ok(cumbria.children.some((c) => c.code === 'E07000026' && c.relation === 'upper-tier'));

    const cumberland = (await get('/api/v1/areas/E06000063')).json() as {
      predecessors: { code: string; date: string }[];
    };
    const allerdale = cumberland.predecessors.find((p) => p.code === 'E07000026');
    assert.equal(allerdale?.date, '2023-04-01');
  });

  it('answers codes case-insensitively', async () => {
    const response = await get('/api/v1/areas/e06000001');
    assert.equal(response.statusCode, 200);
    assert.equal((response.json() as ApiArea).name, 'Hartlepool Borough Council');
  });

  it('gives problem+json 404 for an unknown area', async () => {
    const response = await get('/api/v1/areas/E06999999');
    assert.equal(response.statusCode, 404);
    assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
    const problem = response.json() as { status: number; detail: string; title: string };
    assert.equal(problem.status, 404);
    assert.match(problem.detail, /E06999999/);
  });

  it('gives problem+json 400 naming a bad parameter', async () => {
    for (const [url, parameter] of [
      ['/api/v1/areas?type=parish', 'type'],
      ['/api/v1/areas?current=yes', 'current'],
      ['/api/v1/areas?colour=blue', 'colour'],
    ] as const) {
      const response = await get(url);
      assert.equal(response.statusCode, 400, url);
      const problem = response.json() as { detail: string; parameter?: string };
      if (parameter) assert.equal(problem.parameter, parameter, url);
      assert.match(problem.detail, parameter ? new RegExp(parameter) : /colour/, url);
    }
  });

  it('never shows a stack trace', async () => {
    const response = await get('/api/v1/areas?type=%ZZ');
    assert.ok(response.statusCode < 500);
    assert.doesNotMatch(response.body, /at .*\.ts:\d+/);
  });

  it('reports health', async () => {
    const response = await get('/healthz');
    assert.equal(response.statusCode, 200);
    assert.equal((response.json() as { status: string }).status, 'ok');
  });

  it('renders the home page with councils by type', async () => {
    const response = await get('/');
    assert.equal(response.statusCode, 200);
    const html = response.body;
    assert.match(html, /<title>Compare councils with councils like them – openlg<\/title>/);
    assert.match(html, /County councils \(21\)/);
    assert.match(html, /District councils \(164\)/);
    assert.match(html, /href="\/areas\/E06000001">Hartlepool</);
    // Browse by region too: the North East has 7 unitaries and 5 metropolitan districts.
    assert.match(
      html,
      /href="\/areas\/E12000001">North East<\/a> <span class="govuk-body-s">\(12 councils\)/,
    );
    assert.equal((html.match(/href="\/areas\/E12\d{6}"/g) ?? []).length, 9);
    assert.match(html, /class="govuk-skip-link"/);
    assert.match(html, /Open Government Licence v3\.0/);
    assert.doesNotMatch(html, /govuk-header__logotype|GOV\.UK/);
  });

  it('renders an area page with its facts, parents and boundary map', async () => {
    const html = (await get('/areas/E07000223')).body;
    assert.match(html, /<h1 class="govuk-heading-xl">Adur<\/h1>/);
    assert.match(html, /District council/);
    assert.match(html, /href="\/areas\/E10000032">West Sussex</);
    assert.match(html, /Police force area/);
    assert.match(html, /<svg[^>]*role="img"/);
    assert.match(html, /<title[^>]*>Map of Adur<\/title>/);
  });

  it('tells readers an abolished council was replaced', async () => {
    const html = (await get('/areas/E07000026')).body;
    assert.match(html, /abolished on 1 April 2023/);
    assert.match(html, /href="\/areas\/E06000063">Cumberland</);
  });

  it('finds councils by name variant and code', async () => {
    const byName = (await get('/areas?q=bournemouth+christchurch')).body;
    assert.match(byName, /href="\/areas\/E06000058"/);
    const byCode = (await get('/areas?q=e06000001')).body;
    assert.match(byCode, /href="\/areas\/E06000001">Hartlepool</);
  });

  it('renders a GOV.UK style 404 page with a search box', async () => {
    const response = await get('/areas/E06999999');
    assert.equal(response.statusCode, 404);
    assert.match(response.headers['content-type'] as string, /text\/html/);
    assert.match(response.body, /Page not found/);
    assert.match(response.body, /name="q"/);
  });

  it('renders a 400 page naming the bad parameter', async () => {
    const response = await get('/areas?type=parish');
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /There is a problem with the request/);
    assert.match(response.body, /type: each type must be one of/);
  });

  it('serves the stylesheet without the GDS Transport font', async () => {
    const response = await get('/assets/openlg.css');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /system-ui/);
    assert.doesNotMatch(response.body, /GDS Transport/);
  });

  it('documents the area endpoints with working examples', async () => {
    const html = (await get('/api')).body;
    const examples = [...html.matchAll(/href="(\/api\/v1\/[^"]+)"/g)].map((m) =>
      m[1]!.replaceAll('&amp;', '&'),
    );
    assert.ok(examples.length >= 2);
    for (const url of examples) {
      const response = await get(url);
      assert.equal(response.statusCode, 200, url);
    }
  });
});
