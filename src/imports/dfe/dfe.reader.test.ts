import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parseCsvText } from '../../shared/csv.ts';
import { DataFileError, formatProblem } from '../../shared/errors.ts';
import { dataDir } from '../../testing/app.ts';
import { elsCatalogue } from '../els/els.catalogue.ts';
import type { ObservationInput, ParsedSource } from '../import.types.ts';
import {
  checkParquetColumns,
  dfeSlug,
  parquetColumns,
  readDfeLait,
  readDictionary,
  readRows,
  type DfeMeasure,
} from './dfe.reader.ts';

const folder = path.join(dataDir, 'metrics/dfe-lait');

const dictionaryHeader =
  'Measure_code,Topic,Measure,Chart_title,Measure_short,Polarity,y_axis_name,state_funded_flag,' +
  'Table_status,Description,Last Update,Methodology,Hyperlink(s),dps,Year_Type';

/** A dictionary of hand-written rows, read as the reader reads the real one. */
function dictionary(...rows: string[]) {
  const table = parseCsvText([dictionaryHeader, ...rows].join('\n'), {
    required: [],
    allowExtra: true,
    displayName: 'lait_data_dictionary.csv',
  });
  return readDictionary(table);
}

const testMeasures = dictionary(
  '1,Key Stage 2,KS2 reading,Pupils meeting the expected standard in reading (%),KS2R,High,%,' +
    'State Funded,NA,"Pupils at the end of\r\r\nkey stage 2.",45809,NA,https://example.org/ks2,' +
    'NA,Academic Year',
  '2,Children Looked After,Looked after rate,"Children looked after rate per 10,000",LAC,NA,' +
    '"Rate per 10,000",NA,NA,On 31 March.,45809,-,https://example.org/cla,0,Annual',
  '3,Health and Wellbeing,Road accidents,Children killed or injured - rate,RTA,Low,Rate,NA,' +
    'Discontinued,Crude rate.,45809,Three years pooled.,https://example.org/rta,2,Calendar Year',
).measures;

/** A LAIT row as hyparquet gives it; Data item is null after a measure's first year. */
function row(values: Record<string, unknown>) {
  return {
    'Short Desc': 'KS2R',
    'Data item': null,
    Years: '2016',
    'LA and Regions': 'Barking and Dagenham',
    Values: '61',
    'LA Number': 301,
    Region: 'Outer London',
    ...values,
  };
}

function problems(rows: Record<string, unknown>[]): string[] {
  return readRows('bds_long_0.parquet', rows, testMeasures).problems.map(formatProblem);
}

