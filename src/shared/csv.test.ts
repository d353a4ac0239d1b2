import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCsvText, readCsvFile } from './csv.ts';
import { DataFileError } from './errors.ts';

const required = ['code', 'name'] as const;

describe('parseCsvText', () => {
  it('strips a BOM and keeps quoted commas', () => {
    const table = parseCsvText(
      '\uFEFFcode,name\nE06000058,"Bournemouth, Christchurch and Poole"\n',
      {
        required,
        displayName: 'a.csv',
      },
    );
    assert.deepEqual(table.rows, [
      { line: 2, record: { code: 'E06000058', name: 'Bournemouth, Christchurch and Poole' } },
    ]);
  });

  it('reports the real line of a record after a multi-line field', () => {
    const table = parseCsvText('code,name\nA,"two\nlines"\nB,x\n', {
      required,
      displayName: 'a.csv',
    });
    assert.deepEqual(
      table.rows.map((r) => r.line),
      [3, 4],
    );
  });

  it('names missing and unknown columns', () => {
    assert.throws(
      () => parseCsvText('code,nmae\n', { required, displayName: 'a.csv' }),
      (error: unknown) =>
        error instanceof DataFileError &&
        /a\.csv, row 1, column "name": required column is missing/.test(error.message) &&
        /a\.csv, row 1, column "nmae": unknown column/.test(error.message),
    );
  });

  it('rejects a ragged row with its line number', () => {
    assert.throws(
      () => parseCsvText('code,name\nA,b\nC,d,e\n', { required, displayName: 'a.csv' }),
      /a\.csv, row 3/,
    );
  });

  it('rejects an empty file', () => {
    assert.throws(() => parseCsvText('', { required, displayName: 'a.csv' }), /a\.csv: is empty/);
  });
});

describe('readCsvFile', () => {
  it('rejects invalid UTF-8 and names the file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'openlg-csv-'));
    const file = path.join(dir, 'bad.csv');
    await writeFile(file, Buffer.from([0x63, 0x6f, 0x64, 0x65, 0x0a, 0xff, 0xfe, 0x0a]));
    await assert.rejects(
      readCsvFile(file, { required: ['code'] }),
      /bad\.csv, row 2: is not valid UTF-8 \(byte 6, 0xff\)/,
    );
  });

  it('says when the file does not exist', async () => {
    await assert.rejects(
      readCsvFile('/nonexistent/x.csv', { required: ['code'] }),
      /x\.csv: file not found/,
    );
  });
});
