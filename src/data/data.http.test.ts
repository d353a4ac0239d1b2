import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSONstat from 'jsonstat-toolkit';
import { areaTypes } from '../db/vocabulary.ts';
import { BulkService } from './bulk.service.ts';
import { GroupsService } from '../groups/groups.service.ts';
import { readOnsEls } from '../imports/els/els.reader.ts';
import { ImportService, type ImportOptions } from '../imports/imports.service.ts';
import { dataDir, openTestApp, type TestApp } from '../testing/app.ts';
import { workbookCells } from '../testing/workbook.ts';
import { importValues } from '../testing/values.ts';

interface ApiObservation {
  metric: string;
  area: string;
  areaName: string;
  period: string;
  periodLabel: string;
  value: number | null;
  lci?: number | null;
  uci?: number | null;
  status?: string;
  rank?: number | null;
  quartileBand?: number | null;
  benchmark?: number | null;
}

interface ApiAnswer {
  metrics: { slug: string; title: string; unit: string | null; decimalPlaces: number }[];
  observations: ApiObservation[];
  total: number;
  limit: number | null;
  offset: number;
  attribution: string;
  licence: string;
  asOf?: string;
}

const gcse = 'gcses-in-english-and-maths';
const spotCheck = `metric=${gcse}&area=E06000001&period=2023-09-01/P1Y`;
const formats = ['json', 'csv', 'jsonstat', 'csvw', 'xlsx'] as const;
/** The values of the hidden test sets: numbers no real figure shares, so any leak shows. */
const hidden: [number, number] = [987654.321, 987654.322];

function csvRecords(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true }) as Record<string, string>[];
}

