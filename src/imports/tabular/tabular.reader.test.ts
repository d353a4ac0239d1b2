import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { DataFileError } from '../../shared/errors.ts';
import { mappingFromFlags, wideMappingSchema } from './tabular.mapping.ts';
import { parseNumber, readTidyCsv, readWideCsv } from './tabular.reader.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'openlg-tabular-'));
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, content);
  return target;
}

const tidy = {
  area: { column: 'code' },
  period: { column: 'year' },
  measures: [{ metric: 'test-rate', value: 'value', lci: 'lower', uci: 'upper' }],
  missingValues: { '-': 'not-available', c: 'suppressed' },
};

function mapping(value: unknown = tidy) {
  return { name: 'test.mapping.json', value };
}

/** The messages of the DataFileError a read throws. */
async function problems(read: Promise<unknown>): Promise<string[]> {
  try {
    await read;
  } catch (error) {
    if (error instanceof DataFileError) return error.message.split('\n');
    throw error;
  }
  assert.fail('expected a DataFileError');
}

describe('parseNumber', () => {
  it('reads plain numbers, exponents and thousands separators', () => {
    assert.equal(parseNumber('74.064'), 74.064);
    assert.equal(parseNumber(' -3 '), -3);
    assert.equal(parseNumber('1.5e3'), 1500);
    assert.equal(parseNumber('12,345.6'), 12345.6);
    assert.equal(parseNumber('1,234,567'), 1234567);
  });

  it('reads a double written with its noise digits as the figure meant', () => {
    assert.equal(parseNumber('63.00000000000001'), 63);
    assert.equal(parseNumber('1,234.5000000000002'), 1234.5);
  });

  it('refuses what is not a plain number rather than guessing', () => {
    for (const text of ['', '-', '1,5', '12,34', '5%', '£3', 'NaN', 'Infinity', '0x10', '1 000'])
      assert.equal(parseNumber(text), undefined, text);
  });
});

