import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { DataFileError } from '../../shared/errors.ts';
import { dataDir } from '../../testing/app.ts';
import type { ParsedSource } from '../import.types.ts';
import { elsCatalogue } from './els.catalogue.ts';
import { elsSlug, readOnsEls } from './els.reader.ts';

const folder = path.join(dataDir, 'metrics/ons-explore-local-statistics');
const header =
  'areacd,areanm,geography,indicator,period,observation,measure,unit,lci_95,uci_95,status,notes';
const metadata = JSON.stringify({
  'ess-beta-metadata': { label: 'Test rate', decimalPlaces: 1, sourceOrg: 'ONS' },
});

/** Writes a one-indicator CSV (and its JSON) to a temporary folder and reads it. */
async function readTemp(csv: string | Buffer): Promise<ParsedSource> {
  const dir = await mkdtemp(path.join(tmpdir(), 'openlg-els-'));
  await writeFile(path.join(dir, 'employment-rate.csv'), csv);
  await writeFile(path.join(dir, 'employment-rate.json'), metadata);
  return readOnsEls(path.join(dir, 'employment-rate.csv'), dir);
}

describe('readOnsEls on the real folder', () => {
  let parsed: ParsedSource;
  before(async () => {
    parsed = await readOnsEls(folder, dataDir);
  });

  it('reads every indicator as its own metric, with reviewed polarity and theme', () => {
    assert.equal(parsed.files.length, 24);
    assert.equal(parsed.metrics.length, 33);
    assert.deepEqual(parsed.problems, []);
    for (const m of parsed.metrics) assert.ok(elsCatalogue[m.slug], m.slug);
    const employment = parsed.metrics.find((m) => m.slug === 'employment-rate');
    assert.equal(employment?.unit, '%');
    assert.equal(employment?.decimalPlaces, 1);
    assert.equal(employment?.polarity, 'higher-is-better');
    assert.match(employment?.subtitle ?? '', /aged 16 to 64/);
    assert.ok(parsed.metrics.some((m) => m.slug === 'economically-inactive'));
  });

  it('corrects a unit the source gets wrong, and says so', () => {
    const ratio = parsed.metrics.find(
      (m) => m.slug === 'housing-affordability-ratio-residence-based',
    );
    assert.deepEqual([ratio?.unit, ratio?.measure], ['ratio', 'Ratio']);
    assert.ok(
      parsed.notes.some((n) =>
        /housing-affordability-ratio-residence-based is labelled "%" \(Percentage\) in the source/.test(
          n,
        ),
      ),
    );
  });

  it('holds the published figures exactly', () => {
    const find = (slug: string, area: string, period: string) =>
      parsed.observations.find(
        (o) => o.metricSlug === slug && o.area.value === area && o.period.code === period,
      );
    const employment = find('employment-rate', 'E06000001', '2018-01-01/P1Y');
    assert.equal(employment?.value, 63.9);
    assert.equal(employment?.lci, 60.7);
    assert.equal(employment?.uci, 67.1);
    assert.equal(find('gcses-in-english-and-maths', 'E06000001', '2023-09-01/P1Y')?.value, 74.064);
  });

  it('drops the noise digits the source writes after some figures (63.00000000000001)', () => {
    const hartlepool = parsed.observations.find(
      (o) =>
        o.metricSlug === 'employment-rate' &&
        o.area.value === 'E06000001' &&
        o.period.code === '2023-01-01/P1Y',
    );
    assert.deepEqual([hartlepool?.lci, hartlepool?.uci], [63, 72.8]);
    const noisy = parsed.observations.flatMap((o) =>
      [o.value, o.lci, o.uci].filter((n) => n !== null && String(n).replace(/\D/g, '').length > 15),
    );
    assert.deepEqual(noisy, []);
  });

  it('types every missing value', () => {
    const statuses = new Set(parsed.observations.map((o) => o.status));
    // ONS's "u" only ever comes without a value here: withheld for a small base, so suppressed.
    assert.deepEqual([...statuses].sort(), ['not-available', 'ok', 'suppressed']);
    assert.ok(
      parsed.observations.every(
        (o) => (o.value === null) === (o.status === 'not-available' || o.status === 'suppressed'),
      ),
    );
  });
});

describe('readOnsEls on broken files', () => {
  const row = (observation: string, status = '', period = '2018-01-01/P1Y') =>
    `E06000001,Hartlepool,County or Unitary Authority,Employment rate,${period},${observation},Percentage,%,,,${status},`;

  it('accepts a BOM and quoted commas in names', async () => {
    const parsed = await readTemp(
      `\uFEFF${header}\nE06000058,"Bournemouth, Christchurch and Poole",County or Unitary Authority,Employment rate,2018-01-01/P1Y,70.1,Percentage,%,,,,\n`,
    );
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.observations[0]?.area.value, 'E06000058');
  });

  for (const [name, csv, pattern] of [
    [
      'a non-numeric value',
      `${header}\n${row('sixty')}\n`,
      /row 2, column "observation": "sixty" is not a number/,
    ],
    [
      'an unknown status',
      `${header}\n${row('60', 'q')}\n`,
      /row 2, column "status": unknown status "q"/,
    ],
    [
      'an unknown period',
      `${header}\n${row('60', '', 'last year')}\n`,
      /row 2, column "period": "last year" is not a period/,
    ],
  ] as const) {
    it(`reports ${name} with file, row and column`, async () => {
      const parsed = await readTemp(csv);
      assert.match(
        parsed.problems
          .map((p) => `${p.file}, row ${p.row}, column "${p.column}": ${p.message}`)
          .join('\n'),
        new RegExp(`employment-rate\\.csv, ${pattern.source}`),
      );
    });
  }

  it('rejects a missing column, an empty file and invalid UTF-8', async () => {
    await assert.rejects(
      readTemp(`${header.replace(',status', '')}\n`),
      /row 1, column "status": required column is missing/,
    );
    await assert.rejects(readTemp(''), /employment-rate\.csv: is empty/);
    await assert.rejects(readTemp(Buffer.from([0x61, 0xff, 0x0a])), DataFileError);
  });
});

describe('elsSlug', () => {
  it('makes stable kebab-case slugs without the geography suffix', () => {
    assert.equal(elsSlug('Apprenticeship starts (England)'), 'apprenticeship-starts');
    assert.equal(
      elsSlug('Housing affordability ratio (residence-based)'),
      'housing-affordability-ratio-residence-based',
    );
    assert.equal(elsSlug('Claimant Count'), 'claimant-count');
  });
});
