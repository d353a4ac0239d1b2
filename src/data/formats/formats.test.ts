import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { creditsFor, type DataAnswer, type MetricMetadata } from '../data.answer.ts';
import { answerCsv, csvField } from './csv.ts';
import { answerJsonStat } from './jsonstat.ts';
import { negotiateFormat } from './media-types.ts';
import { answerXlsx } from './xlsx.ts';

const metric: MetricMetadata = {
  slug: 'test-metric',
  title: 'Test metric',
  subtitle: null,
  description: null,
  unit: '%',
  measure: null,
  decimalPlaces: 1,
  polarity: 'higher-is-better',
  theme: null,
  source: { organisation: 'Office for National Statistics', url: null, licence: null },
  licence: 'Open Government Licence v3.0',
  caveats: null,
};

function answer(observations: DataAnswer['observations']): DataAnswer {
  return {
    metrics: [metric],
    observations,
    include: [],
    total: observations.length,
    limit: null,
    offset: 0,
    ...creditsFor([metric]),
    asOf: null,
  };
}

const row = {
  metric: 'test-metric',
  period: '2023-04-01/P1Y',
  periodLabel: '2023/24',
  lci: null,
  uci: null,
} as const;

describe('CSV fields', () => {
  it('quotes what needs quoting and writes numbers exactly', () => {
    assert.equal(csvField('Hartlepool'), 'Hartlepool');
    assert.equal(
      csvField('Bournemouth, Christchurch and Poole'),
      '"Bournemouth, Christchurch and Poole"',
    );
    assert.equal(csvField('the "best"'), '"the ""best"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(' padded'), '" padded"');
    assert.equal(csvField(null), '');
    assert.equal(csvField(0.1 + 0.2), '0.30000000000000004');
    assert.equal(csvField(-1.5e-7), '-1.5e-7');
  });

  it('guards text a spreadsheet would run as a formula, and only text', () => {
    assert.equal(csvField('=1+1'), `"'=1+1"`);
    assert.equal(csvField('+44 20'), `"'+44 20"`);
    assert.equal(csvField('-2'), `"'-2"`, 'a number written as text is text');
    assert.equal(csvField('@SUM(A1)'), `"'@SUM(A1)"`);
    assert.equal(csvField('\tx'), `"'\tx"`);
    assert.equal(csvField('\rx'), `"'\rx"`);
    assert.equal(csvField('=HYPERLINK("a")'), `"'=HYPERLINK(""a"")"`);
    assert.equal(csvField('a=b'), 'a=b');
    assert.equal(csvField(-2), '-2', 'a negative number is a number');
  });

  it('reads back with an independent parser to the same observations', () => {
    const text = answerCsv(
      answer([
        {
          ...row,
          area: 'E06000058',
          areaName: 'Bournemouth, Christchurch and Poole',
          value: 1.25,
          status: 'ok',
        },
        {
          ...row,
          area: 'E06000001',
          areaName: 'Say "hello"\nthere',
          value: null,
          status: 'suppressed',
        },
      ]),
    );
    const records = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(
      records.map((r) => [r.area_name, r.value, r.status]),
      [
        ['Bournemouth, Christchurch and Poole', '1.25', 'ok'],
        ['Say "hello"\nthere', '', 'suppressed'],
      ],
    );
  });
});

describe('JSON-stat', () => {
  it('lays values out row-major, metric, area, period, and marks cells without a value', () => {
    const dataset = answerJsonStat(
      answer([
        { ...row, area: 'E06000002', areaName: 'Middlesbrough', value: 2, status: 'ok' },
        { ...row, area: 'E06000001', areaName: 'Hartlepool', value: 1, status: 'low-reliability' },
        {
          ...row,
          period: '2024-04-01/P1Y',
          periodLabel: '2024/25',
          area: 'E06000001',
          areaName: 'Hartlepool',
          value: 3,
          status: 'ok',
        },
      ]),
    );
    assert.deepEqual(dataset.size, [1, 2, 2]);
    assert.deepEqual(dataset.dimension.area.category.index, ['E06000001', 'E06000002']);
    assert.deepEqual(dataset.value, [1, 3, 2, null]);
    assert.deepEqual(dataset.status, { '0': 'low-reliability', '3': 'not-available' });
    assert.deepEqual(dataset.dimension.metric.category.unit, {
      'test-metric': { decimals: 1, label: '%' },
    });
  });
});

describe('XLSX', () => {
  it('streams a workbook row by row, giving the event loop turns, and it reads back whole', async () => {
    let read = 0;
    const observations = Array.from({ length: 1234 }, (_, i) => ({
      ...row,
      area: `E0600${String(i).padStart(4, '0')}`,
      get areaName() {
        read++;
        return `Area ${i}`;
      },
      value: i === 7 ? null : i / 8,
      status: i === 7 ? ('suppressed' as const) : ('ok' as const),
    }));
    const stream = answerXlsx(answer(observations), '/api/v1/data?metric=test-metric');
    // The first turns may go to loading ExcelJS (on first use); then the rows go a few hundred
    // a turn, so a turn comes while some have been written and not all.
    let seen = 0;
    for (let turn = 0; turn < 100 && seen === 0; turn++)
      seen = await new Promise<number>((resolve) => setImmediate(() => resolve(read)));
    assert.ok(seen > 0 && seen < observations.length, `a turn came after ${seen} rows`);

    const workbook = new ExcelJS.Workbook();
    const bytes = Buffer.concat((await stream.toArray()) as Buffer[]);
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const data = workbook.getWorksheet('Data');
    assert.ok(data);
    assert.equal(data.rowCount, 1 + observations.length);
    assert.deepEqual((data.getRow(1).values as unknown[]).slice(1, 7), [
      'metric',
      'area',
      'area_name',
      'period',
      'period_label',
      'value',
    ]);
    const last = data.getRow(1 + observations.length);
    assert.equal(last.getCell(3).value, 'Area 1233');
    assert.equal(last.getCell(6).value, 1233 / 8);
    assert.equal(last.getCell(6).numFmt, '0.0');
    const missing = data.getRow(1 + 8);
    assert.equal(missing.getCell(6).value, null);
    assert.equal(missing.getCell(9).value, 'suppressed');
    const about = workbook.getWorksheet('About');
    const facts = new Map<unknown, unknown>();
    about?.eachRow((r) => facts.set(r.getCell(1).value, r.getCell(2).value));
    assert.equal(facts.get('Observations'), observations.length);
    assert.equal(facts.get('Licence'), 'Open Government Licence v3.0');
  });
});

describe('credits', () => {
  it('credits the sources and names the licence', () => {
    assert.deepEqual(creditsFor([metric]), {
      attribution:
        'Source: Office for National Statistics. Contains public sector information licensed ' +
        'under the Open Government Licence v3.0. Compiled by openlg.',
      licence: 'Open Government Licence v3.0',
    });
    const other = { ...metric, licence: null, source: { ...metric.source, organisation: 'DfE' } };
    assert.deepEqual(creditsFor([metric, other]), {
      attribution:
        "Source: DfE; Office for National Statistics. Licence: Open Government Licence v3.0; see the source's terms. Compiled by openlg.",
      licence: "Open Government Licence v3.0; see the source's terms",
    });
  });
});

describe('content negotiation', () => {
  it('takes the highest quality, the most specific range deciding each type', () => {
    assert.equal(negotiateFormat(undefined), 'json');
    assert.equal(negotiateFormat('*/*'), 'json');
    assert.equal(negotiateFormat('text/csv'), 'csv');
    assert.equal(negotiateFormat('text/*'), 'csv');
    assert.equal(negotiateFormat('application/json;q=0.9, text/csv;q=1'), 'csv');
    assert.equal(negotiateFormat('text/csv;q=0, */*;q=0.1'), 'json');
    assert.equal(negotiateFormat('*/*;q=0.5, application/vnd.ms-excel'), 'xlsx');
    assert.equal(negotiateFormat('application/json-stat+json'), 'jsonstat');
    assert.equal(negotiateFormat('application/csvm+json'), 'csvw');
    assert.equal(negotiateFormat('image/png'), 'json');
    assert.equal(negotiateFormat('garbage'), 'json');
  });
});