describe('readTidyCsv', () => {
  it('reads a file with a BOM, quoted commas, intervals and missing-value tokens', async () => {
    const target = await file(
      'good.csv',
      '\uFEFFcode,name,year,value,lower,upper\n' +
        'E06000058,"Bournemouth, Christchurch and Poole",2019-20,12.5,10.1,14.9\n' +
        'E06000001,Hartlepool,2019-20,-,,\n' +
        'E06000002,Middlesbrough,2020-21,c,,\n' +
        'E06000003,Redcar and Cleveland,2020-21,"1,234.5",,\n',
    );
    const parsed = await readTidyCsv(target, dir, mapping());
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.files[0]?.name, 'good.csv');
    assert.match(parsed.files[0]?.checksum ?? '', /^[0-9a-f]{64}$/);
    const [bcp, hartlepool, middlesbrough, redcar] = parsed.observations;
    assert.deepEqual(
      {
        area: bcp?.area,
        period: bcp?.period.code,
        value: bcp?.value,
        lci: bcp?.lci,
        row: bcp?.row,
      },
      {
        area: { scheme: 'gss', value: 'E06000058' },
        period: '2019-04-01/P1Y',
        value: 12.5,
        lci: 10.1,
        row: 2,
      },
    );
    assert.deepEqual([hartlepool?.value, hartlepool?.status], [null, 'not-available']);
    assert.deepEqual([middlesbrough?.value, middlesbrough?.status], [null, 'suppressed']);
    assert.equal(redcar?.value, 1234.5);
  });

  it('names the file, row and column of every bad cell', async () => {
    const target = await file(
      'bad-cells.csv',
      'code,year,value,lower,upper\n' +
        'E06000001,2019-20,abc,,\n' +
        'E06000002,sometime,1,,\n' +
        'E06000003,2019-20,,,\n' +
        'E06000004,2019-20,5,6,4\n' +
        ',2019-20,5,,\n',
    );
    const messages = await problems(
      readTidyCsv(target, dir, mapping()).then((p) => {
        throw new DataFileError(p.problems);
      }),
    );
    assert.match(
      messages[0] ?? '',
      /^bad-cells\.csv, row 2, column "value": "abc" is not a number/,
    );
    assert.match(
      messages[1] ?? '',
      /^bad-cells\.csv, row 3, column "year": "sometime" is not a period/,
    );
    assert.match(
      messages[2] ?? '',
      /^bad-cells\.csv, row 4, column "value": is empty; .*missingValues/,
    );
    assert.match(
      messages[3] ?? '',
      /^bad-cells\.csv, row 5, column "lower": the lower bound 6 is above/,
    );
    assert.match(messages[4] ?? '', /^bad-cells\.csv, row 6, column "code": is empty/);
  });

  it('maps status codes and refuses a code the mapping does not list', async () => {
    const target = await file(
      'status.csv',
      'code,year,value,flag\nE06000001,2019,5,p\nE06000002,2019,,x\nE06000003,2019,5,?\nE06000004,2019,,s\n',
    );
    const parsed = await readTidyCsv(
      target,
      dir,
      mapping({
        area: { column: 'code' },
        period: { column: 'year' },
        measures: [{ metric: 'test-rate', value: 'value', status: 'flag' }],
        statusCodes: { p: 'provisional', x: 'not-available', s: 'suppressed' },
        missingValues: { '': 'not-available' },
      }),
    );
    assert.deepEqual(
      parsed.observations.map((o) => [o.value, o.status]),
      [
        [5, 'provisional'],
        [null, 'not-available'],
        // An empty cell takes the missing status its status column gives.
        [null, 'suppressed'],
      ],
    );
    assert.match(parsed.problems[0]?.message ?? '', /unknown status "\?"/);
    assert.equal(parsed.problems[0]?.column, 'flag');
  });

  it('reads metric slugs from a column and refuses one that is not a slug', async () => {
    const target = await file(
      'long.csv',
      'metric,code,year,value\nemployment-rate,E06000001,2019,1\nEmployment Rate,E06000001,2019,1\n',
    );
    const parsed = await readTidyCsv(
      target,
      dir,
      mapping({
        area: { column: 'code' },
        period: { column: 'year' },
        measures: [{ metric: { column: 'metric' }, value: 'value' }],
      }),
    );
    assert.equal(parsed.observations[0]?.metricSlug, 'employment-rate');
    assert.match(parsed.problems[0]?.message ?? '', /"Employment Rate" is not a metric slug/);
  });

  it('says a semicolon-delimited file is one, and reads it when told', async () => {
    const target = await file('semi.csv', 'code;year;value\nE06000001;2019;1\n');
    const [message] = await problems(readTidyCsv(target, dir, mapping()));
    assert.match(message ?? '', /^semi\.csv, row 1: .*looks ";"-delimited/);
    const parsed = await readTidyCsv(
      target,
      dir,
      mapping({ ...tidy, delimiter: ';', measures: [{ metric: 'test-rate', value: 'value' }] }),
    );
    assert.equal(parsed.observations[0]?.value, 1);
  });

  it('names every missing column', async () => {
    const target = await file('missing.csv', 'code,value\nE06000001,1\n');
    const messages = await problems(readTidyCsv(target, dir, mapping()));
    assert.deepEqual(messages, [
      'missing.csv, row 1, column "year": required column is missing; the file\'s columns are "code", "value"',
      'missing.csv, row 1, column "lower": required column is missing; the file\'s columns are "code", "value"',
      'missing.csv, row 1, column "upper": required column is missing; the file\'s columns are "code", "value"',
    ]);
  });

  it('suggests a missing-value marker only for a cell without digits', async () => {
    const target = await file(
      'percent.csv',
      'code,year,value\nE06000001,2019-20,41.2%\nE06000002,2019-20,£3\nE06000003,2019-20,n/a\n',
    );
    const parsed = await readTidyCsv(
      target,
      dir,
      mapping({ ...tidy, measures: [{ metric: 'test-rate', value: 'value' }] }),
    );
    assert.deepEqual(
      parsed.problems.map((p) => p.message),
      [
        '"41.2%" is not a number: write it without the "%" (the metric\'s unit says it is a percentage)',
        '"£3" is not a number: openlg reads plain figures such as 1234.5 or 1,234.5, without units or symbols',
        '"n/a" is not a number; if it marks a missing value, say why in missingValues (e.g. {"n/a": "suppressed"})',
      ],
    );
  });

  it("names the file's own columns in the problems the import finds", async () => {
    const target = await file('own.csv', 'Code,Year,Measure,Rate\nE06000001,2019-20,ASC1,5\n');
    const parsed = await readTidyCsv(
      target,
      dir,
      mapping({
        area: { column: 'Code' },
        period: { column: 'Year' },
        measures: [{ metric: { column: 'Measure', codes: { ASC1: 'asc-one' } }, value: 'Rate' }],
      }),
    );
    assert.deepEqual(parsed.observations[0]?.columns, {
      metric: 'Measure',
      area: 'Code',
      value: 'Rate',
    });
  });

  it('rejects an empty file, invalid UTF-8 and a 10 MB line precisely', async () => {
    assert.deepEqual(await problems(readTidyCsv(await file('empty.csv', ''), dir, mapping())), [
      'empty.csv: is empty: no header row',
    ]);
    const latin1 = Buffer.concat([
      Buffer.from('code,year,value,lower,upper\nE06000001,2019,1,,\nE0600000'),
      Buffer.from([0xe9]),
      Buffer.from(',2019,1,,\n'),
    ]);
    const [utf8] = await problems(readTidyCsv(await file('latin1.csv', latin1), dir, mapping()));
    assert.match(utf8 ?? '', /^latin1\.csv, row 3: is not valid UTF-8 \(byte 56, 0xe9\)/);
    const long = `code,year,value,lower,upper\n"${'x'.repeat(10 * 1024 * 1024)}`;
    const [line] = await problems(readTidyCsv(await file('long-line.csv', long), dir, mapping()));
    assert.match(
      line ?? '',
      /^long-line\.csv, row 2: a record is longer than 1,000,000 characters/,
    );
  });

  it('lists every mistake in a mapping with the field at fault', async () => {
    const target = await file('any.csv', 'code\n');
    const messages = await problems(
      readTidyCsv(
        target,
        dir,
        mapping({
          area: { column: 'code', scheme: 'postcode' },
          measures: [{ metric: 'Not A Slug', value: 'v' }],
          extra: true,
        }),
      ),
    );
    assert.ok(messages.some((m) => m.startsWith('test.mapping.json, column "area.scheme"')));
    assert.ok(messages.some((m) => m.startsWith('test.mapping.json, column "period"')));
    assert.ok(messages.some((m) => /measures\.0\.metric/.test(m)));
    assert.ok(messages.some((m) => /unknown field "extra"/.test(m)));
  });

  it('leaves out the rows a skip rule names, and says how many', async () => {
    const target = await file('skip.csv', 'code,gss,value\nABC,E06000001,1\nNIR-X,,\n');
    const parsed = await readTidyCsv(
      target,
      dir,
      mapping({
        area: { column: 'code', scheme: 'mysociety' },
        period: { value: '2020' },
        measures: [{ metric: 'test-rate', value: 'value' }],
        skip: [{ column: 'gss', equals: '', why: 'no GSS code' }],
      }),
    );
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.observations.map((o) => o.area.value),
      ['ABC'],
    );
    assert.ok(parsed.notes.includes('skip.csv: 1 rows skipped where gss is "": no GSS code'));
  });

  it('refuses a fixed period it cannot read', async () => {
    const target = await file('fixed.csv', 'code,value\nE06000001,1\n');
    const messages = await problems(
      readTidyCsv(
        target,
        dir,
        mapping({
          area: { column: 'code' },
          period: { value: 'last year' },
          measures: [{ metric: 'test-rate', value: 'value' }],
        }),
      ),
    );
    assert.match(
      messages[0] ?? '',
      /^fixed\.csv: the mapping's period: "last year" is not a period/,
    );
  });

  describe('a file holding many measures, named by a code column', () => {
    const content =
      'LA,Year,Measure,Value\n' +
      'E06000001,2023-24,ASC1,19.1\n' +
      'E06000001,2023-24,ASC2,74.5\n' +
      'E06000001,2023-24,ASC9,3\n' +
      'E06000002,2023-24,ASC1,18.7\n' +
      'E06000002,2023-24,ASC2,71\n' +
      'E06000002,2023-24,ASC9,4\n' +
      'E06000003,2023-24,Total,9\n';
    const codes = (unmapped?: string) => ({
      area: { column: 'LA' },
      period: { column: 'Year' },
      measures: [
        {
          metric: {
            column: 'Measure',
            codes: { ASC1: 'asc-quality-of-life', ASC2: 'asc-satisfaction' },
            ...(unmapped ? { unmapped } : {}),
          },
          value: 'Value',
        },
      ],
      metrics: [
        { slug: 'asc-quality-of-life', title: 'Quality of life', polarity: 'higher-is-better' },
        { slug: 'asc-satisfaction', title: 'Satisfaction', polarity: 'higher-is-better' },
      ],
    });

    it('maps each code to its metric, and skips the unmapped ones when told, saying so', async () => {
      const target = await file('asc.csv', content);
      const parsed = await readTidyCsv(target, dir, mapping(codes('skip')));
      assert.deepEqual(parsed.problems, []);
      assert.deepEqual(
        parsed.observations.map((o) => [o.metricSlug, o.area.value, o.value]),
        [
          ['asc-quality-of-life', 'E06000001', 19.1],
          ['asc-satisfaction', 'E06000001', 74.5],
          ['asc-quality-of-life', 'E06000002', 18.7],
          ['asc-satisfaction', 'E06000002', 71],
        ],
      );
      assert.deepEqual(
        parsed.metrics.map((m) => m.slug),
        ['asc-quality-of-life', 'asc-satisfaction'],
      );
      assert.ok(
        parsed.notes.includes(
          'asc.csv: 3 rows skipped whose Measure is not in the mapping\'s metric codes: "ASC9" (2), "Total" (1)',
        ),
        parsed.notes.join('\n'),
      );
    });

    it('names every unmapped code as an error by default', async () => {
      const target = await file('asc.csv', content);
      const parsed = await readTidyCsv(target, dir, mapping(codes()));
      assert.equal(parsed.observations.length, 4);
      assert.deepEqual(
        parsed.problems.map((p) => [p.row, p.column, p.message]),
        [4, 7, 8].map((row) => [
          row,
          'Measure',
          `"${row === 8 ? 'Total' : 'ASC9'}" is not one of the mapping's metric codes ("ASC1", "ASC2"); map it, or set "unmapped": "skip" to leave such rows out`,
        ]),
      );
    });

    it('refuses a code mapped to something that is not a slug', async () => {
      const bad = codes();
      const measure = bad.measures[0];
      if (measure) measure.metric.codes = { ASC1: 'Quality of life', ASC2: 'asc-satisfaction' };
      const target = await file('asc.csv', content);
      const messages = await problems(readTidyCsv(target, dir, mapping(bad)));
      assert.match(
        messages[0] ?? '',
        /^test\.mapping\.json, column "measures\.0\.metric\.codes\.ASC1": /,
      );
    });
  });
});

