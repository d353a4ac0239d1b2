import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDotPlot, shownRows, type DotPlotRow } from './dot-plot.ts';
import { MIN_FONT } from './svg.ts';

const rows = (n: number): DotPlotRow[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `Council ${i + 1}`,
    value: n - i,
    rank: String(i + 1),
  }));

const format = { decimalPlaces: 0, unit: '£' };

describe('renderDotPlot', () => {
  it('labels every council of a short ranking', () => {
    const svg = renderDotPlot({ title: 'Tax', format, rows: rows(20), england: null });
    for (let i = 1; i <= 20; i++) assert.match(svg, new RegExp(`>${i}\\. Council ${i}</text>`));
    assert.equal((svg.match(/<circle/g) ?? []).length, 20);
  });

  it('draws both ends of a long ranking, every dot labelled, and counts those between', () => {
    const svg = renderDotPlot({ title: 'Tax', format, rows: rows(300), england: 150 });
    assert.equal((svg.match(/<circle/g) ?? []).length, 30);
    assert.match(svg, />1\. Council 1<\/text>/);
    assert.match(svg, />15\. Council 15<\/text>/);
    assert.doesNotMatch(svg, />16\. Council 16<\/text>/);
    assert.match(svg, />286\. Council 286<\/text>/);
    assert.match(svg, />300\. Council 300<\/text>/);
    assert.match(svg, /… 270 more in the table/);
    assert.match(svg, />England £150<\/text>/);
    assert.match(svg, /<desc[^>]*>The top 15 and bottom 15 of 300 councils/);
  });

  it('never draws text smaller than the minimum, and labels never share a row', () => {
    const svg = renderDotPlot({ title: 'Tax', format, rows: rows(300), england: 150 });
    const sizes = [...svg.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1]));
    assert.ok(
      sizes.every((s) => s >= MIN_FONT),
      sizes.join(','),
    );
    const labelYs = [...svg.matchAll(/<text x="250" y="([\d.]+)"/g)].map((m) => Number(m[1]));
    const gaps = labelYs.slice(1).map((y, i) => y - (labelYs[i] ?? 0));
    assert.ok(
      gaps.every((g) => g >= 13 + 4),
      gaps.join(','),
    );
  });

  it('keeps the England label inside the chart when the line is near the right edge', () => {
    const pence = { decimalPlaces: 2, unit: '£' };
    const svg = renderDotPlot({ title: 'Tax', format: pence, rows: rows(10), england: 1965.71 });
    assert.match(
      svg,
      /dx="-4" font-size="12" text-anchor="end" fill="#0b0c0c">England £1,965\.71<\/text>/,
    );
    const middle = renderDotPlot({ title: 'Tax', format, rows: rows(10), england: 5 });
    assert.match(middle, /dx="4" font-size="12" fill="#0b0c0c">England £5<\/text>/);
  });

  it('shows a ranking a little over the limit whole rather than hide two councils', () => {
    assert.deepEqual(shownRows(rows(32)).omitted, 0);
    assert.deepEqual(shownRows(rows(33)).omitted, 3);
  });
});
