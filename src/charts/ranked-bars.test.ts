import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertAccessibleSvg,
  elements,
  textOf,
  visibleText,
  withoutLegend,
  assertMinimumFontSize,
  assertNoOverlap,
  textBoxes,
  type XmlElement,
} from './chart-assertions.ts';
import { FONT_FAMILY, textWidth } from './svg.ts';
import type { AreaFigure } from './format.ts';
import { renderRankedBars, type RankedBarsInput } from './ranked-bars.ts';

const figure = (
  code: string,
  name: string,
  value: number | null,
  status: AreaFigure['status'] = 'ok',
): AreaFigure => ({
  code,
  name,
  value,
  status,
});

const areas: AreaFigure[] = [
  figure('E06000001', 'Hartlepool', 66.0),
  figure('E06000002', 'Middlesbrough', 60.5),
  figure('E06000003', 'Redcar and Cleveland', 71.2),
  figure('E06000004', 'Stockton-on-Tees', 73.0),
  figure('E06000005', 'Darlington', 70.2),
  figure('E06000047', 'County Durham', 69.8),
  figure('E08000021', 'Newcastle upon Tyne', 72.4),
  figure('E08000022', 'North Tyneside', 75.3),
  figure('E08000023', 'South Tyneside', 68.1),
  figure('E08000024', 'Sunderland', 64.2, 'provisional'),
  figure('E08000037', 'Gateshead', 67.5),
  figure('E06000057', 'Northumberland', 70.9),
  figure('E06000043', 'Brighton & Hove <B>', 74.0),
  figure('E06000010', 'Kingston upon Hull', 62.3),
  figure('E06000011', 'East Riding of Yorkshire', null, 'suppressed'),
  figure('E06000012', 'North East Lincolnshire', null, 'not-available'),
];

const input: RankedBarsInput = {
  title: 'GCSEs in English and Maths, 2023/24: Hartlepool and similar councils',
  format: { decimalPlaces: 1, unit: '%' },
  polarity: 'higher-is-better',
  areas,
  highlight: 'E06000001',
};

const bestFirst = [
  'North Tyneside',
  'Brighton & Hove <B>',
  'Stockton-on-Tees',
  'Newcastle upon Tyne',
  'Redcar and Cleveland',
  'Northumberland',
  'Darlington',
  'County Durham',
  'South Tyneside',
  'Gateshead',
  'Hartlepool',
  'Sunderland',
  'Kingston upon Hull',
  'Middlesbrough',
];

const number = (element: XmlElement, attribute: string) =>
  Number(element.attributes.get(attribute));
const titleOf = (element: XmlElement) => {
  const title = elements(element, 'title')[0];
  return title ? textOf(title) : '';
};
/** The bars from top to bottom, by the name in their tooltip. */
const barOrder = (root: XmlElement) =>
  elements(root, 'rect')
    .sort((a, b) => number(a, 'y') - number(b, 'y'))
    .map((rect) => titleOf(rect).replace(/: .*$/, ''));
const descriptionOf = (root: XmlElement) => textOf(elements(root, 'desc')[0] ?? root);
const texts = (root: XmlElement) => elements(root, 'text');

