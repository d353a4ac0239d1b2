import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { readCsvFile } from '../../shared/csv.ts';
import { DataFileError } from '../../shared/errors.ts';
import { dataDir } from '../../testing/app.ts';
import type { ObservationInput, ParsedSource } from '../import.types.ts';
import { figure, findLayout, readDataSheet, readMhclgCtr } from './ctr.reader.ts';
import { spreadsheetFigure } from '../published-number.ts';
import JSZip from 'jszip';

type Value = string | number | null;

const headers: readonly [number, string][] = [
  [5, '1. Council Tax Requirement including special expenses and local precepts.'],
  [7, '2. Parish precepts'],
  [9, '7. Council tax base for council tax setting purposes'],
  [
    11,
    '8. Average (Band D 2 Adult equivalent) council tax (including Adult Social Care precept and local precepts)',
  ],
  [
    13,
    '9. Average (Band D 2 Adult equivalent) council tax (including Adult Social Care precept and excluding local precepts)',
  ],
  [
    15,
    '17. Average (Band D 2 adult equivalent) council tax for area of the billing authority including both local and major precepts.',
  ],
  [16, 'ONS Code'],
];

/** A "Data" row: E-code, name, class, then the workbook year's figures in line order. */
function authority(
  ecode: string,
  name: string,
  authorityClass: string,
  figures: readonly Value[],
  ons: string | null = null,
): Value[] {
  const [requirement, parish, base, including, excluding, total] = figures;
  // The year before is filled with 1s, which the reader must not take.
  return [
    ecode,
    name,
    authorityClass,
    null,
    1,
    requirement ?? null,
    1,
    parish ?? null,
    1,
    base ?? null,
    1,
    including ?? null,
    1,
    excluding ?? null,
    total ?? null,
    ons,
  ];
}

interface SheetOptions {
  /** Rows of text above the header, which moves the header down. */
  above?: readonly string[];
  years?: readonly [string, string];
  rows: readonly Value[][];
  sheetName?: string;
}

/** Writes a small workbook laid out like MHCLG's, with merged two-year header cells. */
async function writeWorkbook(file: string, options: SheetOptions): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Billing Authorities');
  const sheet = workbook.addWorksheet(options.sheetName ?? 'Data');
  for (const line of options.above ?? []) sheet.addRow([line]);
  const headerRow = sheet.rowCount + 1;
  const header: Value[] = ['Ecode', 'Authority', 'Class'];
  for (const [column, text] of headers) header[column - 1] = text;
  sheet.addRow(header);
  for (const [column] of headers.slice(0, 5))
    sheet.mergeCells(headerRow, column, headerRow, column + 1);
  const [previous, year] = options.years ?? ['2014-15', '2015-16'];
  // ExcelJS takes an array without an element 0 as 1-based, so the row starts with an empty cell.
  const years: Value[] = [null];
  for (const [column] of headers.slice(0, 5)) {
    years[column - 1] = previous;
    years[column] = year;
  }
  sheet.addRow(years);
  for (const row of options.rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(file);
}

const adur = authority(
  'E3831',
  'Adur',
  'SD',
  [5837720, 364870, 20155.6, 289.63, 271.53, 1595.53],
  null,
);

