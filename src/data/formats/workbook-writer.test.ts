import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { columnName, crc32, writeWorkbook, xmlText, zip } from './workbook-writer.ts';

describe('the workbook writer', () => {
  it('names columns as spreadsheets do', () => {
    assert.deepEqual([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName), [
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('checksums as zip does', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
    assert.equal(crc32(Buffer.alloc(0)), 0);
  });

  it('escapes text and drops what XML cannot hold', () => {
    assert.equal(
      xmlText('a & b < "c" >\u0000\u0007d\ttab'),
      'a &amp; b &lt; &quot;c&quot; &gt;d\ttab',
    );
  });

  it('packs files another zip reader opens', async () => {
    const archive = await JSZip.loadAsync(
      zip([
        ['a/b.xml', '<x>é</x>'],
        ['c.txt', 'c'.repeat(5000)],
      ]),
    );
    assert.equal(await archive.file('a/b.xml')?.async('string'), '<x>é</x>');
    assert.equal(await archive.file('c.txt')?.async('string'), 'c'.repeat(5000));
  });

  it('writes sheets Excel readers open: values, styles, widths, frozen header and filters', async () => {
    const body = writeWorkbook(
      [
        {
          name: 'Profile',
          widths: [40, 14],
          header: true,
          rows: [
            [
              { value: 'measure', style: 'bold' },
              { value: 'value', style: 'bold' },
            ],
            [{ value: 'Rate & <share>' }, { value: 69.6812, style: { decimalPlaces: 1 } }],
            [{ value: 'Count' }, { value: 12, style: { decimalPlaces: 0 } }],
            [{ value: 'Missing' }, { value: null, style: { decimalPlaces: 2 } }],
          ],
        },
        {
          name: 'About',
          widths: [18, 100],
          rows: [
            [{ value: 'Title', style: 'title' }],
            [
              { value: 'Licence', style: 'bold' },
              { value: 'Open Government Licence v3.0', style: 'wrap' },
            ],
          ],
        },
      ],
      new Date('2026-12-03T12:00:00Z'),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    assert.deepEqual(
      workbook.worksheets.map((s) => s.name),
      ['Profile', 'About'],
    );
    const sheet = workbook.getWorksheet('Profile');
    assert.ok(sheet);
    assert.equal(sheet.getCell('A2').value, 'Rate & <share>');
    assert.equal(sheet.getCell('B2').value, 69.6812, 'the whole number kept');
    assert.equal(sheet.getCell('B2').numFmt, '0.0', 'shown to one decimal place');
    assert.equal(sheet.getCell('B3').numFmt, '0');
    assert.equal(sheet.getCell('B4').value, null);
    assert.equal(sheet.getCell('A1').font.bold, true);
    assert.equal(sheet.getColumn(1).width, 40);
    assert.deepEqual(
      sheet.views.map((v) => [v.state, 'ySplit' in v ? v.ySplit : undefined]),
      [['frozen', 1]],
    );
    assert.equal(String(sheet.autoFilter), 'A1:B1');
    const about = workbook.getWorksheet('About');
    assert.equal(about?.getCell('A1').font.size, 14);
    assert.equal(about?.getCell('B2').alignment.wrapText, true);
    assert.equal(workbook.creator, 'openlg');
  });
});
