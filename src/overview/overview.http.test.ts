import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServices, type Services } from '../app/services.ts';
import { readTidyCsv } from '../imports/tabular/tabular.reader.ts';
import { openContextApp, type TestApp } from '../testing/app.ts';

interface Measure {
  metric: string;
  direction: string;
  latest: { period: string | null; value: number | null };
}

describe('the overview API', () => {
  let t: TestApp;
  let services: Services;
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  before(async () => {
    t = await openContextApp();
    services = createServices(t.database);
    await services.overview.recompute();
  });
  after(async () => t.close());

  it('lists the baskets with each measure’s rule and the baselines', async () => {
    const response = await get('/api/v1/overview/baskets');
    assert.equal(response.statusCode, 200);
    const { baskets } = response.json<{
      baskets: { slug: string; baselines: { id: string }[]; measures: { tolerance: object }[] }[];
    }>();
    const headline = baskets.find((b) => b.slug === 'headline');
    assert.deepEqual(
      headline?.baselines.map((b) => b.id),
      ['2016', '2019'],
    );
    assert.deepEqual(headline?.measures[0]?.tolerance, { relative: 0.02 });
  });

  it('answers the sector, and a council beside the sector and its neighbours', async () => {
    const sector = await get('/api/v1/overview?basket=economy-and-skills&baseline=2016');
    assert.equal(sector.statusCode, 200);
    const body = sector.json<{ area: { code: string }; measures: Measure[]; councils: object[] }>();
    assert.equal(body.area.code, 'E92000001');
    assert.equal(body.measures.length, 5);
    assert.equal(body.councils.length, 5);

    const council = await get('/api/v1/overview?area=e06000001');
    assert.equal(council.statusCode, 200);
    const hartlepool = council.json<{
      area: { name: string };
      baseline: { id: string };
      sector: { total: number };
      neighbours: { councils: number; improved: number | null };
    }>();
    assert.equal(hartlepool.area.name, 'Hartlepool');
    assert.equal(hartlepool.baseline.id, '2016');
    assert.ok(hartlepool.neighbours.councils > 0);
  });

  it('answers CSV, one row per measure', async () => {
    const response = await get('/api/v1/overview?basket=economy-and-skills&format=csv');
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/csv/);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    assert.equal(lines.length, 6);
    assert.match(lines[0] ?? '', /^basket,basket_version,baseline,area,/);
    assert.match(lines[1] ?? '', /^economy-and-skills,1,2016,E92000001,England,/);
  });

  it('refuses bad parameters and unknown baskets as problem documents', async () => {
    for (const [url, status] of [
      ['/api/v1/overview?baseline=x', 400],
      ['/api/v1/overview?colour=red', 400],
      ['/api/v1/overview?format=xlsx', 400],
      ['/api/v1/overview?basket=nothing', 404],
      ['/api/v1/overview?baseline=1999', 404],
      ['/api/v1/overview?area=E06999999', 404],
    ] as const) {
      const response = await get(url);
      assert.equal(response.statusCode, status, url);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/, url);
    }
  });

  it('is in the OpenAPI document', async () => {
    const document = (await get('/api/v1/openapi.json')).json<{ paths: Record<string, object> }>();
    assert.ok(document.paths['/api/v1/overview']);
    assert.ok(document.paths['/api/v1/overview/baskets']);
  });

  it('is worked out again after an import changes a basket’s measure', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'openlg-overview-'));
    const file = path.join(dir, 'employment.csv');
    await writeFile(file, 'code,value\nE92000001,80\n');
    const parsed = await readTidyCsv(file, dir, {
      name: 'test mapping',
      value: {
        area: { column: 'code' },
        period: { value: '2030' },
        measures: [{ metric: 'employment-rate', value: 'value' }],
      },
    });
    await services.imports.run(parsed);
    const response = await get('/api/v1/overview?basket=economy-and-skills&baseline=2019');
    const employment = response
      .json<{ measures: Measure[] }>()
      .measures.find((m) => m.metric === 'employment-rate');
    assert.deepEqual(employment?.latest, { period: '2030-01-01/P1Y', value: 80 });
    assert.equal(employment?.direction, 'improved');
  });

  it('shows the sector page: charts each followed by its table, and the method', async () => {
    const response = await get('/overview?basket=economy-and-skills');
    assert.equal(response.statusCode, 200);
    const html = response.body;
    assert.match(html, /<h1 class="govuk-heading-l">Direction of travel of the sector<\/h1>/);
    assert.equal(html.match(/<svg [^>]*class="app-chart app-chart--stacked"/g)?.length, 2);
    assert.match(html, /<\/svg><\/div>\s*<div class="openlg-table-scroll"[^>]*><table/);
    assert.match(html, /Councils by direction of travel, for each measure/);
    assert.match(html, /id="method"/);
    // Linked from the site navigation, marked as the page open.
    assert.match(
      html,
      /<a class="govuk-service-navigation__link" href="\/overview" aria-current="true">/,
    );
  });

  it('shows a council beside the sector and its neighbours', async () => {
    const response = await get('/overview?basket=economy-and-skills&area=E06000001&baseline=2019');
    assert.equal(response.statusCode, 200);
    assert.match(
      response.body,
      /Hartlepool improved on \d+ of 5 measures since 2019 \(2019\/20\); similar councils on [\d.]+ on average; England on \d+\./,
    );
  });

  it('answers a bad or unknown choice with an error page', async () => {
    assert.equal((await get('/overview?baseline=soon')).statusCode, 400);
    assert.equal((await get('/overview?basket=nothing')).statusCode, 404);
    assert.equal((await get('/overview?area=E06999999')).statusCode, 404);
    assert.equal((await get('/overview?baseline=1999')).statusCode, 404);
  });
});
