import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { DataFileError } from '../shared/errors.ts';
import { dataDir } from '../testing/app.ts';
import { useImportDatabase } from '../testing/fixtures.ts';
import { fingerprint } from '../testing/database.ts';
import { findSourceKind } from './sources.ts';

/**
 * The corpus of real-looking broken files: each must be refused with a message naming the file,
 * row and column, and leave every table byte-for-byte as it was.
 */
const tables = [
  'metrics',
  'metric_definitions',
  'periods',
  'imports',
  'observations',
  'observation_revisions',
  'metric_period_coverage',
  'latest_values',
  'latest_value_builds',
  'data_version',
];

const header = 'areacd,areanm,period,value,lci,uci\n';
const goodRows =
  'E06000001,Hartlepool,2019-20,12.5,10.1,14.9\n' +
  'E06000058,"Bournemouth, Christchurch and Poole",2019-20,13,,\n';

const mapping = {
  area: { column: 'areacd' },
  period: { column: 'period' },
  measures: [{ metric: 'test-rate', value: 'value', lci: 'lci', uci: 'uci' }],
  ignore: ['areanm'],
  missingValues: { '-': 'not-available' },
  metrics: [
    {
      slug: 'test-rate',
      title: 'Test rate',
      unit: '%',
      polarity: 'higher-is-better',
      theme: 'economy-and-skills',
    },
  ],
};

const corpus: { name: string; content: string | Buffer; expected: RegExp }[] = [
  {
    name: 'semicolons.csv',
    content: header.replaceAll(',', ';') + 'E06000001;Hartlepool;2019-20;12.5;;\n',
    expected: /^semicolons\.csv, row 1: .*looks ";"-delimited/m,
  },
  {
    name: 'missing-column.csv',
    content: 'areacd,areanm,period,lci,uci\nE06000001,Hartlepool,2019-20,,\n',
    expected:
      /^missing-column\.csv, row 1, column "value": required column is missing; the file's columns are "areacd", "areanm", "period", "lci", "uci"$/m,
  },
  {
    name: 'not-a-number.csv',
    content: header + goodRows + 'E06000002,Middlesbrough,2019-20,12.5%,,\n',
    expected:
      /^not-a-number\.csv, row 4, column "value": "12\.5%" is not a number: write it without the "%"/m,
  },
  {
    name: 'unknown-area.csv',
    content: header + goodRows + 'E06009999,Nowhere,2019-20,1,,\n',
    expected: /^unknown-area\.csv, row 4, column "areacd": unknown area code "E06009999"/m,
  },
  {
    name: 'unknown-period.csv',
    content: header + goodRows + 'E06000002,Middlesbrough,Spring 2019,1,,\n',
    expected: /^unknown-period\.csv, row 4, column "period": "Spring 2019" is not a period/m,
  },
  {
    name: 'conflicting-duplicates.csv',
    content: header + goodRows + 'E06000001,Hartlepool,2019/20,12.6,,\n',
    expected:
      /^conflicting-duplicates\.csv, row 4: conflicts with row 2 for test-rate, E06000001, 2019-04-01\/P1Y/m,
  },
  { name: 'empty.csv', content: '', expected: /^empty\.csv: is empty: no header row$/m },
  {
    name: 'one-long-line.csv',
    content: header + 'E06000001,' + '"' + 'x'.repeat(10 * 1024 * 1024) + '"\n',
    expected: /^one-long-line\.csv, row 2: a record is longer than 1,000,000 characters/m,
  },
  {
    name: 'latin1.csv',
    content: Buffer.concat([
      Buffer.from(header + 'E06000001,Hartlepool,2019-20,1,,\nE06000002,Caf'),
      Buffer.from([0xe9]),
      Buffer.from(',2019-20,1,,\n'),
    ]),
    expected: /^latin1\.csv, row 3: is not valid UTF-8/m,
  },
];

describe('the broken-file corpus', () => {
  const store = useImportDatabase();
  let dir: string;
  let before_: string;
  const tidy = findSourceKind('tidy-csv');
  assert.ok(tidy);

  async function importFile(name: string, content: string | Buffer) {
    const file = path.join(dir, name);
    await writeFile(file, content);
    const parsed = await tidy!.read(file, dir, { name: 'mapping.json', value: mapping });
    return store.imports.run(parsed);
  }

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'openlg-broken-'));
    const good = await importFile('good.csv', '\uFEFF' + header + goodRows);
    assert.equal(good.valuesInserted, 2);
    before_ = await fingerprint(store.database, tables);
  });

  for (const { name, content, expected } of corpus) {
    it(`refuses ${name} precisely and changes nothing`, async () => {
      await assert.rejects(importFile(name, content), (error: unknown) => {
        assert.ok(error instanceof DataFileError, String(error));
        assert.match(error.message, expected);
        return true;
      });
      assert.equal(await fingerprint(store.database, tables), before_);
    });
  }

  it('changes nothing when the good file (BOM, quoted commas) is imported again', async () => {
    const again = await importFile('good.csv', '\uFEFF' + header + goodRows);
    assert.equal(again.valuesInserted + again.valuesUpdated, 0);
    assert.equal(await fingerprint(store.database, tables), before_);
  });
});

describe('the openlg import command on a broken file', () => {
  it('exits 1, names the problem and leaves the database as it was', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'openlg-broken-cli-'));
    await writeFile(path.join(dir, 'mapping.json'), JSON.stringify(mapping));
    await writeFile(path.join(dir, 'good.csv'), header + goodRows);
    await writeFile(path.join(dir, 'bad.csv'), header + goodRows + 'E06000002,M,2019-20,n/a,,\n');
    const inherited = { ...process.env };
    delete inherited.DATABASE_URL;
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [path.resolve('bin/openlg.js'), 'import', 'tidy-csv', ...args], {
        env: { ...inherited, OPENLG_PGLITE_DIR: path.join(dir, 'db'), OPENLG_DATA_DIR: dataDir },
        encoding: 'utf8',
        timeout: 120_000,
      });
    const good = run(path.join(dir, 'good.csv'), '--mapping', path.join(dir, 'mapping.json'));
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stderr + good.stdout, /2 changed \(2 inserted, 0 updated\)/);
    const bad = run(path.join(dir, 'bad.csv'), '--mapping', path.join(dir, 'mapping.json'));
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /bad\.csv, row 4, column "value": "n\/a" is not a number/);
    assert.match(bad.stderr, /Nothing was changed\./);
    // The good rows of the bad file equal what is stored, so nothing of it was written.
    const dry = run(path.join(dir, 'good.csv'), '--mapping', path.join(dir, 'mapping.json'));
    assert.match(dry.stderr + dry.stdout, /0 changed/);
  });
});
