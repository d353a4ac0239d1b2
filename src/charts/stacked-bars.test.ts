import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderStackedBars } from './stacked-bars.ts';

const input = {
  title: 'Direction of travel by theme',
  description: 'Counts of measures.',
  unit: 'measures',
  rowHeading: 'Theme',
  series: [
    { name: 'Improved', fill: '#00703c', lightText: true },
    { name: 'Worsened', fill: '#d4351c', lightText: true },
  ],
  bars: [
    { label: 'Economy', counts: [3, 1] },
    { label: 'Health', counts: [0, 8] },
  ],
};

describe('renderStackedBars', () => {
  it('draws a labelled image with a segment per non-zero count, on one scale', () => {
    const { svg } = renderStackedBars(input);
    assert.match(
      svg,
      /role="img" aria-labelledby="stacked-bars-direction-of-travel-by-theme-title/,
    );
    const widths = [
      ...svg.matchAll(/<rect x="[\d.]+" y="(?:3[4-9]|[4-9]\d)[\d.]*" width="([\d.]+)"/g),
    ].map((m) => Number(m[1]));
    // Economy's 3 and 1, Health's 8 (its 0 draws nothing): widths in proportion to counts.
    assert.equal(widths.length, 3);
    assert.ok(Math.abs((widths[0] ?? 0) / (widths[2] ?? 1) - 3 / 8) < 0.01, String(widths));
  });

  it('gives every count, and the totals, in its table', () => {
    const { table } = renderStackedBars(input);
    assert.deepEqual(
      table.columns.map((c) => c.heading),
      ['Theme', 'Improved', 'Worsened', 'All measures'],
    );
    assert.deepEqual(
      table.rows.map((r) => r.cells),
      [
        ['Economy', '3', '1', '4'],
        ['Health', '0', '8', '8'],
      ],
    );
  });

  it('escapes labels', () => {
    const { svg } = renderStackedBars({ ...input, bars: [{ label: 'A & <B>', counts: [1, 1] }] });
    assert.match(svg, /A &amp; &lt;B&gt;/);
  });
});