describe('readMhclgCtr on small workbooks', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'openlg-ctr-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  async function read(name: string, options: SheetOptions): Promise<ParsedSource> {
    const file = path.join(dir, name);
    await writeWorkbook(file, options);
    return readMhclgCtr(file, dir);
  }

  const values = (parsed: ParsedSource) =>
    parsed.observations.map((o) => [o.metricSlug, o.area.value, o.value, o.status]);

  it('finds the header row by its cells wherever it is, and reads the year under it', async () => {
    const near = await read('ctr_1516.xlsx', { above: ['Billing authorities'], rows: [adur] });
    const far = await read('far_1516.xlsx', {
      above: ['Billing authorities', 'A note', '', 'Another note', '1 2 3 4', 'Ecodes'],
      rows: [adur],
    });
    assert.deepEqual(near.problems, []);
    assert.deepEqual(values(far), values(near));
    assert.equal(near.observations[0]?.row, 4);
    assert.equal(far.observations[0]?.row, 9);
    assert.deepEqual(values(near), [
      ['council-tax-requirement', 'E3831', 5837720, 'ok'],
      ['council-tax-base', 'E3831', 20155.6, 'ok'],
      ['band-d-council-tax-including-parish-precepts', 'E3831', 289.63, 'ok'],
      ['band-d-council-tax-excluding-parish-precepts', 'E3831', 271.53, 'ok'],
      ['parish-precepts', 'E3831', 364870, 'ok'],
      ['band-d-area-total-bill', 'E3831', 1595.53, 'ok'],
    ]);
    assert.equal(near.observations[0]?.period.code, '2015-04-01/P1Y');
    assert.equal(near.observations[0]?.area.scheme, 'mhclg-ecode');
  });

  it('fails with a precise message when no row is the header', async () => {
    const file = path.join(dir, 'ctr_1718.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Data').addRows([['Billing authorities'], ['Code', 'Authority', 'Type']]);
    await workbook.xlsx.writeFile(file);
    await assert.rejects(readMhclgCtr(file, dir), (error: DataFileError) => {
      assert.ok(error instanceof DataFileError);
      assert.deepEqual(error.problems, [
        {
          file: 'ctr_1718.xlsx',
          message:
            'sheet "Data" has no header row: no row has cells reading "Ecode", "Authority" and "Class"',
        },
      ]);
      return true;
    });
  });

  it('reads a workbook whose shared strings precede its sheets and its workbook part follows them', async () => {
    // An order the format allows, which ExcelJS's own writer sometimes makes and its streaming
    // reader cannot read: the whole-workbook reader takes over.
    const file = path.join(dir, 'ctr_1516.xlsx');
    await writeWorkbook(file, { rows: [adur] });
    const bytes = await readFile(file);
    const zip = await JSZip.loadAsync(bytes);
    const names = Object.keys(zip.files).filter((name) => !zip.files[name]?.dir);
    const sheets = names.filter((name) => name.startsWith('xl/worksheets/'));
    const reordered = new JSZip();
    for (const name of [
      ...names.filter((n) => !sheets.includes(n) && n !== 'xl/workbook.xml'),
      ...sheets,
      'xl/workbook.xml',
    ])
      reordered.file(name, (await zip.files[name]?.async('nodebuffer')) ?? '');
    const rows = await readDataSheet(await reordered.generateAsync({ type: 'nodebuffer' }), 'x');
    assert.deepEqual(rows, await readDataSheet(bytes, 'x'));
    assert.equal(rows.length, 3, 'the header, the years and Adur');
  });

  it('names the file and the sheets it has when there is no "Data" sheet', async () => {
    const file = path.join(dir, 'ctr_1819.xlsx');
    await writeWorkbook(file, { rows: [adur], sheetName: 'Data 2018-19' });
    await assert.rejects(readMhclgCtr(file, dir), (error: DataFileError) => {
      assert.ok(error instanceof DataFileError);
      assert.deepEqual(error.problems, [
        {
          file: 'ctr_1819.xlsx',
          message: 'has no sheet "Data"; its sheets are "Billing Authorities", "Data 2018-19"',
        },
      ]);
      return true;
    });
  });

  it('says so when the file is not a workbook at all', async () => {
    const file = path.join(dir, 'ctr_1920.xlsx');
    await writeFile(file, 'year,value\n2019,1\n');
    await assert.rejects(readMhclgCtr(file, dir), /ctr_1920\.xlsx: is not a readable \.xlsx/);
  });

  it('reports a figure that is not a number with its file, row and column', async () => {
    const parsed = await read('ctr_1516.xlsx', {
      rows: [authority('E3831', 'Adur', 'SD', [5837720, 364870, 20155.6, 'n/a', 271.53, 1595.53])],
    });
    assert.deepEqual(parsed.problems, [
      {
        file: 'ctr_1516.xlsx',
        row: 3,
        column:
          'L (8. Average (Band D 2 Adult equivalent) council tax (including Adult Social Care precept and local precepts))',
        message:
          '"n/a" is neither a number nor a marker the workbooks use ("-" not applicable, ".." not available)',
      },
    ]);
    assert.equal(parsed.observations.length, 5);
  });

  it('maps the workbooks’ markers to typed statuses', () => {
    assert.deepEqual(figure({ kind: 'text', text: '-' }), {
      value: null,
      status: 'not-applicable',
    });
    assert.deepEqual(figure({ kind: 'text', text: '..' }), {
      value: null,
      status: 'not-available',
    });
    assert.deepEqual(figure({ kind: 'blank' }), { value: null, status: 'not-available' });
    assert.deepEqual(figure({ kind: 'text', text: '0' }), { value: 0, status: 'ok' });
    assert.deepEqual(figure({ kind: 'text', text: '-12.5' }), { value: -12.5, status: 'ok' });
    assert.match(String(figure({ kind: 'text', text: '#ERROR' })), /"#ERROR" is neither/);
  });

  it('refuses a workbook whose year disagrees with its file name', async () => {
    await assert.rejects(
      read('ctr_1617.xlsx', { rows: [adur] }),
      /ctr_1617\.xlsx, row 2: the sheet's latest year is 2015-16 but the file name says 2016-17/,
    );
    await assert.rejects(
      read('ctr_1516.xlsx', { years: ['2014-15', '2016-17'], rows: [adur] }),
      /has the years 2014-15, 2016-17; expected 2015-16 and 2016-17 only/,
    );
  });

  it('places each kind of authority, and says what it does not store', async () => {
    const parsed = await read('ctr_2223.xlsx', {
      years: ['2021-22', '2022-23'],
      rows: [
        authority('Eng', 'England (R)', '', [100, 10, 50, 2, 1.8, '-']),
        authority(
          'E3831',
          'Adur',
          'SD',
          [7332377, 440337, 21699.7, 337.9, 317.61, 2118.55],
          'E07000223',
        ),
        authority('E1204', 'BCP', 'UA', [229962723, 999035, 142813.9, 0, 0, 1955.24]),
        ['SD', 'Shire Districts', null, null, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 3],
        ['Precepting authorities'],
        authority(
          'E6101',
          'Avon Combined Fire Authority',
          'CFA',
          [29296770, '-', 375841, 77.95, '-', '-'],
          'E31000001',
        ),
        authority('E6102', 'Bedfordshire Combined Fire Authority', 'CFA', [1, '-', 1, 1, '-', '-']),
        authority('E6117', 'Hampshire Combined Fire Authority', 'CFA', [1, '-', 1, 1, '-', '-']),
        authority('E7050', 'Avon & Somerset PCC', 'PCC', [144838830, '-', 576588, 251.2, '-', '-']),
        authority(
          'E5100',
          'Greater London Authority',
          'GLA',
          [1213569920, '-', '-', 395.59, '-', '-'],
          'E12000007',
        ),
        authority('E5101', "Whole of GLA's area", '', [
          364095503,
          '-',
          3073573.4,
          118.46,
          '-',
          '-',
        ]),
        authority(
          'E6348',
          'Greater Manchester Combined Authority',
          '',
          [257879153, '-', '-', '-', '-', '-'],
          'E47000001',
        ),
        authority(
          'a',
          'GMCA - Police',
          'PCC',
          [177732259, '-', 778503.1, 228.3, '-', '-'],
          'E23000005',
        ),
        authority('b', 'GMCA - General Functions', 'CA', [
          80146894,
          '-',
          778503.1,
          102.95,
          '-',
          '-',
        ]),
        authority('E6142', 'Greater Manchester Fire (old)', 'MF', ['-', '-', '-', '-', '-', '-']),
      ],
    });
    assert.deepEqual(parsed.problems, []);
    const at = (row: number) =>
      parsed.observations
        .filter((o) => o.row === row)
        .map((o) => `${o.area.scheme}:${o.area.value} ${o.metricSlug}=${o.value ?? o.status}`);
    assert.deepEqual(at(3).slice(0, 1), ['gss:E92000001 council-tax-requirement=100']);
    assert.deepEqual(at(3).slice(-1), ['gss:E92000001 band-d-area-total-bill=not-applicable']);
    assert.deepEqual(at(4).slice(0, 1), ['gss:E07000223 council-tax-requirement=7332377']);
    // A new council's Band D of 0 beside a requirement is no figure at all.
    assert.deepEqual(at(5).slice(2, 4), [
      'gss:E06000058 band-d-council-tax-including-parish-precepts=not-applicable',
      'gss:E06000058 band-d-council-tax-excluding-parish-precepts=not-applicable',
    ]);
    assert.deepEqual(at(8).slice(2, 3), [
      'gss:E31000001 band-d-council-tax-including-parish-precepts=77.95',
    ]);
    assert.deepEqual(at(8).slice(4, 5), ['gss:E31000001 parish-precepts=not-applicable']);
    assert.deepEqual(at(9).slice(2, 3), [
      'gss:E31000002 band-d-council-tax-including-parish-precepts=1',
    ]);
    assert.deepEqual(at(10), []);
    assert.deepEqual(at(11).slice(0, 1), ['gss:E23000036 council-tax-requirement=144838830']);
    assert.deepEqual(at(12).slice(1, 3), [
      'gss:E61000001 council-tax-base=not-applicable',
      'gss:E61000001 band-d-council-tax-including-parish-precepts=395.59',
    ]);
    assert.deepEqual([...at(13), ...at(14), ...at(17)], []);
    assert.deepEqual(at(15).slice(0, 1), ['gss:E23000005 council-tax-requirement=177732259']);
    assert.deepEqual(at(16).slice(2, 3), [
      'gss:E47000001 band-d-council-tax-including-parish-precepts=102.95',
    ]);
    const notes = parsed.notes.join('\n');
    assert.match(notes, /1 row without an E-code not stored.*: Shire Districts/);
    assert.match(
      notes,
      /2 rows without a class not stored.*: Whole of GLA's area \(E5101\), Greater Manchester Combined Authority \(E6348\)/,
    );
    assert.match(
      notes,
      /1 row not imported: the register has no area .*: Hampshire Combined Fire Authority \(E31000017, merged away before 2024/,
    );
    assert.match(
      notes,
      /1 row with no figures for 2022-23: Greater Manchester Fire \(old\) \(E6142\)/,
    );
    assert.match(notes, /2 averages \(Band D\) of 0 .*: BCP \(E1204\) L, BCP \(E1204\) N/);
  });

  it('reports an ONS code that disagrees with the catalogue', async () => {
    const parsed = await read('ctr_2223.xlsx', {
      years: ['2021-22', '2022-23'],
      rows: [
        authority(
          'E6101',
          'Avon Combined Fire Authority',
          'CFA',
          [1, '-', 1, 1, '-', '-'],
          'E31000002',
        ),
      ],
    });
    assert.deepEqual(parsed.problems, [
      {
        file: 'ctr_2223.xlsx',
        row: 3,
        column: 'P (ONS Code)',
        message:
          'is E31000002, but src/imports/ctr/ctr.catalogue.ts gives E31000001 for E6101 (Avon Combined Fire Authority)',
      },
    ]);
  });

  it('checks that a second header for the precepting authorities keeps each line in its column', async () => {
    const second: Value[] = ['Ecode', 'Authority', 'Class'];
    second[4] = '1. Council Tax Requirement including special expenses.';
    second[8] = "2. Council tax base for the major precepting authority's area";
    second[10] = '3. Average (Band D 2 Adult equivalent) council tax of major precepting authority';
    const good = await read('ctr_2223.xlsx', {
      years: ['2021-22', '2022-23'],
      rows: [adur, second],
    });
    assert.deepEqual(good.problems, []);
    second[6] = '2. Something else';
    const bad = await read('ctr_2223.xlsx', {
      years: ['2021-22', '2022-23'],
      rows: [adur, second],
    });
    assert.deepEqual(bad.problems, [
      {
        file: 'ctr_2223.xlsx',
        row: 4,
        column: 'G (2. Something else)',
        message:
          'should be blank: the precepting authorities have no "Parish precepts", and the column holds "2. Parish precepts" above',
      },
    ]);
  });
});