describe('readWideCsv', () => {
  const wide = {
    area: { column: 'Area', scheme: 'name' },
    metric: 'test-rate',
    ignore: ['Region'],
    missingValues: { '..': 'not-available' },
  };

  it('reads one value per area and period column', async () => {
    const target = await file(
      'wide.csv',
      'Area,Region,2018-19,2019-20\nHartlepool,North East,1.5,..\n"Bournemouth, Christchurch and Poole",South West,2,3\n',
    );
    const parsed = await readWideCsv(target, dir, mapping(wide));
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.observations.map((o) => [o.area.value, o.period.code, o.value, o.status]),
      [
        ['Hartlepool', '2018-04-01/P1Y', 1.5, 'ok'],
        ['Hartlepool', '2019-04-01/P1Y', null, 'not-available'],
        ['Bournemouth, Christchurch and Poole', '2018-04-01/P1Y', 2, 'ok'],
        ['Bournemouth, Christchurch and Poole', '2019-04-01/P1Y', 3, 'ok'],
      ],
    );
  });

  it('names a header that is not a period', async () => {
    const target = await file('wide-bad.csv', 'Area,Notes,2019\nHartlepool,x,1\n');
    const parsed = await readWideCsv(target, dir, mapping({ ...wide, ignore: [] }));
    assert.equal(parsed.problems[0]?.row, 1);
    assert.equal(parsed.problems[0]?.column, 'Notes');
    assert.match(parsed.problems[0]?.message ?? '', /is not a period .*"ignore"/);
  });
});

