import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elements, parseXml, textOf } from './chart-assertions.ts';
import { renderDataTable, scrollableTable, type DataTable } from './table.ts';

const table: DataTable = {
  caption: 'GCSEs in English & Maths, 2023/24',
  columns: [
    { heading: 'Council', numeric: false },
    { heading: 'Rank', numeric: true },
    { heading: 'Value', numeric: true },
  ],
  rows: [
    { cells: ['Darlington', '1', '74.1%'], highlighted: false },
    { cells: ['Hartlepool', '2', '70.2%'], highlighted: true },
    { cells: ['Brighton & Hove <B>', 'not ranked', 'suppressed'], highlighted: false },
  ],
};

describe('renderDataTable', () => {
  it('renders GOV.UK table markup with a caption and column headers', () => {
    const html = renderDataTable(table);
    const root = parseXml(html);
    assert.equal(root.name, 'table');
    assert.equal(root.attributes.get('class'), 'govuk-table');
    const caption = elements(root, 'caption')[0];
    assert.equal(caption?.attributes.get('class'), 'govuk-table__caption govuk-table__caption--m');
    assert.equal(caption && textOf(caption), 'GCSEs in English & Maths, 2023/24');
    const head = elements(root, 'thead').flatMap((h) => elements(h, 'th'));
    assert.deepEqual(
      head.map((th) => [textOf(th), th.attributes.get('scope'), th.attributes.get('class')]),
      [
        ['Council', 'col', 'govuk-table__header'],
        ['Rank', 'col', 'govuk-table__header govuk-table__header--numeric'],
        ['Value', 'col', 'govuk-table__header govuk-table__header--numeric'],
      ],
    );
  });

  it('makes the first cell of each row its header, and numeric cells right-aligned', () => {
    const root = parseXml(renderDataTable(table));
    const rows = elements(root, 'tbody').flatMap((b) => elements(b, 'tr'));
    assert.equal(rows.length, 3);
    for (const row of rows) {
      const [header, ...cells] = row.children.filter((c) => typeof c !== 'string');
      assert.equal(header?.name, 'th');
      assert.equal(header?.attributes.get('scope'), 'row');
      assert.equal(row.attributes.get('class'), 'govuk-table__row');
      for (const cell of cells) {
        assert.equal(cell.name, 'td');
        assert.equal(cell.attributes.get('class'), 'govuk-table__cell govuk-table__cell--numeric');
      }
    }
    assert.deepEqual(
      rows.map((r) => textOf(r)),
      [
        'Darlington174.1%',
        '◆ Hartlepool (selected)270.2%',
        'Brighton & Hove <B>not rankedsuppressed',
      ],
    );
  });

  it('marks the chosen row in words and weight, hiding the ◆ from screen readers', () => {
    const html = renderDataTable(table);
    assert.match(
      html,
      /<th scope="row" class="govuk-table__header"><span aria-hidden="true">◆ <\/span>Hartlepool<span class="govuk-visually-hidden"> \(selected\)<\/span><\/th>/,
    );
    assert.match(
      html,
      /<td class="govuk-table__cell govuk-table__cell--numeric"><strong>70\.2%<\/strong><\/td>/,
    );
    assert.equal((html.match(/<strong>/g) ?? []).length, 2);
  });

  it('escapes text for HTML', () => {
    const html = renderDataTable(table);
    assert.match(html, /Brighton &amp; Hove &lt;B&gt;/);
    assert.match(html, /<caption [^>]*>GCSEs in English &amp; Maths, 2023\/24<\/caption>/);
  });

  it('refuses a row with the wrong number of cells', () => {
    assert.throws(
      () => renderDataTable({ ...table, rows: [{ cells: ['A', '1'], highlighted: false }] }),
      /Row 1 .* has 2 cells for 3 columns/,
    );
  });
});

describe('scrollableTable', () => {
  it('puts a table in a focusable, named region that scrolls on its own', () => {
    const html = scrollableTable(
      '<table class="govuk-table"></table>',
      'Table: Brighton & Hove "B"',
    );
    assert.equal(
      html,
      '<div class="openlg-table-scroll" tabindex="0" role="region" aria-label="Table: Brighton &amp; Hove &quot;B&quot;">' +
        '<table class="govuk-table"></table></div>',
    );
  });
});