describe('the open data API over HTTP, on real data', () => {
  let t: TestApp;
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers });
  const json = async (url: string) => {
    const response = await get(url);
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as ApiAnswer;
  };

  /** Imports a small value set for a test metric with the given publication. */
  async function importTest(
    slug: string,
    year: string,
    options: ImportOptions,
    values: [number, number] = [11, 12],
  ) {
    await importValues(
      t.database,
      slug,
      year,
      { E06000001: values[0], E06000002: values[1] },
      options,
      {
        title: `Hidden ${slug}`,
        polarity: 'no-judgement',
      },
    );
  }

  before(async () => {
    t = await openTestApp();
    const folder = path.join(dataDir, 'metrics/ons-explore-local-statistics');
    await new ImportService(t.database).run(await readOnsEls(folder, dataDir));
    await new GroupsService(t.database.db).rebuildRegisterGroups(dataDir);
    const future = { state: 'embargoed', until: new Date(Date.now() + 86_400_000) } as const;
    await importTest('secret-embargoed', '2024', { publication: future }, hidden);
    await importTest('secret-restricted', '2024', { publication: { state: 'restricted' } }, hidden);
    await importTest('lifted-embargo', '2024', {
      publication: { state: 'embargoed', until: new Date(Date.now() - 1000) },
    });
    await importTest('partly-embargoed', '2023', {});
    await importTest('partly-embargoed', '2024', { publication: future }, hidden);
  });
  after(() => t.close());

  describe('Hartlepool GCSEs in English and Maths 2023/24 is 74.064', () => {
    it('in JSON', async () => {
      const answer = await json(`/api/v1/data?${spotCheck}`);
      assert.deepEqual(answer.observations, [
        {
          metric: gcse,
          area: 'E06000001',
          areaName: 'Hartlepool',
          period: '2023-09-01/P1Y',
          periodLabel: '2023/24',
          value: 74.064,
        },
      ]);
      const [metric] = answer.metrics;
      assert.equal(metric?.title, 'GCSEs in English and Maths');
      assert.equal(metric?.unit, '%');
      assert.equal(answer.licence, 'Open Government Licence v3.0');
      assert.match(answer.attribution, /Department for Education/);
      assert.match(answer.attribution, /Open Government Licence v3\.0/);
    });

    it('in CSV, with a byte order mark, a header row and CRLF line ends', async () => {
      const response = await get(`/api/v1/data?${spotCheck}&format=csv`);
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
      assert.equal(
        response.headers['content-disposition'],
        `attachment; filename="openlg-${gcse}.csv"`,
      );
      assert.equal(response.rawPayload[0], 0xef, 'UTF-8 byte order mark');
      assert.equal(
        response.body,
        '\uFEFFmetric,area,area_name,period,period_label,value,lci,uci,status\r\n' +
          `${gcse},E06000001,Hartlepool,2023-09-01/P1Y,2023/24,74.064,,,ok\r\n`,
      );
    });

    it('in JSON-stat', async () => {
      const response = await get(`/api/v1/data?${spotCheck}&format=jsonstat`);
      assert.equal(response.headers['content-type'], 'application/json-stat+json; charset=utf-8');
      const dataset = JSONstat(response.json() as object);
      assert.equal(dataset.class, 'dataset');
      assert.equal(
        dataset.Data({ metric: gcse, area: 'E06000001', period: '2023-09-01/P1Y' })?.value,
        74.064,
      );
    });

    it('in XLSX, read back with exceljs', async () => {
      const response = await get(`/api/v1/data?${spotCheck}&format=xlsx`);
      assert.equal(
        response.headers['content-type'],
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      assert.equal(
        response.headers['content-disposition'],
        `attachment; filename="openlg-${gcse}.xlsx"`,
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
      const data = workbook.getWorksheet('Data');
      assert.ok(data);
      assert.deepEqual((data.getRow(1).values as unknown[]).slice(1), [
        'metric',
        'area',
        'area_name',
        'period',
        'period_label',
        'value',
        'lci',
        'uci',
        'status',
      ]);
      const row = data.getRow(2);
      assert.equal(row.getCell(2).value, 'E06000001');
      assert.equal(row.getCell(6).value, 74.064);
      assert.equal(row.getCell(6).numFmt, '0.0', 'shown to the metric’s one decimal place');
      const about = await workbookCells(response.rawPayload);
      assert.ok(about.some((c) => /Open Government Licence v3\.0/.test(c)));
      assert.ok(about.some((c) => /Department for Education/.test(c)));
      assert.ok(workbook.getWorksheet('About'));
    });
  });

  it('gives JSON-stat that jsonstat-toolkit reads to exactly the JSON answer', async () => {
    const query =
      'metric=gross-median-weekly-pay,cancer-diagnosis-at-stage-1-and-2,gcses-in-english-and-maths' +
      '&group=type:unitary&period=latest:3';
    const answer = await json(`/api/v1/data?${query}&include=status`);
    const response = await get(`/api/v1/data?${query}&format=jsonstat`);
    assert.equal(response.statusCode, 200);
    const dataset = JSONstat(response.json() as object);
    assert.deepEqual(dataset.id, ['metric', 'area', 'period']);
    const areas = dataset.Dimension('area');
    const periods = dataset.Dimension('period');
    const metrics = dataset.Dimension('metric');
    assert.ok(areas && periods && metrics);
    assert.deepEqual(
      metrics.id,
      answer.metrics.map((m) => m.slug),
    );
    assert.equal(metrics.Category('gross-median-weekly-pay')?.unit?.label, '£');
    assert.equal(metrics.Category(gcse)?.unit?.decimals, 1);
    assert.ok(answer.observations.some((o) => o.value === null && o.status === 'suppressed'));
    let checked = 0;
    for (const o of answer.observations) {
      const cell = dataset.Data({ metric: o.metric, area: o.area, period: o.period });
      assert.equal(cell?.value, o.value, `${o.metric} ${o.area} ${o.period}`);
      assert.equal(cell?.status ?? 'ok', o.status);
      assert.equal(areas.Category(o.area)?.label, o.areaName);
      assert.equal(periods.Category(o.period)?.label, o.periodLabel);
      checked++;
    }
    assert.ok(checked > 300, `${checked} values checked`);
    // The cube's other cells hold no value and say so.
    const held = new Set(answer.observations.map((o) => `${o.metric}|${o.area}|${o.period}`));
    for (const metric of metrics.id)
      for (const area of areas.id)
        for (const period of periods.id)
          if (!held.has(`${metric}|${area}|${period}`)) {
            const cell = dataset.Data({ metric, area, period });
            assert.equal(cell?.value, null);
            assert.equal(cell?.status, 'not-available');
          }
  });

  it('lists what a JSON observation carries as include asks, and always says why a value is missing', async () => {
    const base =
      '/api/v1/data?metric=cancer-diagnosis-at-stage-1-and-2&areaType=unitary&period=2022-01-01/P1Y';
    const plain = await json(base);
    const missing = plain.observations.find((o) => o.value === null);
    assert.equal(missing?.status, 'suppressed', 'a missing value says why without asking');
    const present = plain.observations.find((o) => o.value !== null);
    assert.ok(present);
    assert.deepEqual(Object.keys(present), [
      'metric',
      'area',
      'areaName',
      'period',
      'periodLabel',
      'value',
    ]);
    const full = await json(`${base}&include=ci,status,rank,benchmark`);
    const withAll = full.observations.find((o) => o.area === present.area);
    assert.deepEqual(Object.keys(withAll ?? {}), [
      'metric',
      'area',
      'areaName',
      'period',
      'periodLabel',
      'value',
      'lci',
      'uci',
      'status',
      'rank',
      'quartileBand',
      'rankNote',
      'benchmark',
    ]);
    assert.ok(typeof withAll?.lci === 'number' && typeof withAll.uci === 'number');
    assert.equal(
      full.observations.find((o) => o.area === missing?.area)?.rank,
      null,
      'a suppressed value has no rank',
    );
  });

  it('ranks within the requested areas per metric and period, as the comparison does', async () => {
    const answer = await json(
      `/api/v1/data?metric=${gcse}&group=type:unitary&period=latest:2&include=rank,benchmark`,
    );
    const england = await json(`/api/v1/data?metric=${gcse}&area=E92000001&period=latest:2`);
    for (const period of new Set(answer.observations.map((o) => o.period))) {
      const rows = answer.observations.filter((o) => o.period === period && o.value !== null);
      for (const a of rows)
        for (const b of rows)
          if ((a.value ?? 0) > (b.value ?? 0)) assert.ok((a.rank ?? 0) < (b.rank ?? 0));
      assert.equal(Math.min(...rows.map((o) => o.rank ?? Infinity)), 1);
      assert.ok(rows.filter((o) => o.rank === 1).every((o) => o.quartileBand === 1));
      const benchmark = england.observations.find((o) => o.period === period)?.value;
      assert.ok(typeof benchmark === 'number');
      assert.ok(rows.every((o) => o.benchmark === benchmark));
    }
    const latest = answer.observations.at(-1)?.period;
    const hartlepool = answer.observations.find(
      (o) => o.area === 'E06000001' && o.period === latest,
    );
    const compare = await get(
      `/api/v1/compare?metric=${gcse}&area=E06000001&group=type:unitary&period=${latest}`,
    );
    assert.equal(compare.statusCode, 200);
    assert.equal(hartlepool?.rank, compare.json().standing.rank);
    assert.equal(hartlepool?.quartileBand, compare.json().standing.quartileBand);
  });

  it('selects periods: latest, latest:N, ids, ranges and open ranges', async () => {
    const periods = async (period: string) => [
      ...new Set(
        (
          await json(`/api/v1/data?metric=${gcse}&area=E06000001&period=${period}`)
        ).observations.map((o) => o.period),
      ),
    ];
    assert.deepEqual(await periods('latest'), ['2024-09-01/P1Y']);
    assert.deepEqual(await periods('latest:3'), [
      '2022-09-01/P1Y',
      '2023-09-01/P1Y',
      '2024-09-01/P1Y',
    ]);
    assert.deepEqual(await periods('2016-09-01/P1Y,2019-09-01/P1Y'), [
      '2016-09-01/P1Y',
      '2019-09-01/P1Y',
    ]);
    assert.deepEqual(await periods('2018-09-01/P1Y..2020-09-01/P1Y'), [
      '2018-09-01/P1Y',
      '2019-09-01/P1Y',
      '2020-09-01/P1Y',
    ]);
    // A range's ends need not be periods the metric has: periods starting between them count.
    assert.deepEqual(await periods('2018-01-01/P1Y..2019-01-01/P1Y'), ['2018-09-01/P1Y']);
    assert.deepEqual(await periods('2023-09-01/P1Y..'), ['2023-09-01/P1Y', '2024-09-01/P1Y']);
    assert.deepEqual(await periods('..2016-09-01/P1Y'), ['2016-09-01/P1Y']);
    assert.deepEqual(await periods('2030-01-01/P1Y..'), []);
  });

  it('selects areas: a list, a group (with its subject), a custom list or area types', async () => {
    const areas = async (selector: string) =>
      (await json(`/api/v1/data?metric=${gcse}&${selector}`)).observations.map((o) => o.area);
    assert.deepEqual(await areas('area=e06000002,E06000001'), ['E06000001', 'E06000002']);
    assert.deepEqual(await areas('group=custom:E06000003,E06000001'), ['E06000001', 'E06000003']);
    const unitaries = await areas('group=type:unitary');
    assert.equal(unitaries.length, 62);
    const byType = await areas('areaType=unitary');
    assert.deepEqual(byType, unitaries, 'abolished unitaries hold no value for the latest year');
    const neighbours = await areas('group=dfe-sn:e06000001');
    assert.equal(neighbours.length, 11);
    assert.ok(neighbours.includes('E06000001') && neighbours.includes('E06000003'));
    assert.deepEqual(await areas('area=E06000001,e06000001'), ['E06000001'], 'once each');
    assert.deepEqual(await areas('areaType=unitary,unitary'), unitaries);
    const two = await areas('areaType=unitary,county');
    assert.ok(two.length > 62 && two.includes('E10000016'));
  });

  it('takes by POST a selection too long for an address, answering as GET does', async () => {
    const unitaries = (await json(`/api/v1/data?metric=${gcse}&group=type:unitary&include=rank`))
      .observations;
    const codes = unitaries.map((o) => o.area);
    const post = (body: unknown, url = '/api/v1/data') =>
      t.app.inject({ method: 'POST', url, payload: body as object });
    const posted = await post({ metric: gcse, group: codes, include: ['rank'] });
    assert.equal(posted.statusCode, 200, posted.body);
    assert.deepEqual(posted.json<ApiAnswer>().observations, unitaries);
    const csv = await post({ metric: gcse, group: `custom:${codes.join(',')}`, format: 'csv' });
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.body.split('\r\n').length, codes.length + 2, 'a header, rows, a last CRLF');
    assert.match(csv.headers.link as string, /data.csv-metadata.json\?metric=/);
    const bad = await post({ metric: gcse, group: ['E06000001', 'nope'] });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().detail, /"NOPE" is not a GSS code/);
    const notAnObject = await post(['E06000001']);
    assert.equal(notAnObject.statusCode, 400);
    assert.match(notAnObject.json().detail, /a JSON object of the same parameters/);
    assert.equal((await post({ metric: gcse, area: 'E06000001', extra: 1 })).statusCode, 400);
  });

  it('describes its CSV with CSVW metadata whose url and columns match the CSV', async () => {
    const query = `metric=${gcse},gross-median-weekly-pay&area=E06000001,E06000058&period=latest:2&include=rank,benchmark`;
    const metadata = await get(`/api/v1/data.csv-metadata.json?${query}`);
    assert.equal(metadata.statusCode, 200);
    assert.equal(metadata.headers['content-type'], 'application/csvm+json; charset=utf-8');
    const document = metadata.json() as {
      '@context': unknown;
      url: string;
      dialect: { header: boolean; encoding: string };
      tableSchema: {
        columns: { name: string; titles: string; datatype: unknown; required: boolean }[];
        primaryKey: string[];
      };
      'dc:license': string;
    };
    assert.deepEqual(document['@context'], ['http://www.w3.org/ns/csvw', { '@language': 'en' }]);
    assert.equal(document['dc:license'], 'Open Government Licence v3.0');
    assert.deepEqual(
      (await get(`/api/v1/data?${query}&format=csvw`)).json(),
      document,
      'format=csvw is the same document',
    );
    const csvUrl = new URL(document.url, `http://openlg.test/api/v1/data.csv-metadata.json`);
    const csv = await get(csvUrl.pathname + csvUrl.search);
    assert.equal(csv.statusCode, 200);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(csv.headers.link as string, /rel="describedby"; type="application\/csvm\+json"/);
    const [header = ''] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    assert.deepEqual(
      document.tableSchema.columns.map((c) => c.titles),
      header.split(','),
    );
    assert.deepEqual(document.tableSchema.primaryKey, ['metric', 'area', 'period']);
    const value = document.tableSchema.columns.find((c) => c.name === 'value');
    assert.equal(value?.datatype, 'double');
    const band = document.tableSchema.columns.find((c) => c.name === 'quartile_band');
    assert.deepEqual(band?.datatype, { base: 'integer', minInclusive: 1, maxInclusive: 4 });
    // The CSV's rows are the JSON answer's, a name with a comma quoted.
    const rows = csvRecords(csv.body);
    const answer = await json(`/api/v1/data?${query}&include=ci,status`);
    assert.equal(rows.length, answer.observations.length);
    assert.ok(csv.body.includes('"Bournemouth, Christchurch and Poole"'));
    answer.observations.forEach((o, i) => {
      const row = rows[i];
      assert.equal(row?.area_name, o.areaName);
      assert.equal(row?.value, o.value === null ? '' : String(o.value));
      assert.equal(row?.lci, o.lci === null || o.lci === undefined ? '' : String(o.lci));
      assert.equal(row?.status, o.status);
    });
  });

  it('negotiates the format from Accept, and format= wins', async () => {
    const url = `/api/v1/data?${spotCheck}`;
    const typeFor = async (accept: string) =>
      (await get(url, { accept })).headers['content-type'] as string;
    assert.match(await typeFor('text/csv'), /^text\/csv/);
    assert.match(await typeFor('application/json'), /^application\/json;/);
    assert.match(await typeFor('application/json-stat+json'), /^application\/json-stat\+json/);
    assert.match(await typeFor('application/csvm+json'), /^application\/csvm\+json/);
    assert.match(await typeFor('application/vnd.ms-excel'), /spreadsheetml/);
    assert.match(
      await typeFor('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
      /spreadsheetml/,
    );
    assert.match(await typeFor('text/html,application/xhtml+xml,*/*;q=0.8'), /^application\/json;/);
    assert.match(await typeFor('application/json;q=0.5, text/csv'), /^text\/csv/);
    assert.match(await typeFor('image/png'), /^application\/json;/);
    const forced = await get(`${url}&format=json`, { accept: 'text/csv' });
    assert.match(forced.headers['content-type'] as string, /^application\/json;/);
    assert.match(forced.headers.vary as string, /accept/i);
  });

  it('pages through observations with limit and offset, ranking within the whole set', async () => {
    const base = `/api/v1/data?metric=${gcse}&areaType=unitary&period=latest:2&include=rank`;
    const whole = await json(base);
    const page = await json(`${base}&limit=10&offset=55`);
    assert.equal(page.total, whole.observations.length);
    assert.equal(page.limit, 10);
    assert.equal(page.offset, 55);
    assert.deepEqual(page.observations, whole.observations.slice(55, 65));
    const beyond = await json(`${base}&limit=10&offset=10000`);
    assert.deepEqual(beyond.observations, []);
    assert.equal(beyond.total, whole.observations.length);
    const csv = await get(`${base}&limit=5&format=csv`);
    assert.equal(csvRecords(csv.body).length, 5);
  });

  it('refuses an answer over the cell limit, naming the parameter and the ways round it', async () => {
    const big =
      '/api/v1/data?metric=*&areaType=district,unitary,county,london-borough&period=latest:100';
    const response = await get(big);
    assert.equal(response.statusCode, 400);
    assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
    const problem = response.json() as { parameter: string; detail: string };
    assert.equal(problem.parameter, 'areaType');
    assert.match(problem.detail, /50,000/);
    assert.match(problem.detail, /limit/);
    assert.match(problem.detail, /\/api\/v1\/bulk\/metrics\/\{slug\}\.csv/);
    const paged = await json(`${big}&limit=500&offset=1000`);
    assert.equal(paged.observations.length, 500);
    assert.ok(paged.total > 1500);
    const cube = await get(
      `/api/v1/data?metric=*&areaType=district&period=latest:10&format=jsonstat`,
    );
    assert.equal(cube.statusCode, 400);
    assert.match(cube.json().detail, /cells/);
  });

  it('answers every malformed parameter with 400 naming it and the accepted forms', async () => {
    const cases: [string, string, RegExp][] = [
      [`area=E06000001`, 'metric', /required/],
      [`metric=Bad_Slug&area=E06000001`, 'metric', /slug/],
      [`metric=${gcse}`, 'area', /area=.*group=.*areaType=/],
      [`metric=${gcse}&area=E06000001&areaType=unitary`, 'areaType', /only one of/],
      [`metric=${gcse}&area=X1`, 'area', /GSS code/],
      [`metric=${gcse}&areaType=parish`, 'areaType', /county/],
      [`metric=${gcse}&group=custom:nope`, 'group', /GSS code/],
      [`metric=${gcse}&area=E06000001&period=latest:0`, 'period', /latest:N/],
      [`metric=${gcse}&area=E06000001&period=latest:101`, 'period', /1 to 100/],
      [`metric=${gcse}&area=E06000001&period=2023`, 'period', /2023-09-01\/P1Y/],
      [`metric=${gcse}&area=E06000001&period=2023-02-30/P1Y`, 'period', /does not exist/],
      [`metric=${gcse}&area=E06000001&period=2023-01-01/P01Y`, 'period', /written 2023-01-01\/P1Y/],
      [
        `metric=${gcse}&area=E06000001&period=2024-01-01/P1Y..2020-01-01/P1Y`,
        'period',
        /ends before/,
      ],
      [`metric=${gcse}&area=E06000001&period=..`, 'period', /range/],
      [`metric=${gcse}&area=E06000001&format=parquet`, 'format', /json, csv, jsonstat, csvw, xlsx/],
      [`metric=${gcse}&area=E06000001&include=ci,colour`, 'include', /ci, status, rank, benchmark/],
      [`metric=${gcse}&area=E06000001&asOf=yesterday`, 'asOf', /date/],
      [`metric=${gcse}&area=E06000001&asOf=2024-13-01`, 'asOf', /date/],
      [`metric=${gcse}&area=E06000001&limit=0`, 'limit', /between 1 and 50000/],
      [`metric=${gcse}&area=E06000001&limit=50001`, 'limit', /between 1 and 50000/],
      [`metric=${gcse}&area=E06000001&offset=-1`, 'offset', /0 or more/],
      [`metric=${gcse}&area=E06000001&colour=red`, 'colour', /unknown parameter/],
      [`metric=${gcse}&area=E06000001&format=jsonstat&include=rank`, 'include', /JSON-stat/],
      [`metric=${gcse}&area=E06000001&format=jsonstat&limit=10`, 'limit', /not paged/],
    ];
    for (const [query, parameter, detail] of cases) {
      const response = await get(`/api/v1/data?${query}`);
      assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
      assert.match(response.headers['content-type'] as string, /application\/problem\+json/);
      const problem = response.json() as { parameter: string; detail: string };
      assert.equal(problem.parameter, parameter, query);
      assert.match(problem.detail, detail, query);
    }
    const wrong = await get(`/api/v1/data.csv?${spotCheck}&format=json`);
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().parameter, 'format');
    assert.equal((await get('/api/v1/bulk/metrics/Bad_Slug.csv')).json().parameter, 'slug');
  });

  it('answers unknown metrics, areas, groups and periods with 404 naming them', async () => {
    const cases: [string, RegExp][] = [
      [`metric=no-such-metric,${gcse}&area=E06000001`, /Metric not found: no-such-metric/],
      [`metric=${gcse}&area=E06000001,E06999999`, /Area not found: E06999999/],
      [`metric=${gcse}&group=custom:E06999998`, /Area not found: E06999998/],
      [`metric=${gcse}&group=type:parish`, /Group not found: type:parish/],
      [`metric=${gcse}&area=E06000001&period=2099-09-01/P1Y`, /not found: 2099-09-01\/P1Y/],
      [`metric=${gcse}&area=E06000001&period=2023-09-01/P1Y,2023-01-01/P1Y`, /2023-01-01\/P1Y/],
    ];
    for (const [query, detail] of cases) {
      const response = await get(`/api/v1/data?${query}`);
      assert.equal(response.statusCode, 404, `${query}: ${response.body}`);
      assert.match(response.json().detail, detail);
    }
    const bulk = await get('/api/v1/bulk/metrics/no-such-metric.csv');
    assert.equal(bulk.statusCode, 404);
    assert.match(bulk.json().detail, /no-such-metric/);
  });

  it('never shows embargoed or restricted values, in any format', async () => {
    for (const format of formats) {
      for (const slug of ['secret-embargoed', 'secret-restricted']) {
        const response = await get(`/api/v1/data?metric=${slug}&area=E06000001&format=${format}`);
        assert.equal(response.statusCode, 404, `${slug} as ${format}`);
        assert.match(response.json().detail, new RegExp(`Metric not found: ${slug}`));
      }
      const embargoedPeriod = await get(
        `/api/v1/data?metric=partly-embargoed&area=E06000001&period=2024-01-01/P1Y&format=${format}`,
      );
      assert.equal(embargoedPeriod.statusCode, 404, `embargoed period as ${format}`);
      for (const query of [
        'metric=*&area=E06000001,E06000002&period=latest:100',
        'metric=partly-embargoed,lifted-embargo&area=E06000001,E06000002&period=2020-01-01/P1Y..',
      ]) {
        const response = await get(`/api/v1/data?${query}&format=${format}`);
        assert.equal(response.statusCode, 200, `${query} as ${format}: ${response.body}`);
        const text =
          format === 'xlsx' ? (await workbookCells(response.rawPayload)).join('\n') : response.body;
        assert.ok(!text.includes('secret'), `no hidden metric in ${format}`);
        assert.ok(!text.includes('987654'), `no hidden value in ${format}`);
        assert.ok(text.includes('lifted-embargo'), `an ended embargo shows in ${format}`);
        if (format === 'json') {
          const answer = response.json() as ApiAnswer;
          const partly = answer.observations.filter((o) => o.metric === 'partly-embargoed');
          assert.deepEqual(
            [...new Set(partly.map((o) => o.period))],
            ['2023-01-01/P1Y'],
            'only the public period',
          );
        }
      }
    }
    const latest = await json('/api/v1/data?metric=partly-embargoed&area=E06000001');
    assert.deepEqual(
      latest.observations.map((o) => [o.period, o.value]),
      [['2023-01-01/P1Y', 11]],
      'latest is the latest public period',
    );
  });

  it('never shows embargoed or restricted values in the bulk files', async () => {
    for (const slug of ['secret-embargoed', 'secret-restricted'])
      assert.equal((await get(`/api/v1/bulk/metrics/${slug}.csv`)).statusCode, 404);
    const partly = await get('/api/v1/bulk/metrics/partly-embargoed.csv');
    assert.equal(partly.statusCode, 200);
    assert.deepEqual(
      csvRecords(partly.body).map((r) => [r.area, r.period, r.value]),
      [
        ['E06000001', '2023-01-01/P1Y', '11'],
        ['E06000002', '2023-01-01/P1Y', '12'],
      ],
    );
    const all = await get('/api/v1/bulk/all.csv');
    const rows = csvRecords(all.body);
    assert.ok(!rows.some((r) => r.metric?.startsWith('secret-')));
    assert.ok(!rows.some((r) => r.metric === 'partly-embargoed' && r.period === '2024-01-01/P1Y'));
    assert.ok(!all.body.includes('987654'));
    assert.ok(rows.some((r) => r.metric === 'lifted-embargo'));
    const catalogue = csvRecords((await get('/api/v1/bulk/catalogue.csv')).body);
    assert.ok(!catalogue.some((r) => r.metric?.startsWith('secret-')));
    assert.equal(
      catalogue.find((r) => r.metric === 'partly-embargoed')?.last_period,
      '2023-01-01/P1Y',
    );
  });

  it('streams every public value of a metric, the whole catalogue and everything', async () => {
    const response = await get(`/api/v1/bulk/metrics/${gcse}.csv`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(response.headers['content-disposition'], `attachment; filename="${gcse}.csv"`);
    assert.ok(
      response.body.startsWith(
        '\uFEFFmetric,area,area_name,period,period_label,value,lci,uci,status\r\n',
      ),
    );
    const rows = csvRecords(response.body);
    const everything = await json(
      `/api/v1/data?metric=${gcse}&areaType=${areaTypes.join(',')}&period=2000-01-01/P1Y..&include=ci,status`,
    );
    assert.equal(rows.length, everything.observations.length);
    const key = (r: { area?: string; period?: string }) => `${r.area}|${r.period}`;
    const byKey = new Map(everything.observations.map((o) => [key(o), o]));
    for (const row of rows) {
      const o = byKey.get(key(row));
      assert.equal(row.value, o?.value === null ? '' : String(o?.value));
      assert.equal(row.status, o?.status);
    }
    assert.equal(
      rows.find((r) => r.area === 'E06000001' && r.period === '2023-09-01/P1Y')?.value,
      '74.064',
    );

    // One chunk per period after the header: the file is read a period at a time.
    const { chunks } = await new BulkService(t.database.db).metricCsv(gcse);
    const sizes: number[] = [];
    for await (const chunk of chunks) sizes.push(chunk.length);
    assert.equal(sizes.length, 1 + new Set(rows.map((r) => r.period)).size);

    const catalogue = await get('/api/v1/bulk/catalogue.csv');
    assert.equal(
      catalogue.headers['content-disposition'],
      'attachment; filename="openlg-catalogue.csv"',
    );
    const metrics = csvRecords(catalogue.body);
    assert.equal(metrics.length, 33 + 2);
    const entry = metrics.find((m) => m.metric === gcse);
    assert.equal(entry?.title, 'GCSEs in English and Maths');
    assert.equal(entry?.last_period, '2024-09-01/P1Y');
    assert.equal(entry?.csv, `/api/v1/bulk/metrics/${gcse}.csv`);
    // Summed up by the database for the list; the metric's own page folds its coverage rows.
    const { metric: detail } = (await get(`/api/v1/metrics/${gcse}`)).json() as {
      metric: {
        firstPeriod: { code: string };
        periods: unknown[];
        areaTypes: string[];
        lastUpdated: string;
      };
    };
    assert.equal(entry?.first_period, detail.firstPeriod.code);
    assert.equal(entry?.periods, String(detail.periods.length));
    assert.equal(entry?.area_types, detail.areaTypes.join(' '));
    assert.equal(entry?.last_updated, detail.lastUpdated);

    const all = await get('/api/v1/bulk/all.csv');
    assert.equal(all.headers['content-disposition'], 'attachment; filename="openlg-all.csv"');
    const allRows = csvRecords(all.body);
    assert.equal(allRows.filter((r) => r.metric === gcse).length, rows.length);
    assert.deepEqual(
      [...new Set(allRows.map((r) => r.metric))],
      metrics.map((m) => m.metric),
      'metric by metric, in catalogue order',
    );
  });
});