describe('mappingFromFlags', () => {
  it('builds the same mapping a file would hold, flags overriding the file', () => {
    assert.deepEqual(
      mappingFromFlags(
        'tidy-csv',
        {
          'area-column': 'areacd',
          'period-column': 'period',
          'year-pair': 'academic-year',
          metric: 'test-rate',
          'value-column': 'observation',
          'lci-column': 'lci_95',
          missing: ['x=not-available', '-'],
          title: 'Test rate',
          polarity: 'higher-is-better',
          'decimal-places': '2',
        },
        { area: { column: 'code', scheme: 'gss' }, delimiter: ';' },
      ),
      {
        area: { column: 'areacd', scheme: 'gss' },
        delimiter: ';',
        missingValues: { x: 'not-available', '-': 'not-available' },
        metrics: [
          {
            slug: 'test-rate',
            title: 'Test rate',
            unit: null,
            polarity: 'higher-is-better',
            theme: null,
            decimalPlaces: 2,
          },
        ],
        period: { column: 'period', yearPair: 'academic-year' },
        measures: [{ metric: 'test-rate', value: 'observation', lci: 'lci_95' }],
      },
    );
  });

  it('has a flag for every mapping field: codes, statuses, ignore, skip, the whole definition', () => {
    const mapping = mappingFromFlags('tidy-csv', {
      'area-column': 'LA',
      period: '2023-24',
      'metric-column': 'Measure',
      code: ['ASC1=asc-one', 'Carers = paid=asc-two'],
      unmapped: 'skip',
      'value-column': 'Value',
      'numerator-column': 'Num',
      'denominator-column': 'Den',
      'status-column': 'Flag',
      'status-code': ['u=low-reliability', '=ok'],
      ignore: ['LA name', 'Region'],
      skip: ['LA=999'],
    });
    assert.deepEqual(mapping, {
      area: { column: 'LA' },
      statusCodes: { u: 'low-reliability', '': 'ok' },
      ignore: ['LA name', 'Region'],
      skip: [{ column: 'LA', equals: '999', why: 'left out with --skip on the command line' }],
      period: { value: '2023-24' },
      measures: [
        {
          metric: {
            column: 'Measure',
            codes: { ASC1: 'asc-one', 'Carers = paid': 'asc-two' },
            unmapped: 'skip',
          },
          value: 'Value',
          numerator: 'Num',
          denominator: 'Den',
          status: 'Flag',
        },
      ],
    });
    const defined = mappingFromFlags('wide-csv', {
      metric: 'my-metric',
      title: 'My metric',
      polarity: 'no-judgement',
      subtitle: 's',
      description: 'd',
      measure: 'Count',
      'source-organisation': 'o',
      'source-url': 'https://example.org/',
      licence: 'OGL',
      caveats: 'c',
      periodicity: 'annual',
    });
    assert.deepEqual(defined.metrics, [
      {
        slug: 'my-metric',
        title: 'My metric',
        unit: null,
        polarity: 'no-judgement',
        theme: null,
        subtitle: 's',
        description: 'd',
        measure: 'Count',
        sourceOrganisation: 'o',
        sourceUrl: 'https://example.org/',
        licence: 'OGL',
        caveats: 'c',
        periodicity: 'annual',
      },
    ]);
    assert.equal(defined.metric, 'my-metric');
  });

  it('reads which area types compare with which, and refuses a type in two sets', () => {
    const flags = {
      metric: 'band-d',
      title: 'Band D',
      polarity: 'no-judgement',
      'comparable-across': 'county;district; unitary,london-borough',
    } as const;
    const [metric] = mappingFromFlags('wide-csv', flags).metrics as { comparableAcross: unknown }[];
    assert.deepEqual(metric?.comparableAcross, [
      ['county'],
      ['district'],
      ['unitary', 'london-borough'],
    ]);
    const problem = (sets: string) => {
      const mapping = mappingFromFlags('wide-csv', { ...flags, 'comparable-across': sets });
      const parsed = wideMappingSchema.safeParse({ area: { column: 'code' }, ...mapping });
      assert.ok(!parsed.success, sets);
      return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    };
    assert.match(
      problem('county;county,district'),
      /^metrics\.0\.comparableAcross: .*one set at most/,
    );
    assert.match(problem('county;parish'), /^metrics\.0\.comparableAcross\.1\.0: /);
  });
});