describe('readMhclgCtr on the real workbooks', () => {
  const folder = path.join(dataDir, 'metrics/mhclg-council-tax/source_xlsx');
  let parsed: ParsedSource;
  before(async () => {
    parsed = await readMhclgCtr(folder, dataDir);
  });

  const find = (slug: string, reference: string, period: string) =>
    parsed.observations.find(
      (o) => o.metricSlug === slug && o.area.value === reference && o.period.code === period,
    );

  it('reads the eight workbooks without a problem', () => {
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.files.length, 8);
    assert.deepEqual(
      [...new Set(parsed.observations.map((o) => o.period.code))].sort(),
      ['2015', '2016', '2017', '2018', '2019', '2020', '2021', '2022'].map((y) => `${y}-04-01/P1Y`),
    );
    assert.equal(parsed.metrics.length, 6);
    assert.ok(parsed.metrics.every((m) => m.polarity === 'no-judgement'));
  });

  it('gives the published figures for Adur and for a fire authority', () => {
    // Adur's E-code, as the 2015-16 workbook prints no ONS codes.
    assert.equal(
      find('band-d-council-tax-including-parish-precepts', 'E3831', '2015-04-01/P1Y')?.value,
      289.63,
    );
    assert.equal(find('council-tax-requirement', 'E3831', '2015-04-01/P1Y')?.value, 5837720);
    // Avon Combined Fire Authority: by the catalogue in 2015-16, by the sheet's code in 2022-23.
    assert.equal(
      find('band-d-council-tax-including-parish-precepts', 'E31000001', '2015-04-01/P1Y')?.value,
      66.6,
    );
    assert.equal(find('council-tax-requirement', 'E31000001', '2015-04-01/P1Y')?.value, 22829016);
    assert.equal(
      find('band-d-council-tax-including-parish-precepts', 'E31000001', '2022-04-01/P1Y')?.value,
      77.95,
    );
    assert.equal(find('council-tax-base', 'E92000001', '2022-04-01/P1Y')?.value, 18473358.8463);
  });

  it('keeps the figures Excel shows, not the noise digits of its formulas', () => {
    // Middlesbrough's area bill, a formula saved as 1717.5800000000002.
    assert.equal(find('band-d-area-total-bill', 'E0702', '2016-04-01/P1Y')?.value, 1717.58);
    const noisy = parsed.observations.filter(
      (o) => o.value !== null && String(o.value).replace(/\D/g, '').replace(/^0+/, '').length > 15,
    );
    assert.deepEqual(
      noisy.map((o) => `${o.metricSlug} ${o.area.value} ${o.value}`),
      [],
    );
  });

  /*
   * The tidy CSV beside the workbooks was made from them by someone else; every figure both have
   * must agree. It also has the year before each workbook's own (2014-15 from the 2015-16
   * workbook), which openlg does not read.
   */
  it('agrees with the tidy CSV made from the same workbooks', async (t) => {
    const ecodes = new Map<string, string>();
    for (const { name } of parsed.files) {
      const rows = await readDataSheet(await readFile(path.join(dataDir, name)), name);
      const layout = findLayout(rows, name);
      for (const row of rows) {
        const cell = row.cells.get(layout.ecode);
        if (cell?.kind === 'text') ecodes.set(`${name}|${row.number}`, cell.text);
      }
    }
    const ours = new Map<string, ObservationInput>();
    for (const o of parsed.observations)
      ours.set(`${o.period.label}|${ecodes.get(`${o.file}|${o.row}`)}|${o.metricSlug}`, o);

    const columns = {
      council_tax_requirement_gbp: 'council-tax-requirement',
      parish_precepts_gbp: 'parish-precepts',
      taxbase_band_d_equivalents: 'council-tax-base',
      avg_band_d_incl_parish_gbp: 'band-d-council-tax-including-parish-precepts',
      avg_band_d_excl_parish_gbp: 'band-d-council-tax-excluding-parish-precepts',
      avg_band_d_area_total_bill_gbp: 'band-d-area-total-bill',
    } as const;
    const csv = await readCsvFile(
      path.join(folder, '../council_tax_requirement_band_d_2014-15_to_2022-23.csv'),
      { required: ['year', 'ecode', 'class', ...Object.keys(columns)], allowExtra: true },
    );
    const tally = new Map<string, number>();
    const count = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1);
    const differences: string[] = [];
    const seen = new Set<string>();
    let earlierYear = 0;
    for (const { record } of csv.rows) {
      const year = record.year ?? '';
      if (year === '2014-15') {
        earlierYear++;
        continue;
      }
      for (const [column, slug] of Object.entries(columns)) {
        const theirs = record[column] ?? '';
        const ecode = record.ecode ?? '';
        const key = `${year.replace('-', '/')}|${ecode}|${slug}`;
        const our = ours.get(key);
        seen.add(key);
        if (our === undefined) {
          if (theirs !== '') count(`not stored by openlg: ${ecode}`);
        } else if (theirs === '') count(our.value === null ? 'neither' : `CSV empty: ${slug}`);
        // The CSV keeps the noise digits of the workbooks' formulas (1717.5800000000002);
        // openlg keeps the figure Excel shows.
        else if (our.value === spreadsheetFigure(Number(theirs))) count('equal');
        else {
          count(our.value === null ? `CSV ${theirs}, openlg ${our.status}` : 'differ');
          differences.push(
            `${year} ${ecode} ${slug}: CSV ${theirs}, openlg ${our.value ?? our.status}`,
          );
        }
      }
    }
    t.diagnostic(`CSV rows for 2014-15 not compared: ${earlierYear}`);
    for (const [what, n] of [...tally].sort()) t.diagnostic(`${what}: ${n}`);

    assert.equal(earlierYear, 431);
    // Every figure openlg reads has its row in the CSV.
    assert.equal(ours.size, parsed.observations.length);
    assert.deepEqual(
      [...ours.keys()].filter((key) => !seen.has(key)),
      [],
    );
    assert.equal(tally.get('equal'), 17630);
    assert.equal(tally.get('differ'), undefined, differences.join('\n'));
    // The only figures that differ: new councils' Band D of 0, which openlg does not take for a
    // figure (2019-20: BCP, Dorset, East Suffolk, Somerset West and Taunton, West Suffolk;
    // 2020-21: BCP, Buckinghamshire, West Suffolk), including and excluding parish precepts.
    assert.equal(tally.get('CSV 0, openlg not-applicable'), 16);
    assert.deepEqual(
      differences.filter((d) => !/: CSV 0, openlg not-applicable$/.test(d)),
      [],
    );
    // The CSV leaves empty the Band D excluding parish precepts of every precepting authority;
    // the workbooks up to 2019-20 repeat the authority's Band D there, and openlg keeps it.
    assert.deepEqual(
      [...tally].filter(([what]) => what.startsWith('CSV empty')),
      [['CSV empty: band-d-council-tax-excluding-parish-precepts', 473]],
    );
    // Rows openlg does not store: totals by kind of authority, the GLA's two parts, combined
    // authorities' totals of their parts, and the fire authorities the register does not hold.
    const notStored = [...tally]
      .filter(([what]) => what.startsWith('not stored'))
      .map(([what]) => what.replace('not stored by openlg: ', ''))
      .sort();
    assert.deepEqual(notStored, [
      'CA',
      'CFA',
      'E5101',
      'E5102',
      'E6112',
      'E6117',
      'E6139',
      'E6348',
      'E6353',
      'ILB',
      'MD',
      'MF',
      'OLB',
      'PCC',
      'SC',
      'SD',
      'UA',
    ]);
  });
});