describe('readRows on hand-made rows', () => {
  it('reads a value, its period, its area and the measure it belongs to', () => {
    const read = readRows('bds_long_0.parquet', [row({})], testMeasures);
    assert.deepEqual(read.problems, []);
    const [observation] = read.observations;
    assert.equal(observation?.metricSlug, 'dfe-ks2r');
    assert.equal(observation?.value, 61);
    assert.equal(observation?.status, 'ok');
    // An academic-year measure's "2016" is 2015/16, the year of the summer 2016 tests.
    assert.equal(observation?.period.code, '2015-09-01/P1Y');
    assert.deepEqual(observation?.area, { scheme: 'dfe-la', value: '301' });
    assert.equal(observation?.row, 1);
  });

  it('types "-" as not available, never a bare null', () => {
    const read = readRows('x', [row({ Values: '-' }), row({ Values: 'c' })], testMeasures);
    assert.deepEqual(
      read.observations.map((o) => [o.value, o.status]),
      [
        [null, 'not-available'],
        [null, 'suppressed'],
      ],
    );
  });

  it('carries Data item forward from a measure’s first year and refuses a second name', () => {
    const read = readRows(
      'bds_long_0.parquet',
      [
        row({ 'Data item': 'KS2 reading (all pupils)' }),
        row({ Years: '2017', 'Data item': null }),
        row({ Years: '2018', 'Data item': 'KS2 writing' }),
      ],
      testMeasures,
    );
    assert.deepEqual(read.dataItems.get('KS2R'), { text: 'KS2 reading (all pupils)', row: 1 });
    assert.equal(read.observations.length, 2);
    assert.deepEqual(read.problems.map(formatProblem), [
      'bds_long_0.parquet, row 3, column "Data item": "KS2 writing" differs from ' +
        '"KS2 reading (all pupils)" on row 1',
    ]);
  });

  it('reads each Year_Type and the notes after years', () => {
    const read = readRows(
      'x',
      [
        row({ Years: '2025 (prov)', Values: '80' }),
        row({ Years: '2025 (prov)', Values: '-' }),
        row({ Years: '2018 (Rev)' }),
        row({ Years: '2015/16' }),
        row({ 'Short Desc': 'LAC', Years: '2016', Values: '60' }),
        row({ 'Short Desc': 'RTA', Years: '2014-16', Values: '12.13' }),
      ],
      testMeasures,
    );
    assert.deepEqual(read.problems, []);
    assert.deepEqual(
      read.observations.map((o) => [o.period.code, o.period.label, o.status]),
      [
        ['2024-09-01/P1Y', '2024/25', 'provisional'],
        ['2024-09-01/P1Y', '2024/25', 'not-available'],
        ['2017-09-01/P1Y', '2017/18', 'ok'],
        ['2015-09-01/P1Y', '2015/16', 'ok'],
        ['2016-03-31/P1D', '31 March 2016', 'ok'],
        ['2014-01-01/P3Y', '2014 to 2016', 'ok'],
      ],
    );
  });

  it('reads a double’s noise digits to 15 significant digits', () => {
    const read = readRows(
      'x',
      [row({ Values: '16.899999999999999' }), row({ Values: '8.4430000000000005E-2' })],
      testMeasures,
    );
    assert.deepEqual(
      read.observations.map((o) => o.value),
      [16.9, 0.08443],
    );
    assert.equal(read.roundedFloats, 2);
  });

  it('maps England and the regions by a reviewed list, checking their names', () => {
    const read = readRows(
      'x',
      [
        row({ 'LA Number': 970, 'LA and Regions': 'England', Region: 'NA' }),
        row({ 'LA Number': 982, 'LA and Regions': 'Yorkshire and the Humber', Region: 'NA' }),
        row({ 'LA Number': 987, 'LA and Regions': 'London (Inner)', Region: 'NA' }),
        row({ 'LA Number': 980, 'LA and Regions': 'North West', Region: 'NA' }),
      ],
      testMeasures,
    );
    assert.deepEqual(
      read.observations.map((o: ObservationInput) => o.area),
      [
        { scheme: 'gss', value: 'E92000001' },
        { scheme: 'gss', value: 'E12000003' },
        { scheme: 'gss', value: 'E13000001' },
      ],
    );
    assert.deepEqual(read.problems.map(formatProblem), [
      'x, row 4, column "LA and Regions": LA number 980 is North East in openlg\'s reviewed ' +
        'list, not "North West"',
    ]);
  });

  it('counts the empty "0" years as placeholders, and refuses one with a value', () => {
    const read = readRows(
      'x',
      [row({ Years: '0', Values: '-' }), row({ Years: '0', Values: '3' })],
      testMeasures,
    );
    assert.deepEqual([...read.placeholders], [['KS2R', 1]]);
    assert.equal(read.observations.length, 0);
    assert.match(
      formatProblem(read.problems[0] ?? { file: '', message: '' }),
      /row 2, column "Years"/,
    );
  });

  for (const [name, bad, expected] of [
    ['an unknown measure', { 'Short Desc': 'KS9' }, /column "Short Desc": "KS9" has no definition/],
    ['an unknown value code', { Values: 'x' }, /column "Values": "x" is neither a number nor/],
    ['an empty value', { Values: null }, /column "Values": is empty/],
    ['a number with a comma', { Values: '1,234' }, /column "Values": "1,234"/],
    ['an unknown note', { Years: '2019 (est)' }, /column "Years": the note "\(est\)"/],
    ['an unreadable year', { Years: 'last year' }, /column "Years": "last year" cannot be read/],
    [
      'a year pair in a calendar-year measure',
      { 'Short Desc': 'RTA', Years: '2019-20' },
      /column "Years": "2019-20" cannot be read: .*could be a year pair/,
    ],
    [
      'a financial year in an academic-year measure',
      { Years: '2019-04-01/P1Y' },
      /column "Years": "2019-04-01\/P1Y" reads as 2019\/20, which is not that kind of year/,
    ],
    [
      'a month in an academic-year measure',
      { Years: '2019-09' },
      /column "Years": "2019-09" reads as September 2019, which is not that kind of year/,
    ],
    [
      'a year pair in a snapshot measure',
      { 'Short Desc': 'LAC', Years: '2019-20' },
      /column "Years": "2019-20" is not a year \(LAC has Year_Type "Annual"\)/,
    ],
    [
      'an LA number that is not a whole number',
      { 'LA Number': 301.5 },
      /column "LA Number": 301.5 is not/,
    ],
    ['a missing LA number', { 'LA Number': null }, /column "LA Number": null is not/],
  ] as const) {
    it(`reports ${name} with file, row and column`, () => {
      const [message, ...others] = problems([row({}), row(bad)]);
      assert.equal(others.length, 0);
      assert.match(message ?? '', new RegExp(`^bds_long_0\\.parquet, row 2, ${expected.source}`));
    });
  }

  it('refuses an LA number that changes its name part way through the file', () => {
    assert.deepEqual(problems([row({}), row({ 'LA and Regions': 'Barnet' })]), [
      'bds_long_0.parquet, row 2, column "LA and Regions": "Barnet" differs from ' +
        '"Barking and Dagenham" on row 1 for LA number 301',
    ]);
  });
});

