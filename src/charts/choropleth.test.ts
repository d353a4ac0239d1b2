import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAccessibleSvg, elements, textOf, type XmlElement } from './chart-assertions.ts';
import {
  quantileClasses,
  renderChoropleth,
  type ChoroplethInput,
  type ChoroplethShape,
} from './choropleth.ts';
import type { AreaFigure } from './format.ts';

/** Ten 10-unit squares in two rows of five. */
const shapes: ChoroplethShape[] = Array.from({ length: 10 }, (_, i) => {
  const x = 100 + (i % 5) * 10;
  const y = 200 + Math.floor(i / 5) * 10;
  return {
    code: `E0600000${i}`,
    name: `Council ${String.fromCharCode(74 - i)}`,
    path: `M${x},${y}l10,0 0,10-10,0z`,
    minX: x,
    minY: y,
    maxX: x + 10,
    maxY: y + 10,
  };
});

const area = (
  i: number,
  value: number | null,
  status: AreaFigure['status'] = 'ok',
): AreaFigure => ({
  code: `E0600000${i}`,
  name: `Council ${String.fromCharCode(74 - i)}`,
  value,
  status,
});

const areas: AreaFigure[] = [
  ...[10, 20, 30, 40, 50, 60, 70, 80].map((value, i) => area(i, value)),
  area(8, null, 'suppressed'),
  // E06000009 has a shape but no figure; the Isles of Scilly have a figure but no shape.
  { code: 'E06000053', name: 'Isles of Scilly', value: 90, status: 'ok' },
];

const input: ChoroplethInput = {
  title: 'Employment rate by council, 2023',
  format: { decimalPlaces: 1, unit: '%' },
  polarity: 'higher-is-better',
  shapes,
  areas,
  highlight: 'E06000002',
};

const fills = (root: XmlElement) =>
  new Map(
    elements(root, 'path')
      .filter((p) => p.attributes.has('data-code'))
      .map((p) => [p.attributes.get('data-code'), p.attributes.get('fill')]),
  );
const descriptionOf = (root: XmlElement) => textOf(elements(root, 'desc')[0] ?? root);
const texts = (root: XmlElement) => elements(root, 'text');

describe('quantileClasses', () => {
  it('splits values into five classes of about equal size at the type-7 quintiles', () => {
    const classes = quantileClasses([10, 20, 30, 40, 50, 60, 70, 80, 90], 'higher-is-better');
    assert.deepEqual(
      classes.map((c) => [c.rank, c.min, c.max, c.members, c.colour]),
      [
        [1, 80, 90, 2, '#253494'],
        [2, 60, 70, 2, '#2c7fb8'],
        [3, 50, 50, 1, '#41b6c4'],
        [4, 30, 40, 2, '#a1dab4'],
        [5, 10, 20, 2, '#ffffcc'],
      ],
    );
  });

  it('makes the lowest values darkest when lower is better', () => {
    const classes = quantileClasses([10, 20, 30, 40, 50, 60, 70, 80, 90], 'lower-is-better');
    assert.deepEqual(classes[0], { rank: 1, min: 10, max: 20, members: 2, colour: '#253494' });
  });

  it('uses a neutral palette, highest darkest, for no-judgement metrics', () => {
    const classes = quantileClasses([10, 20, 30, 40, 50, 60, 70, 80, 90], 'no-judgement');
    assert.deepEqual(
      classes.map((c) => c.colour),
      ['#54278f', '#756bb1', '#9e9ac8', '#cbc9e2', '#f2f0f7'],
    );
    assert.equal(classes[0]?.max, 90);
  });

  it('keeps tied values together and spreads the palette over fewer classes', () => {
    const classes = quantileClasses([1, 1, 1, 1, 1, 1, 1, 1, 2, 2], 'higher-is-better');
    assert.deepEqual(
      classes.map((c) => [c.min, c.max, c.members, c.colour]),
      [
        [2, 2, 2, '#253494'],
        [1, 1, 8, '#ffffcc'],
      ],
    );
    assert.deepEqual(
      quantileClasses([5], 'higher-is-better').map((c) => c.colour),
      ['#41b6c4'],
    );
    assert.deepEqual(quantileClasses([], 'higher-is-better'), []);
  });
});

