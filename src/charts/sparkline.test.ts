import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAccessibleSvg, elements, textOf, type XmlElement } from './chart-assertions.ts';
import type { Figure } from './format.ts';
import { describeTrend, renderSparkline, type SparklineInput } from './sparkline.ts';

const figures = (values: (number | Figure['status'])[]): Figure[] =>
  values.map((v) =>
    typeof v === 'number' ? { value: v, status: 'ok' } : { value: null, status: v },
  );
const years = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ label: String(from + i) }));

const input: SparklineInput = {
  id: 'sparkline-employment-rate',
  caption: 'Employment rate, Hartlepool',
  format: { decimalPlaces: 1, unit: '%' },
  periods: years(2018, 2023),
  values: figures([63.9, 65.2, 64.8, 66.0, 68.4, 70.1]),
};

const titleOf = (root: XmlElement) => textOf(elements(root, 'title')[0] ?? root);
const runs = (root: XmlElement) =>
  (elements(root, 'path')[0]?.attributes.get('d') ?? '').split('M').filter(Boolean).length;

describe('renderSparkline', () => {
  it('is a small labelled image whose title describes the trend', () => {
    const { svg } = renderSparkline(input);
    const root = assertAccessibleSvg(svg);
    assert.equal(root.attributes.get('aria-labelledby'), 'sparkline-employment-rate-title');
    assert.equal(root.attributes.get('width'), '100');
    assert.equal(root.attributes.get('height'), '24');
    assert.equal(root.attributes.get('viewBox'), '0 0 100 24');
    assert.equal(titleOf(root), 'Rising from 63.9% in 2018 to 70.1% in 2023');
    assert.equal(elements(root, 'desc').length, 0);
  });

  it('draws one line through the figures and marks the latest', () => {
    const root = assertAccessibleSvg(renderSparkline(input).svg);
    assert.equal(runs(root), 1);
    const circles = elements(root, 'circle');
    assert.equal(circles.length, 1);
    assert.equal(circles[0]?.attributes.get('cx'), '97');
    assert.equal(circles[0]?.attributes.get('cy'), '3', 'the highest figure is at the top');
  });

  it('breaks the line at a missing figure and dots a figure between gaps', () => {
    const root = assertAccessibleSvg(
      renderSparkline({
        ...input,
        values: figures([63.9, 65.2, 'suppressed', 66.0, 'not-available', 70.1]),
      }).svg,
    );
    assert.equal(runs(root), 1, 'only 2018-2019 makes a line');
    assert.equal(elements(root, 'circle').length, 2, 'a dot for 2021 and the latest');
    assert.equal(
      titleOf(root),
      'Rising from 63.9% in 2018 to 70.1% in 2023; no figure for 2020 and 2022',
    );
  });

  it('says falling, level, one figure or none', () => {
    const format = input.format;
    const labels = ['2019', '2020', '2021'];
    assert.equal(
      describeTrend(labels, figures([70.1, 69, 63.9]), format),
      'Falling from 70.1% in 2019 to 63.9% in 2021',
    );
    assert.equal(
      describeTrend(labels, figures([70.12, 75, 70.08]), format),
      'Level at 70.1% from 2019 to 2021',
    );
    assert.equal(
      describeTrend(labels, figures(['suppressed', 70.1, 'suppressed']), format),
      'One figure: 70.1% in 2020; no figure for 2019 and 2021',
    );
    assert.equal(
      describeTrend(labels, figures(['suppressed', 'suppressed', 'not-available']), format),
      'No figures to show',
    );
  });

  it('draws an empty sparkline when there is nothing to draw', () => {
    const root = assertAccessibleSvg(
      renderSparkline({
        ...input,
        values: figures([
          'suppressed',
          'suppressed',
          'suppressed',
          'suppressed',
          'suppressed',
          'suppressed',
        ]),
      }).svg,
    );
    assert.equal(elements(root, 'path').length + elements(root, 'circle').length, 0);
    assert.equal(titleOf(root), 'No figures to show');
  });

  it('keeps a flat line in the middle', () => {
    const root = assertAccessibleSvg(
      renderSparkline({ ...input, values: figures([5, 5, 5, 5, 5, 5]) }).svg,
    );
    assert.match(elements(root, 'path')[0]?.attributes.get('d') ?? '', /^M3,12L/);
    assert.equal(titleOf(root), 'Level at 5.0% from 2018 to 2023');
  });

  it('shows only the latest ten periods, in the image and the table', () => {
    const periods = years(2010, 2023);
    const { svg, table } = renderSparkline({
      ...input,
      periods,
      values: figures(periods.map((_, i) => 60 + i)),
    });
    assert.equal(titleOf(assertAccessibleSvg(svg)), 'Rising from 64.0% in 2014 to 73.0% in 2023');
    assert.equal(table.rows.length, 10);
    assert.deepEqual(table.rows[0]?.cells, ['2014', '64.0%']);
  });

  it('gives a data table of the figures', () => {
    const { table } = renderSparkline({
      ...input,
      values: figures([63.9, 65.2, 'suppressed', 66.0, 68.4, 70.1]),
    });
    assert.equal(table.caption, 'Employment rate, Hartlepool');
    assert.deepEqual(table.columns, [
      { heading: 'Period', numeric: false },
      { heading: 'Value', numeric: true },
    ]);
    assert.deepEqual(table.rows[2], { cells: ['2020', 'suppressed'], highlighted: false });
  });

  it('escapes, is deterministic, and refuses bad input', () => {
    const { svg } = renderSparkline({
      ...input,
      periods: years(2018, 2023).map((p) => ({ label: `${p.label} <&>` })),
    });
    assert.match(svg, /in 2018 &lt;&amp;&gt; to/);
    assert.equal(renderSparkline(structuredClone(input)).svg, renderSparkline(input).svg);
    assert.throws(() => renderSparkline({ ...input, id: 'not an id' }), RangeError);
    assert.throws(() => renderSparkline({ ...input, values: figures([1]) }), RangeError);
  });
});
