import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readOnsEls } from '../imports/els/els.reader.ts';
import { ImportService, type ImportOptions } from '../imports/imports.service.ts';
import { dataDir, openTestApp, type TestApp } from '../testing/app.ts';
import { importValues } from '../testing/values.ts';

interface ApiMetric {
  slug: string;
  title: string;
  unit: string | null;
  polarity: string;
  theme: string | null;
  decimalPlaces: number;
  source: { organisation: string | null; url: string | null; licence: string | null };
  areaTypes: string[];
  firstPeriod: { code: string; label: string } | null;
  lastPeriod: { code: string; label: string } | null;
  lastUpdated: string | null;
}

interface ApiMetricDetail extends ApiMetric {
  description: string | null;
  periods: { code: string; label: string; areaTypes: Record<string, { values: number }> }[];
}

describe('the metric catalogue over HTTP', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  /** Imports one small value set for a test metric with the given publication. */
  async function importTest(slug: string, year: string, options: ImportOptions) {
    await importValues(t.database, slug, year, { E06000001: 1, E06000002: 2 }, options, {
      title: `Hidden ${slug}`,
      polarity: 'no-judgement',
    });
  }

  before(async () => {
    t = await openTestApp();
    const folder = path.join(dataDir, 'metrics/ons-explore-local-statistics');
    await new ImportService(t.database).run(await readOnsEls(folder, dataDir));
    const future = { state: 'embargoed', until: new Date(Date.now() + 86_400_000) } as const;
    await importTest('secret-embargoed', '2024', { publication: future });
    await importTest('secret-restricted', '2024', { publication: { state: 'restricted' } });
    await importTest('lifted-embargo', '2024', {
      publication: { state: 'embargoed', until: new Date(Date.now() - 1000) },
    });
    // A public metric with one more period still under embargo.
    await importTest('partly-embargoed', '2023', {});
    await importTest('partly-embargoed', '2024', { publication: future });
  });
  after(() => t.close());

  it('lists every metric with the public values, with its coverage', async () => {
    const response = await get('/api/v1/metrics?limit=1000');
    assert.equal(response.statusCode, 200);
    const { metrics, total } = response.json() as { metrics: ApiMetric[]; total: number };
    assert.equal(total, 33 + 2);
    const gcse = metrics.find((m) => m.slug === 'gcses-in-english-and-maths');
    assert.ok(gcse);
    assert.equal(gcse.title, 'GCSEs in English and Maths');
    assert.equal(gcse.polarity, 'higher-is-better');
    assert.equal(gcse.theme, 'children-and-young-people');
    assert.equal(gcse.unit, '%');
    assert.equal(gcse.source.licence, 'Open Government Licence v3.0');
    assert.equal(gcse.firstPeriod?.code, '2016-09-01/P1Y');
    assert.equal(gcse.lastPeriod?.code, '2024-09-01/P1Y');
    assert.equal(gcse.lastPeriod?.label, '2024/25');
    for (const type of ['county', 'unitary', 'district', 'region', 'nation'])
      assert.ok(gcse.areaTypes.includes(type), `${type} in ${gcse.areaTypes.join(', ')}`);
    assert.ok(gcse.lastUpdated && !Number.isNaN(Date.parse(gcse.lastUpdated)));
  });

  it('never shows embargoed or restricted metrics or periods', async () => {
    const { metrics } = (await get('/api/v1/metrics?limit=1000')).json() as {
      metrics: ApiMetric[];
    };
    const slugs = metrics.map((m) => m.slug);
    assert.ok(!slugs.includes('secret-embargoed'));
    assert.ok(!slugs.includes('secret-restricted'));
    assert.ok(slugs.includes('lifted-embargo'), 'an embargo that has ended lifts by itself');
    assert.equal((await get('/api/v1/metrics/secret-embargoed')).statusCode, 404);
    assert.equal((await get('/api/v1/metrics/secret-restricted')).statusCode, 404);
    assert.equal((await get('/api/v1/metrics?q=hidden+secret')).json().total, 0);
    const partly = (await get('/api/v1/metrics/partly-embargoed')).json().metric as ApiMetricDetail;
    assert.deepEqual(
      partly.periods.map((p) => p.code),
      ['2023-01-01/P1Y'],
    );
    assert.equal(partly.lastPeriod?.label, '2023');
  });

  it('searches by every word in titles and descriptions, theme and area type', async () => {
    const search = async (query: string) =>
      ((await get(`/api/v1/metrics?${query}`)).json() as { metrics: ApiMetric[] }).metrics.map(
        (m) => m.slug,
      );
    assert.deepEqual(await search('q=employment+rate'), ['employment-rate']);
    assert.ok((await search('q=HEALTHY')).includes('female-healthy-life-expectancy'));
    assert.deepEqual(await search('q=100%25'), []);
    const culture = await search('theme=culture-tourism-and-sport');
    assert.deepEqual(culture.sort(), [
      'engaged-with-the-arts',
      'visited-a-heritage-site',
      'visited-a-museum-or-gallery',
      'visited-a-public-library',
    ]);
    const inCounties = await search('areaType=county&limit=1000');
    assert.ok(inCounties.includes('gcses-in-english-and-maths'));
    assert.ok(!inCounties.includes('lifted-embargo'), 'only unitaries have that metric');
    const page = (await get('/api/v1/metrics?limit=2&offset=2')).json() as {
      metrics: ApiMetric[];
      total: number;
    };
    assert.equal(page.metrics.length, 2);
    assert.equal(page.total, 35);
  });

  it('describes one metric with its periods and coverage', async () => {
    const response = await get('/api/v1/metrics/employment-rate');
    assert.equal(response.statusCode, 200);
    const metric = response.json().metric as ApiMetricDetail;
    assert.equal(metric.title, 'Employment rate');
    assert.ok(metric.description && metric.description.length > 20);
    assert.ok(metric.periods.length >= 10);
    const y2018 = metric.periods.find((p) => p.code === '2018-01-01/P1Y');
    assert.ok(y2018);
    assert.ok((y2018.areaTypes.unitary?.values ?? 0) > 50);
    assert.deepEqual(
      metric.periods.map((p) => p.code),
      [...metric.periods.map((p) => p.code)].sort(),
    );
  });

  it('answers bad requests with a problem naming the parameter, and unknown slugs with 404', async () => {
    const bad = await get('/api/v1/metrics?theme=sport');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(bad.json().parameter, 'theme');
    assert.equal((await get('/api/v1/metrics?areaType=parish')).json().parameter, 'areaType');
    assert.equal((await get('/api/v1/metrics?limit=0')).json().parameter, 'limit');
    assert.equal((await get('/api/v1/metrics?colour=red')).json().parameter, 'colour');
    const missing = await get('/api/v1/metrics/no-such-metric');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.json().detail, /no-such-metric/);
  });
});