describe('the parquet column check', () => {
  it('names the file and every missing column', () => {
    assert.doesNotThrow(() => checkParquetColumns('bds_long_0.parquet', [...parquetColumns, 'x']));
    assert.throws(
      () =>
        checkParquetColumns(
          'metrics/dfe-lait/bds_long_0.parquet',
          parquetColumns.filter((c) => c !== 'Values' && c !== 'LA Number'),
        ),
      (error: unknown) =>
        error instanceof DataFileError &&
        error.message ===
          'metrics/dfe-lait/bds_long_0.parquet, column "Values": required column is missing\n' +
            'metrics/dfe-lait/bds_long_0.parquet, column "LA Number": required column is missing',
    );
  });
});

describe('readDictionary', () => {
  it('applies the reviewed themes, polarities and year readings', () => {
    const ks2 = testMeasures.get('KS2R') as DfeMeasure;
    assert.equal(ks2.title, 'Pupils meeting the expected standard in reading (%)');
    assert.equal(ks2.subtitle, 'KS2 reading');
    assert.equal(ks2.polarity, 'higher-is-better');
    assert.equal(ks2.theme, 'children-and-young-people');
    assert.equal(ks2.decimalPlaces, null);
    assert.equal(ks2.description, 'Pupils at the end of\nkey stage 2.');
    assert.equal(ks2.caveats, 'Data includes only state-funded schools.');
    assert.equal(testMeasures.get('LAC')?.polarity, 'no-judgement');
    assert.equal(testMeasures.get('LAC')?.caveats, null);
    assert.equal(testMeasures.get('RTA')?.theme, 'adult-social-care-and-health');
    assert.match(testMeasures.get('RTA')?.caveats ?? '', /discontinued/);
  });

  it('fails on an unknown topic, year type or polarity, naming the row', () => {
    const good =
      '1,Key Stage 2,KS2 reading,Reading (%),KS2R,High,%,NA,NA,About.,45809,NA,https://e.org,1,' +
      'Academic Year';
    assert.throws(
      () =>
        dictionary(
          good,
          good
            .replace('KS2R', 'KS2W')
            .replace('Key Stage 2', 'Key Stage 3')
            .replace('High', 'Higher')
            .replace('Academic Year', 'School Year'),
        ),
      (error: unknown) =>
        error instanceof DataFileError &&
        /row 3, column "Topic": "Key Stage 3" has no reviewed theme/.test(error.message) &&
        /row 3, column "Polarity": "Higher" is not High, Low/.test(error.message) &&
        /row 3, column "Year_Type": "School Year" has no reviewed reading/.test(error.message),
    );
  });

  it('keeps the latest of a measure defined under two topics, if they agree', () => {
    const older =
      '1,All Pupil Absence & Exclusions,LAC absence,Old title,LAC_Abs,Low,%,NA,NA,Old.,45778,NA,' +
      'https://e.org,2,Academic Year';
    const newer =
      '1,Children Looked After,CLA absence,New title,LAC_Abs,Low,%,NA,NA,New.,46113,NA,' +
      'https://e.org,NA,Academic Year';
    const read = dictionary(newer, older);
    assert.equal(read.measures.get('LAC_Abs')?.title, 'New title');
    assert.match(read.notes.join(), /1 measures are defined twice .* LAC_Abs \(row 2\)/);
    assert.throws(
      () => dictionary(newer, older.replace(',Low,', ',High,')),
      /row 3, column "Polarity": defines LAC_Abs again with polarity "higher-is-better"/,
    );
  });
});

describe('dfeSlug', () => {
  it('makes kebab-case slugs from short codes, spelling out symbols', () => {
    assert.equal(dfeSlug('InfMort'), 'dfe-infmort');
    assert.equal(dfeSlug('%_3&4yr_olds'), 'dfe-pct-3-and-4yr-olds');
    assert.equal(dfeSlug('Hosp_Adm_Alc_<18yrs'), 'dfe-hosp-adm-alc-under-18yrs');
    assert.equal(dfeSlug('LAC_Fixed_ Ex'), 'dfe-lac-fixed-ex');
    assert.equal(dfeSlug('CPP_Total_Rateper10,000'), 'dfe-cpp-total-rateper10-000');
  });
});

