import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertAccessibleSvg,
  assertNoOverlap,
  elements,
  textBoxes,
  textOf,
} from './chart-assertions.ts';
import type { Figure } from './format.ts';
import { lineStyle, renderMultiLine, spreadLabels, type MultiLineInput } from './multi-line.ts';
import { textWidth } from './svg.ts';

const figures = (values: (number | Figure['status'])[]): Figure[] =>
  values.map((v) =>
    typeof v === 'number' ? { value: v, status: 'ok' } : { value: null, status: v },
  );

const periods = ['2019', '2020', '2021', '2022'].map((label) => ({ label }));

/** Ten councils ending within a tenth of a point of each other: their names must not collide. */
const crowded: MultiLineInput = {
  title: 'Employment rate, 2019 to 2022',
  format: { decimalPlaces: 1, unit: '%' },
  periods,
  lines: [
    ...Array.from({ length: 10 }, (_, i) => ({
      name: `Council number ${i + 1}`,
      values: figures([60 + i, 'suppressed', 70, 70 + i / 100]),
    })),
    { name: 'England', values: figures([75, 74, 75, 76]), reference: true },
  ],
};

describe('multi-line chart', () => {
  it('draws a line for each council and England, named at its end without overlaps', () => {
    const { svg } = renderMultiLine(crowded);
    const root = assertAccessibleSvg(svg);
    assert.equal(elements(root, 'path').filter((p) => p.attributes.has('stroke')).length, 11);
    const labels = elements(root, 'text').map(textOf);
    for (const line of crowded.lines) assert.ok(labels.includes(line.name), line.name);
    assertNoOverlap(textBoxes(root, textWidth));
  });

  it('describes every line in words, and gives the figures as a table', () => {
    const { svg, table } = renderMultiLine(crowded);
    const desc = textOf(elements(assertAccessibleSvg(svg), 'desc')[0] ?? assert.fail('no desc'));
    assert.match(
      desc,
      /Council number 1 \(blue solid line, circles\) went from 60\.0% in 2019 to 70\.0% in 2022/,
    );
    assert.match(desc, /England \(black dotted line\) went from 75\.0% in 2019 to 76\.0% in 2022/);
    assert.deepEqual(table.rows[0]?.cells, [
      'Council number 1',
      '60.0%',
      'suppressed',
      '70.0%',
      '70.0%',
    ]);
    assert.deepEqual(
      table.columns.map((c) => c.heading),
      ['Council', '2019', '2020', '2021', '2022'],
    );
  });

  it('tells lines apart by more than colour', () => {
    const styles = Array.from({ length: 10 }, (_, i) => lineStyle(i));
    const keys = new Set(styles.map((s) => `${s.marker} ${s.dash}`));
    assert.equal(keys.size, 8, 'marker and dash repeat only after eight lines');
    assert.equal(new Set(styles.map((s) => s.colour)).size, 10);
  });

  it('spreads labels apart and keeps them inside the plot', () => {
    assert.deepEqual(spreadLabels([100, 100, 100], 0, 300), [100, 116, 132]);
    assert.deepEqual(spreadLabels([295, 300], 0, 300), [284, 300]);
    assert.deepEqual(spreadLabels([-20], 0, 300), [0]);
  });

  it('refuses a line whose figures do not match the periods', () => {
    assert.throws(
      () =>
        renderMultiLine({
          ...crowded,
          lines: [{ name: 'Short', values: figures([1]) }],
        }),
      /Short has 1 figures for 4 periods/,
    );
  });
});