describe('renderChoropleth', () => {
  it('is one labelled, well-formed image without styles or scripts', () => {
    const root = assertAccessibleSvg(renderChoropleth(input).svg);
    assert.equal(
      root.attributes.get('aria-labelledby'),
      'choropleth-employment-rate-by-council-2023-title choropleth-employment-rate-by-council-2023-desc',
    );
    assert.equal(root.attributes.get('width'), '100%');
  });

  it('shades each area by its class, darkest for the best', () => {
    const root = assertAccessibleSvg(renderChoropleth(input).svg);
    const fill = fills(root);
    assert.equal(fill.get('E06000007'), '#253494');
    assert.equal(fill.get('E06000005'), '#2c7fb8');
    assert.equal(fill.get('E06000004'), '#41b6c4');
    assert.equal(fill.get('E06000002'), '#a1dab4');
    assert.equal(fill.get('E06000000'), '#ffffcc');
    const lower = fills(
      assertAccessibleSvg(renderChoropleth({ ...input, polarity: 'lower-is-better' }).svg),
    );
    assert.equal(lower.get('E06000000'), '#253494');
    assert.equal(lower.get('E06000002'), '#2c7fb8');
    assert.equal(lower.get('E06000007'), '#ffffcc');
    const neutral = fills(
      assertAccessibleSvg(renderChoropleth({ ...input, polarity: 'no-judgement' }).svg),
    );
    assert.equal(neutral.get('E06000007'), '#54278f');
  });

  it('hatches areas without a value, and keys the hatching', () => {
    const root = assertAccessibleSvg(renderChoropleth(input).svg);
    const fill = fills(root);
    const hatch = 'url(#choropleth-employment-rate-by-council-2023-no-value-map)';
    assert.equal(fill.get('E06000008'), hatch);
    assert.equal(fill.get('E06000009'), hatch);
    assert.equal([...fill.values()].filter((f) => f === hatch).length, 2);
    const patterns = elements(root, 'pattern');
    assert.equal(patterns.length, 2);
    const key = texts(root).find((t) => textOf(t) === 'No value');
    assert.ok(key);
    const swatch = elements(root, 'rect').find(
      (r) =>
        r.attributes.get('fill') ===
        'url(#choropleth-employment-rate-by-council-2023-no-value-key)',
    );
    assert.ok(swatch);
    const withValues = renderChoropleth({
      ...input,
      areas: shapes.map((s, i) => area(i, i)),
    });
    assert.ok(!texts(assertAccessibleSvg(withValues.svg)).some((t) => textOf(t) === 'No value'));
  });

  it('outlines the chosen area heavily on top of the others, names it, and keys the outline', () => {
    const root = assertAccessibleSvg(renderChoropleth(input).svg);
    const chosen = shapes[2];
    assert.ok(chosen);
    const outlines = elements(root, 'path').filter(
      (p) => p.attributes.get('d') === chosen.path && !p.attributes.has('data-code'),
    );
    assert.deepEqual(
      outlines.map((p) => [p.attributes.get('stroke'), p.attributes.get('stroke-width')]),
      [
        ['#ffffff', '5'],
        ['#0b0c0c', '2.5'],
      ],
    );
    const names = texts(root).filter((t) => textOf(t) === 'Council H');
    assert.equal(names.length, 2, 'on the map and in the key');
    for (const name of names) assert.equal(name.attributes.get('font-weight'), 'bold');
    assert.ok(elements(root, 'rect').some((r) => r.attributes.get('stroke-width') === '2.5'));
  });

  it('keys the classes with ranges formatted like the values, best at the top', () => {
    const root = assertAccessibleSvg(renderChoropleth(input).svg);
    const key = texts(root).map(textOf);
    const ranges = [
      '80.0% to 90.0%',
      '60.0% to 70.0%',
      '50.0%',
      '30.0% to 40.0%',
      '10.0% to 20.0%',
    ];
    assert.deepEqual(
      key.filter((t) => ranges.includes(t)),
      ranges,
    );
    assert.ok(key.includes('Best at the top'));
    const worded = texts(
      assertAccessibleSvg(
        renderChoropleth({ ...input, format: { decimalPlaces: 0, unit: 'Rate per 10,000' } }).svg,
      ),
    ).map(textOf);
    assert.ok(worded.includes('Rate per 10,000'));
    assert.ok(worded.includes('80 to 90'));
  });

  it('describes the method, the classes and the chosen area in plain English', () => {
    const root = assertAccessibleSvg(renderChoropleth(input).svg);
    assert.equal(
      descriptionOf(root),
      'Map of 10 councils shaded in 5 classes with about the same number of councils in each ' +
        '(quantiles); higher is better, and better classes are darker. From darkest to lightest the ' +
        'classes are 80.0% to 90.0%, 60.0% to 70.0%, 50.0%, 30.0% to 40.0% and 10.0% to 20.0%. ' +
        'Council H (thick outline) has 30.0%, in class 4 of 5. ' +
        '2 councils have no value and are hatched. ' +
        'Not on the map for want of a boundary, but in the table: Isles of Scilly.',
    );
    const neutral = assertAccessibleSvg(
      renderChoropleth({ ...input, polarity: 'no-judgement', highlight: 'E06000008' }).svg,
    );
    assert.match(descriptionOf(neutral), /\(quantiles\); higher values are darker\./);
    assert.match(descriptionOf(neutral), /Council B \(thick outline\) has no value: suppressed\./);
  });

  it('describes a chosen area that has a value but no boundary, without outlining anything', () => {
    const root = assertAccessibleSvg(renderChoropleth({ ...input, highlight: 'E06000053' }).svg);
    assert.match(descriptionOf(root), / Isles of Scilly has 90\.0%, in class 1 of 5 \(best\)\./);
    assert.ok(!elements(root, 'path').some((p) => p.attributes.get('stroke-width') === '2.5'));
    assert.ok(!texts(root).some((t) => textOf(t) === 'Isles of Scilly'));
  });

  it('gives a data table of every area by name, with its value and class', () => {
    const { table } = renderChoropleth(input);
    assert.equal(table.caption, input.title);
    assert.deepEqual(table.columns, [
      { heading: 'Council', numeric: false },
      { heading: 'Value', numeric: true },
      { heading: 'Class', numeric: true },
    ]);
    assert.deepEqual(
      table.rows.map((r) => r.cells),
      [
        ['Council A', 'not available', 'no class'],
        ['Council B', 'suppressed', 'no class'],
        ['Council C', '80.0%', '1 of 5 (best)'],
        ['Council D', '70.0%', '2 of 5'],
        ['Council E', '60.0%', '2 of 5'],
        ['Council F', '50.0%', '3 of 5'],
        ['Council G', '40.0%', '4 of 5'],
        ['Council H', '30.0%', '4 of 5'],
        ['Council I', '20.0%', '5 of 5 (worst)'],
        ['Council J', '10.0%', '5 of 5 (worst)'],
        ['Isles of Scilly', '90.0%', '1 of 5 (best)'],
      ],
    );
    assert.deepEqual(
      table.rows.filter((r) => r.highlighted).map((r) => r.cells[0]),
      ['Council H'],
    );
  });

  it('fits the map to the shapes and scales the hatching with it', () => {
    const root = assertAccessibleSvg(renderChoropleth(input).svg);
    const group = elements(root, 'g').find((g) => g.attributes.has('transform'));
    // 50 by 20 units drawn 400 wide: 8 pixels a unit, centred in the map's least height (240),
    // and 6-pixel hatching is 0.75 units.
    assert.equal(group?.attributes.get('transform'), 'translate(-792 -1552) scale(8)');
    assert.equal(elements(root, 'pattern')[0]?.attributes.get('width'), '0.75');
    assert.equal(elements(root, 'pattern')[1]?.attributes.get('width'), '6');
  });

  it('escapes names and gives the same string for the same input', () => {
    const named = renderChoropleth({
      ...input,
      areas: areas.map((a) => (a.code === 'E06000002' ? { ...a, name: 'Brighton & Hove <B>' } : a)),
    });
    assert.match(named.svg, /<title>Brighton &amp; Hove &lt;B&gt;: 30\.0%, class 4 of 5<\/title>/);
    assert.match(named.svg, />Brighton &amp; Hove &lt;B&gt;<\/text>/);
    assert.equal(renderChoropleth(structuredClone(input)).svg, renderChoropleth(input).svg);
    assert.deepEqual(
      renderChoropleth({ ...input, areas: [...areas].reverse() }).table,
      renderChoropleth(input).table,
    );
  });

  it('refuses duplicates, an unknown chosen area, and nothing to draw', () => {
    assert.throws(
      () => renderChoropleth({ ...input, areas: [...areas, area(0, 1)] }),
      /appears twice/,
    );
    assert.throws(
      () => renderChoropleth({ ...input, shapes: [...shapes, ...shapes.slice(0, 1)] }),
      /appears twice/,
    );
    assert.throws(() => renderChoropleth({ ...input, highlight: 'E09000001' }), RangeError);
    assert.throws(() => renderChoropleth({ ...input, shapes: [] }), RangeError);
  });

  it('draws a map where no area has a value', () => {
    const root = assertAccessibleSvg(
      renderChoropleth({ ...input, areas: [], highlight: null }).svg,
    );
    assert.equal(
      descriptionOf(root),
      'Map of 10 councils, none of which has a value. 10 councils have no value and are hatched.',
    );
    assert.equal(elements(root, 'path').length, 10);
  });
});