describe('readDfeLait on the real folder', () => {
  let parsed: ParsedSource;
  let seconds: number;
  before(async () => {
    const started = performance.now();
    parsed = await readDfeLait(folder, dataDir);
    seconds = (performance.now() - started) / 1000;
  });

  it('reads every row into a value, with no problems, in a few seconds', () => {
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.metrics.length, 434);
    // 641,070 rows, less the 170 placeholder rows of CINPermExclusion with Years "0".
    assert.equal(parsed.observations.length, 640_900);
    assert.match(parsed.notes.join('\n'), /170 rows of CINPermExclusion with Years "0"/);
    assert.deepEqual(
      parsed.files.map((f) => f.name),
      ['metrics/dfe-lait/bds_long_0.parquet', 'metrics/dfe-lait/lait_data_dictionary.csv'],
    );
    assert.ok(seconds < 20, `read in ${seconds.toFixed(1)} s`);
  });

  it('makes slugs that are unique and clash with no ONS slug', () => {
    const slugs = parsed.metrics.map((m) => m.slug);
    assert.equal(new Set(slugs).size, slugs.length);
    for (const slug of slugs) {
      assert.match(slug, /^dfe-[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.equal(elsCatalogue[slug], undefined, slug);
    }
  });

  it('describes each measure from the dictionary', () => {
    const lac = parsed.metrics.find((m) => m.slug === 'dfe-lac');
    assert.equal(lac?.title, 'Children looked after rate per 10,000');
    assert.equal(lac?.unit, 'Rate per 10,000');
    assert.equal(lac?.periodicity, 'annual (on 31 March)');
    assert.equal(lac?.sourceOrganisation, 'Department for Education');
    assert.equal(lac?.licence, 'Open Government Licence v3.0');
    const rta = parsed.metrics.find((m) => m.slug === 'dfe-rta');
    assert.equal(rta?.polarity, 'lower-is-better');
    assert.equal(rta?.decimalPlaces, 2);
    assert.equal(rta?.periodicity, 'annual, each over 3 years');
    assert.match(rta?.sourceUrl ?? '', /^https:\/\/fingertips\.phe\.org\.uk\//);
    assert.equal(
      parsed.metrics.find((m) => m.slug === 'dfe-work-force-vac-rate')?.theme,
      'workforce',
    );
  });

  it('holds the published figures exactly', () => {
    const find = (slug: string, area: string, period: string) =>
      parsed.observations.find(
        (o) => o.metricSlug === slug && o.area.value === area && o.period.code === period,
      );
    // The first row of the file: Barking and Dagenham, children killed or seriously injured on
    // the roads, 2014 to 2016.
    assert.deepEqual(
      (({ value, status, row: at }) => ({ value, status, row: at }))(
        find('dfe-rta', '301', '2014-01-01/P3Y') ?? { value: NaN, status: 'ok', row: 0 },
      ),
      { value: 12.13, status: 'ok', row: 1 },
    );
    assert.equal(find('dfe-rta', 'E92000001', '2019-01-01/P3Y')?.status, 'not-available');
    // England: looked after children on 31 March 2016, Section 47 enquiries in 2015/16 (written
    // 148.80000000000001), phonics in 2024/25 (provisional).
    assert.equal(find('dfe-lac', 'E92000001', '2016-03-31/P1D')?.value, 60);
    assert.equal(find('dfe-section-47', 'E92000001', '2015-04-01/P1Y')?.value, 148.8);
    const phonics = find('dfe-ks1p-all', 'E92000001', '2024-09-01/P1Y');
    assert.deepEqual([phonics?.value, phonics?.status], [80, 'provisional']);
    assert.equal(find('dfe-ks1p-all', 'E92000001', '2019-09-01/P1Y')?.status, 'not-available');
  });

  it('types every missing value', () => {
    assert.deepEqual([...new Set(parsed.observations.map((o) => o.status))].sort(), [
      'not-available',
      'ok',
      'provisional',
    ]);
    assert.ok(
      parsed.observations.every((o) => (o.value === null) === (o.status === 'not-available')),
    );
  });

  it('reads the parquet file named directly, with the dictionary beside it', async () => {
    const direct = await readDfeLait(path.join(folder, 'bds_long_0.parquet'), dataDir);
    assert.equal(direct.source, 'metrics/dfe-lait/bds_long_0.parquet');
    assert.equal(direct.observations.length, parsed.observations.length);
    assert.deepEqual(direct.files, parsed.files);
  });
});

describe('readDfeLait on broken folders', () => {
  it('names what is missing or unreadable', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'openlg-dfe-'));
    await assert.rejects(readDfeLait(dir, dir), /holds no bds_long_0\.parquet/);
    await writeFile(path.join(dir, 'bds_long_0.parquet'), 'not parquet');
    await assert.rejects(readDfeLait(dir, dir), /lait_data_dictionary\.csv: file not found/);
    await writeFile(path.join(dir, 'lait_data_dictionary.csv'), `${dictionaryHeader}\n`);
    await assert.rejects(readDfeLait(dir, dir), /bds_long_0\.parquet: is not a readable parquet/);
    await assert.rejects(readDfeLait(path.join(dir, 'missing'), dir), /file or folder not found/);
  });
});