describe('renderRankedBars', () => {
  it('is one labelled, well-formed image without styles or scripts', () => {
    const { svg } = renderRankedBars(input);
    const root = assertAccessibleSvg(svg);
    assert.equal(
      root.attributes.get('aria-labelledby'),
      'bars-gcses-in-english-and-maths-2023-24-hartlepool-and-similar-councils-title ' +
        'bars-gcses-in-english-and-maths-2023-24-hartlepool-and-similar-councils-desc',
    );
    assert.equal(root.attributes.get('width'), '100%');
    assert.equal(root.attributes.get('height'), undefined);
    assert.match(root.attributes.get('class') ?? '', /\bapp-chart\b/);
  });

  it('sorts the bars best first, with one bar for each area with a value', () => {
    const root = assertAccessibleSvg(renderRankedBars(input).svg);
    assert.deepEqual(barOrder(root), bestFirst);
    const lower = assertAccessibleSvg(
      renderRankedBars({ ...input, polarity: 'lower-is-better' }).svg,
    );
    assert.deepEqual(barOrder(lower), [...bestFirst].reverse());
  });

  it('sorts a no-judgement metric by value, highest first, and says so', () => {
    const root = assertAccessibleSvg(renderRankedBars({ ...input, polarity: 'no-judgement' }).svg);
    assert.deepEqual(barOrder(root), bestFirst);
    assert.match(
      descriptionOf(root),
      /sorted from highest to lowest value; a higher value is neither better nor worse\./,
    );
    assert.match(
      descriptionOf(assertAccessibleSvg(renderRankedBars(input).svg)),
      /sorted best first: higher is better\./,
    );
  });

  it('marks the chosen area with colour, an outline, bold type and a ◆', () => {
    const root = withoutLegend(assertAccessibleSvg(renderRankedBars(input).svg));
    const chosen = elements(root, 'rect').filter((r) => titleOf(r).startsWith('Hartlepool'));
    assert.equal(chosen.length, 1);
    assert.equal(chosen[0]?.attributes.get('fill'), '#1d70b8');
    assert.equal(chosen[0]?.attributes.get('stroke'), '#0b0c0c');
    const others = elements(root, 'rect').filter((r) => !titleOf(r).startsWith('Hartlepool'));
    for (const rect of others) {
      assert.equal(rect.attributes.get('fill'), '#8e9499');
      assert.equal(rect.attributes.get('stroke'), undefined);
    }
    const label = texts(root).find((t) => textOf(t) === '◆ Hartlepool');
    assert.equal(label?.attributes.get('font-weight'), 'bold');
    assert.equal(texts(root).filter((t) => textOf(t).includes('◆')).length, 1);
    const value = texts(root).find((t) => textOf(t) === '66.0%');
    assert.equal(value?.attributes.get('font-weight'), 'bold');
  });

  it('labels every bar with its name and value', () => {
    const root = assertAccessibleSvg(renderRankedBars(input).svg);
    const drawn = texts(root).map(textOf);
    for (const name of bestFirst.filter((n) => n !== 'Hartlepool'))
      assert.ok(drawn.includes(name), name);
    for (const value of ['75.3%', '74.0%', '60.5%', '64.2%'])
      assert.ok(drawn.includes(value), value);
  });

  it('marks the group median with a labelled dashed line across the bars', () => {
    const root = withoutLegend(assertAccessibleSvg(renderRankedBars(input).svg));
    const dashed = elements(root, 'line').filter((l) => l.attributes.has('stroke-dasharray'));
    assert.equal(dashed.length, 1);
    const median = dashed[0];
    assert.ok(median);
    assert.equal(number(median, 'x1'), number(median, 'x2'));
    assert.ok(texts(root).some((t) => textOf(t) === 'Group median 70.0%'));
    // The median (70.0) falls between Darlington (70.2) and County Durham (69.8).
    const bar = (name: string) => elements(root, 'rect').find((r) => titleOf(r).startsWith(name));
    const end = (name: string) => {
      const rect = bar(name);
      return rect ? number(rect, 'x') + number(rect, 'width') : Number.NaN;
    };
    assert.ok(end('County Durham') < number(median, 'x1'));
    assert.ok(number(median, 'x1') < end('Darlington'));
  });

  it('lists areas without a value at the end, in words, without a bar', () => {
    const root = assertAccessibleSvg(renderRankedBars(input).svg);
    assert.equal(elements(root, 'rect').length, 14);
    for (const rect of elements(root, 'rect'))
      assert.doesNotMatch(titleOf(rect), /East Riding|North East Lincolnshire/);
    const drawn = texts(root).map(textOf);
    const lastBar = Math.max(
      ...elements(root, 'rect').map((r) => number(r, 'y') + number(r, 'height')),
    );
    for (const [name, reason] of [
      ['East Riding of Yorkshire', 'suppressed'],
      ['North East Lincolnshire', 'not available'],
    ] as const) {
      const label = texts(root).find((t) => textOf(t) === name);
      assert.ok(label && number(label, 'y') > lastBar, `${name} comes after the bars`);
      const word = texts(root).find(
        (t) => textOf(t) === reason && t.attributes.get('y') === label.attributes.get('y'),
      );
      assert.ok(word, `${name} is ${reason}`);
    }
    assert.ok(!drawn.some((t) => /NaN|null/.test(t)));
  });

  it('describes the chosen area, its rank and the median in plain English', () => {
    const root = assertAccessibleSvg(renderRankedBars(input).svg);
    assert.equal(
      descriptionOf(root),
      'Bar chart of 14 councils with a value, sorted best first: higher is better. ' +
        'Hartlepool ranks 11th of 14 councils with 66.0%; the group median is 70.0%. ' +
        '2 councils have no value and are listed at the end without a bar.',
    );
  });

  it('says when the chosen area shares its rank, or has no value', () => {
    const tied = areas.map((a) => (a.name === 'Gateshead' ? { ...a, value: 66.0 } : a));
    const root = assertAccessibleSvg(renderRankedBars({ ...input, areas: tied }).svg);
    assert.match(descriptionOf(root), /Hartlepool ranks joint 10th of 14 councils with 66\.0%/);
    const { svg, table } = renderRankedBars({ ...input, areas: tied, highlight: 'E06000011' });
    const missing = assertAccessibleSvg(svg);
    assert.match(
      descriptionOf(missing),
      /East Riding of Yorkshire has no value: suppressed\. The group median is 70\.0%\./,
    );
    const label = texts(missing).find((t) => textOf(t) === '◆ East Riding of Yorkshire');
    assert.equal(label?.attributes.get('font-weight'), 'bold');
    assert.deepEqual(
      table.rows.filter((r) => r.highlighted).map((r) => r.cells),
      [['East Riding of Yorkshire', 'not ranked', 'suppressed']],
    );
  });

  it('gives a data table in the order of the bars, with ranks and formatted values', () => {
    const tied = areas.map((a) => (a.name === 'Gateshead' ? { ...a, value: 66.0 } : a));
    const { table } = renderRankedBars({ ...input, areas: tied });
    assert.equal(table.caption, input.title);
    assert.deepEqual(table.columns, [
      { heading: 'Council', numeric: false },
      { heading: 'Rank', numeric: true },
      { heading: 'Value', numeric: true },
    ]);
    assert.equal(table.rows.length, 16);
    assert.deepEqual(table.rows[0], {
      cells: ['North Tyneside', '1', '75.3%'],
      highlighted: false,
      // The figure unrounded, for the table's download; none for a council not ranked.
      unrounded: [null, null, 75.3],
    });
    assert.deepEqual(table.rows.at(-1)?.unrounded, [null, null, null]);
    assert.deepEqual(
      table.rows.slice(9, 11).map((r) => [r.cells, r.highlighted]),
      [
        [['Hartlepool', '10 (joint)', '66.0%'], true],
        [['Gateshead', '10 (joint)', '66.0%'], false],
      ],
    );
    assert.deepEqual(
      table.rows.slice(-2).map((r) => r.cells),
      [
        ['East Riding of Yorkshire', 'not ranked', 'suppressed'],
        ['North East Lincolnshire', 'not ranked', 'not available'],
      ],
    );
  });

  it('labels bars with symbols only, and names a worded unit once', () => {
    const { svg, table } = renderRankedBars({
      ...input,
      format: { decimalPlaces: 1, unit: 'Rate per 10,000' },
    });
    const root = assertAccessibleSvg(svg);
    const drawn = texts(root).map(textOf);
    assert.ok(drawn.includes('75.3'));
    assert.ok(drawn.includes('Rate per 10,000'));
    assert.ok(drawn.includes('Group median 70.0'));
    assert.match(
      descriptionOf(root),
      /with 66\.0 per 10,000; the group median is 70\.0 per 10,000\./,
    );
    assert.equal(table.rows[0]?.cells[2], '75.3 per 10,000');
  });

  it('shortens a name too long for the label column, keeping it whole in the table', () => {
    const long = 'The Royal Borough of Somewhere Exceedingly Long-Named upon the River Thames';
    const named = areas.map((a) => (a.code === 'E08000022' ? { ...a, name: long } : a));
    const { svg, table } = renderRankedBars({ ...input, areas: named });
    const root = assertAccessibleSvg(svg);
    const label = texts(root).find((t) => textOf(t).startsWith('The Royal Borough'));
    assert.ok(label && textOf(label).endsWith('…') && textOf(label).length < long.length);
    assert.equal(table.rows[0]?.cells[0], long);
    const bar = elements(root, 'rect').find((r) => titleOf(r).startsWith(long));
    assert.ok(bar, 'the tooltip has the whole name');
  });

  it('escapes names for XML', () => {
    const { svg } = renderRankedBars(input);
    assert.match(svg, />Brighton &amp; Hove &lt;B&gt;<\/text>/);
    assert.match(svg, /<title>Brighton &amp; Hove &lt;B&gt;: 74\.0%<\/title>/);
    assert.doesNotMatch(svg.replace(/&(amp|lt|gt|quot|apos);/g, ''), /&/);
  });

  it('gives the same string for the same input, whatever order the areas come in', () => {
    const once = renderRankedBars(input);
    assert.deepEqual(renderRankedBars(structuredClone(input)), once);
    assert.deepEqual(renderRankedBars({ ...input, areas: [...areas].reverse() }), once);
  });

  it('draws negative values to the left of the zero line', () => {
    const changes = [figure('A', 'Up', 2.5), figure('B', 'Down', -1.5), figure('C', 'Level', 0)];
    const root = assertAccessibleSvg(
      renderRankedBars({
        ...input,
        areas: changes,
        highlight: null,
        format: { decimalPlaces: 1, unit: null },
      }).svg,
    );
    const zero = elements(root, 'line').find((l) => !l.attributes.has('stroke-dasharray'));
    assert.ok(zero);
    const down = elements(root, 'rect').find((r) => titleOf(r).startsWith('Down'));
    const up = elements(root, 'rect').find((r) => titleOf(r).startsWith('Up'));
    assert.ok(down && up);
    assert.equal(number(down, 'x') + number(down, 'width'), number(zero, 'x1'));
    assert.equal(number(up, 'x'), number(zero, 'x1'));
    const label = texts(root).find((t) => textOf(t) === '-1.5');
    assert.equal(label?.attributes.get('text-anchor'), 'end');
  });

  it('draws no bars and no median when no area has a value', () => {
    const empty = areas.map((a) => ({ ...a, value: null, status: 'not-available' as const }));
    const root = assertAccessibleSvg(renderRankedBars({ ...input, areas: empty }).svg);
    assert.equal(elements(root, 'rect').length, 0);
    assert.equal(elements(root, 'line').length, 0);
    assert.match(descriptionOf(root), /Bar chart of 0 councils with a value/);
    assert.match(descriptionOf(root), /Hartlepool has no value: not available\./);
  });

  it('refuses a chosen area that is not in the group, or an area given twice', () => {
    assert.throws(() => renderRankedBars({ ...input, highlight: 'E09000001' }), RangeError);
    assert.throws(
      () => renderRankedBars({ ...input, areas: [...areas, areas[0] as AreaFigure] }),
      RangeError,
    );
    assert.throws(() => renderRankedBars({ ...input, id: 'two words' }), RangeError);
  });

  describe('with hundreds of areas', () => {
    const many: AreaFigure[] = Array.from({ length: 320 }, (_, i) =>
      figure(`E07${String(i).padStart(6, '0')}`, `District ${i}`, 40 + ((i * 37) % 320) / 8),
    );
    const chosen = many[123] as AreaFigure;
    const dense: RankedBarsInput = { ...input, areas: many, highlight: chosen.code };

    it('draws every bar but labels only as many as fit, always the chosen area', () => {
      const root = assertAccessibleSvg(renderRankedBars(dense).svg);
      assert.equal(elements(root, 'rect').length, 320);
      const names = texts(root).filter((t) => t.attributes.get('text-anchor') === 'end');
      assert.ok(names.length > 10 && names.length < 40, `${names.length} name labels`);
      assert.ok(names.some((t) => textOf(t) === `◆ ${chosen.name}`));
      const ys = names.map((t) => number(t, 'y')).sort((a, b) => a - b);
      for (let i = 1; i < ys.length; i++)
        assert.ok((ys[i] ?? 0) - (ys[i - 1] ?? 0) >= 27.99, `labels ${i - 1} and ${i} crowd`);
      const chosenBar = elements(root, 'rect').find((r) => r.attributes.get('fill') === '#1d70b8');
      assert.ok(chosenBar && number(chosenBar, 'height') >= 8, 'the chosen bar stays visible');
    });

    it('labels every bar while each has room, up to 45', () => {
      const nameLabels = (n: number) =>
        texts(
          assertAccessibleSvg(
            renderRankedBars({ ...dense, areas: many.slice(0, n), highlight: null }).svg,
          ),
        ).filter((t) => t.attributes.get('text-anchor') === 'end').length;
      assert.equal(nameLabels(45), 45);
      assert.ok(nameLabels(46) < 46);
    });

    it('labels the best and worst', () => {
      const root = assertAccessibleSvg(renderRankedBars(dense).svg);
      const drawn = texts(root).map(visibleText);
      const sorted = [...many].sort(
        (a, b) => (b.value ?? 0) - (a.value ?? 0) || (a.code < b.code ? -1 : 1),
      );
      assert.ok(drawn.includes(sorted[0]?.name ?? ''));
      assert.ok(drawn.includes(sorted.at(-1)?.name ?? ''));
    });

    it('counts a long list of areas without a value in a sentence', () => {
      const gaps = many.map((a, i) =>
        i % 20 === 0 ? { ...a, value: null, status: 'suppressed' as const } : a,
      );
      const { svg, table } = renderRankedBars({ ...dense, areas: gaps });
      const root = assertAccessibleSvg(svg);
      assert.equal(elements(root, 'rect').length, 304);
      assert.ok(
        texts(root).some((t) => textOf(t) === '16 councils with no value are listed in the table.'),
      );
      assert.match(descriptionOf(root), /16 councils have no value and are listed in the table\./);
      assert.equal(table.rows.length, 320);
    });
  });

  describe('confidence intervals and England', () => {
    // Hartlepool's interval lies wholly below England (worse), Middlesbrough's straddles it
    // (similar), North Tyneside's lies above (better); the rest have none.
    const withIntervals: RankedBarsInput = {
      ...input,
      id: 'ranked-gcse',
      england: 68.0,
      areas: areas.map((a) =>
        a.code === 'E06000001'
          ? { ...a, value: 66.0, lci: 65.0, uci: 67.0 }
          : a.code === 'E06000002'
            ? { ...a, lci: 55.0, uci: 69.0 }
            : a.code === 'E08000022'
              ? { ...a, lci: 74.0, uci: 76.6 }
              : a,
      ),
    };
    const whiskers = (root: XmlElement) =>
      elements(withoutLegend(root), 'path').filter((p) =>
        /^M[\d.]+,[\d.]+H/.test(p.attributes.get('d') ?? ''),
      );

    it('draws a whisker from the lower to the upper limit wherever there is an interval', () => {
      const root = assertAccessibleSvg(renderRankedBars(withIntervals).svg);
      assert.equal(whiskers(root).length, 3);
      const plain = assertAccessibleSvg(renderRankedBars(input).svg);
      assert.equal(whiskers(plain).length, 0);
      // The value label sits beyond the whisker, not on it.
      const path = whiskers(root).find((p) => /H/.test(p.attributes.get('d') ?? ''));
      const right = Math.max(
        ...whiskers(root).map((p) => Number(/H([\d.]+)/.exec(p.attributes.get('d') ?? '')?.[1])),
      );
      assert.ok(path);
      const label = texts(root).find((t) => textOf(t) === '75.3%');
      assert.ok(label && number(label, 'x') > right);
    });

    it('draws England as a labelled solid line', () => {
      const root = withoutLegend(assertAccessibleSvg(renderRankedBars(withIntervals).svg));
      assert.ok(texts(root).some((t) => textOf(t) === 'England 68.0%'));
      const solid = elements(root, 'line').filter(
        (l) => !l.attributes.has('stroke-dasharray') && number(l, 'x1') === number(l, 'x2'),
      );
      assert.equal(solid.length, 2, 'the zero line and England');
      assert.match(descriptionOf(root), /England's value, 68\.0%, is drawn as a solid line/);
    });

    it('colours bars by the confidence-interval rule, with a pattern, a legend and a table column', () => {
      const chart = renderRankedBars(withIntervals);
      const root = assertAccessibleSvg(chart.svg);
      const fill = (name: string) =>
        elements(root, 'rect')
          .find((r) => titleOf(r).startsWith(name))
          ?.attributes.get('fill');
      assert.equal(fill('North Tyneside'), '#00703c');
      assert.equal(fill('Middlesbrough'), 'url(#ranked-gcse-similar)');
      assert.equal(fill('Hartlepool'), 'url(#ranked-gcse-worse)');
      assert.equal(fill('Darlington'), '#8e9499');
      const legend = elements(root, 'g').find(
        (g) => g.attributes.get('id') === 'ranked-gcse-legend',
      );
      assert.ok(legend);
      const words = elements(legend, 'text').map(textOf);
      for (const expected of [
        'Better than England',
        'Similar to England',
        'Worse than England',
        'Not compared: no confidence interval',
        '95% confidence interval',
        'England',
        'Group median (dashed)',
      ])
        assert.ok(words.includes(expected), expected);
      const headings = chart.table.columns.map((c) => c.heading);
      assert.deepEqual(headings.slice(3), [
        '95% confidence interval',
        'Compared with England (68.0%)',
      ]);
      const hartlepool = chart.table.rows.find((r) => r.cells[0] === 'Hartlepool');
      assert.deepEqual(hartlepool?.cells.slice(3), ['65.0% to 67.0%', 'Worse than England']);
      assert.match(
        descriptionOf(root),
        /1 better than England, 1 similar to England, 1 worse than England and 11 not compared \(no confidence interval\)\./,
      );
    });

    it('keeps the old colours when there is no England value to test against', () => {
      const root = assertAccessibleSvg(renderRankedBars({ ...withIntervals, england: null }).svg);
      assert.equal(
        elements(root, 'rect')
          .find((r) => titleOf(r).startsWith('Hartlepool'))
          ?.attributes.get('fill'),
        '#1d70b8',
      );
      assert.equal(whiskers(root).length, 3);
    });
  });

  describe('type', () => {
    const longNames: RankedBarsInput = {
      ...input,
      england: 69.5,
      areas: areas.map((a, i) => ({
        ...a,
        name:
          i % 2 === 0 ? `${a.name} Metropolitan Borough Council and Surrounding District` : a.name,
        lci: a.value === null ? null : a.value - 1,
        uci: a.value === null ? null : a.value + 1,
      })),
    };

    it('draws no label over another, even for long council names', () => {
      for (const chart of [input, longNames]) {
        const root = assertAccessibleSvg(renderRankedBars({ ...chart, id: 'ranked-gcse' }).svg);
        assertNoOverlap(textBoxes(root, textWidth));
      }
    });

    it('names the system font stack with no serif fallback, and no text under 12 px', () => {
      const root = assertAccessibleSvg(renderRankedBars(longNames).svg);
      assert.equal(root.attributes.get('font-family'), FONT_FAMILY);
      assert.doesNotMatch(FONT_FAMILY, /(^|[ ,])serif/);
      assert.match(FONT_FAMILY, /sans-serif$/);
      assertMinimumFontSize(root, 12);
    });
  });
});
