import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertAccessibleSvg,
  assertMinimumFontSize,
  assertNoOverlap,
  elements,
  textBoxes,
  textOf,
  type XmlElement,
} from './chart-assertions.ts';
import { FONT_FAMILY, textWidth } from './svg.ts';
import type { Figure } from './format.ts';
import { renderTimeSeries, type TimeSeriesInput } from './time-series.ts';

const figures = (values: (number | Figure['status'])[]): Figure[] =>
  values.map((v) =>
    typeof v === 'number' ? { value: v, status: 'ok' } : { value: null, status: v },
  );

const periods = [
  '2015/16',
  '2016/17',
  '2017/18',
  '2018/19',
  '2019/20',
  '2020/21',
  '2021/22',
  '2022/23',
  '2023/24',
].map((label) => ({ label }));

const input: TimeSeriesInput = {
  title: 'Claimant count: Hartlepool & similar councils <2015 to 2024>',
  format: { decimalPlaces: 1, unit: '%' },
  periods,
  area: {
    name: 'Hartlepool',
    values: figures([5.1, 4.8, 4.9, 5.3, 'suppressed', 7.9, 6.2, 5.0, 5.2]),
  },
  groupMedian: {
    name: 'Group median',
    values: figures([3.9, 3.6, 3.7, 4.0, 4.1, 6.5, 5.0, 4.2, 4.3]),
  },
  england: { name: 'England', values: figures([2.1, 2.0, 2.1, 2.5, 2.9, 5.4, 4.2, 3.6, 4.2]) },
};

const number = (element: XmlElement, attribute: string) =>
  Number(element.attributes.get(attribute));
const descriptionOf = (root: XmlElement) => textOf(elements(root, 'desc')[0] ?? root);
const lines = (root: XmlElement) =>
  elements(root, 'path').filter((p) => p.attributes.get('fill') === 'none');
const markerGroups = (root: XmlElement) =>
  elements(root, 'g').filter((g) => g.attributes.get('stroke') === '#ffffff');
const texts = (root: XmlElement) => elements(root, 'text').map(textOf);
/** The x of each point a path passes through, split into its separately drawn runs. */
const runs = (path: XmlElement) =>
  (path.attributes.get('d') ?? '')
    .split('M')
    .filter(Boolean)
    .map((run) => run.split('L').map((point) => Number(point.split(',')[0])));

describe('renderTimeSeries', () => {
  it('is one labelled, well-formed image without styles or scripts', () => {
    const root = assertAccessibleSvg(renderTimeSeries(input).svg);
    assert.match(
      root.attributes.get('aria-labelledby') ?? '',
      /^trend-claimant-count-hartlepool-similar-councils-2015-to-2024-title /,
    );
  });

  it('tells the lines apart by dash and marker shape as well as colour', () => {
    const root = assertAccessibleSvg(renderTimeSeries(input).svg);
    const [area, median, england] = lines(root);
    assert.ok(area && median && england);
    assert.equal(area.attributes.get('stroke-dasharray'), undefined);
    assert.equal(median.attributes.get('stroke-dasharray'), '8 4');
    assert.equal(england.attributes.get('stroke-dasharray'), '2 3');
    assert.equal(new Set([area, median, england].map((l) => l.attributes.get('stroke'))).size, 3);
    const [areaMarkers, medianMarkers, englandMarkers] = markerGroups(root);
    const shapes = (g: XmlElement | undefined) =>
      new Set((g?.children ?? []).flatMap((c) => (typeof c === 'string' ? [] : [c.name])));
    assert.deepEqual(shapes(areaMarkers), new Set(['circle']));
    assert.deepEqual(shapes(medianMarkers), new Set(['rect']));
    assert.deepEqual(shapes(englandMarkers), new Set(['path']));
  });

  it('leaves a gap for a missing figure instead of joining across it', () => {
    const root = assertAccessibleSvg(renderTimeSeries(input).svg);
    const [area, median] = lines(root);
    assert.ok(area && median);
    const areaRuns = runs(area);
    assert.equal(areaRuns.length, 2);
    assert.deepEqual(
      areaRuns.map((r) => r.length),
      [4, 4],
    );
    const medianRuns = runs(median);
    assert.equal(medianRuns.length, 1);
    const missingX = medianRuns[0]?.[4];
    assert.ok(!areaRuns.flat().includes(missingX ?? Number.NaN), 'no point at the missing period');
    const [areaMarkers] = markerGroups(root);
    assert.equal(elements(areaMarkers ?? root, 'circle').length, 8);
  });

  it('shows a figure between two gaps as a lone marker', () => {
    const root = assertAccessibleSvg(
      renderTimeSeries({
        ...input,
        area: {
          name: 'Hartlepool',
          values: figures([5.1, 'suppressed', 4.9, 'not-available', 5.2, 5.0, 4.8, 4.7, 4.6]),
        },
      }).svg,
    );
    const area = lines(root)[0];
    assert.ok(area);
    assert.deepEqual(
      runs(area).map((r) => r.length),
      [5],
    );
    assert.equal(elements(markerGroups(root)[0] ?? root, 'circle').length, 7);
  });

  it('names each line at its end, beside a sample of its style, instead of a legend', () => {
    const root = assertAccessibleSvg(renderTimeSeries(input).svg);
    const names = elements(root, 'text').filter((t) =>
      ['Hartlepool', 'Group median', 'England'].includes(textOf(t)),
    );
    assert.equal(names.length, 3);
    const areaLine = lines(root)[0];
    const lastX = Math.max(...runs(areaLine ?? root).flat());
    for (const name of names)
      assert.ok(number(name, 'x') > lastX, `${textOf(name)} is right of the lines`);
    assert.equal(
      names.find((t) => textOf(t) === 'Hartlepool')?.attributes.get('font-weight'),
      'bold',
    );
    const samples = elements(root, 'line').filter((l) => l.attributes.get('fill') === 'none');
    assert.deepEqual(
      samples.map((l) => l.attributes.get('stroke-dasharray')),
      [undefined, '8 4', '2 3'],
    );
  });

  it('keeps end labels apart when the lines end together', () => {
    const same = figures([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const root = assertAccessibleSvg(
      renderTimeSeries({
        ...input,
        area: { name: 'Hartlepool', values: same },
        groupMedian: { name: 'Group median', values: same },
        england: { name: 'England', values: same },
      }).svg,
    );
    const ys = elements(root, 'text')
      .filter((t) => ['Hartlepool', 'Group median', 'England'].includes(textOf(t)))
      .map((t) => number(t, 'y'))
      .sort((a, b) => a - b);
    assert.equal(ys.length, 3);
    assert.ok((ys[1] ?? 0) - (ys[0] ?? 0) >= 16 && (ys[2] ?? 0) - (ys[1] ?? 0) >= 16);
    assert.ok((ys[2] ?? 0) <= 340);
  });

  it('starts a percentage axis near zero at zero, with round ticks', () => {
    const drawn = texts(assertAccessibleSvg(renderTimeSeries(input).svg));
    for (const tick of ['0%', '2%', '4%', '6%', '8%']) assert.ok(drawn.includes(tick), tick);
  });

  it('fits the axis to values far from zero', () => {
    const high = (v: number[]) => figures(v);
    const root = assertAccessibleSvg(
      renderTimeSeries({
        ...input,
        area: { name: 'Hartlepool', values: high([61, 62, 63, 64, 65, 66, 67, 68, 69]) },
        groupMedian: { name: 'Group median', values: high([64, 64, 65, 65, 66, 66, 67, 67, 70]) },
        england: null,
      }).svg,
    );
    const drawn = texts(root);
    assert.ok(!drawn.includes('0%'));
    assert.ok(drawn.includes('60%') && drawn.includes('70%'));
    assert.ok(!drawn.includes('England'));
    assert.equal(lines(root).length, 2);
  });

  it('names a worded unit once above the axis', () => {
    const root = assertAccessibleSvg(
      renderTimeSeries({ ...input, format: { decimalPlaces: 1, unit: 'Rate per 10,000' } }).svg,
    );
    const drawn = texts(root);
    assert.ok(drawn.includes('Rate per 10,000'));
    assert.ok(drawn.includes('8'));
    assert.match(descriptionOf(root), /from 5\.1 per 10,000 in 2015\/16/);
  });

  it('labels periods, thinning them when crowded but always keeping the latest', () => {
    const nine = texts(assertAccessibleSvg(renderTimeSeries(input).svg));
    assert.ok(nine.includes('2023/24'));
    const years = Array.from({ length: 30 }, (_, i) => ({ label: String(1995 + i) }));
    const series = (offset: number) => figures(years.map((_, i) => offset + i / 10));
    const root = assertAccessibleSvg(
      renderTimeSeries({
        ...input,
        periods: years,
        area: { name: 'Hartlepool', values: series(70) },
        groupMedian: { name: 'Group median', values: series(71) },
        england: { name: 'England', values: series(72) },
      }).svg,
    );
    const shown = years.filter((y) => texts(root).includes(y.label));
    assert.ok(shown.length > 4 && shown.length < 30, `${shown.length} period labels`);
    assert.ok(texts(root).includes('2024'));
    const xs = elements(root, 'text')
      .filter((t) => /^\d{4}$/.test(textOf(t)))
      .map((t) => number(t, 'x'));
    for (let i = 1; i < xs.length; i++) assert.ok((xs[i] ?? 0) - (xs[i - 1] ?? 0) >= 40);
  });

  it('describes each line, its style and its gaps in plain English', () => {
    const root = assertAccessibleSvg(renderTimeSeries(input).svg);
    assert.equal(
      descriptionOf(root),
      'Line chart from 2015/16 to 2023/24. ' +
        'Hartlepool (solid line, circles) went from 5.1% in 2015/16 to 5.2% in 2023/24; no figure for 2019/20 (suppressed). ' +
        'Group median (dashed line, squares) went from 3.9% in 2015/16 to 4.3% in 2023/24. ' +
        'England (dotted line, triangles) went from 2.1% in 2015/16 to 4.2% in 2023/24.',
    );
  });

  it('gives a data table with a row for each period and a column for each line', () => {
    const { table } = renderTimeSeries(input);
    assert.equal(table.caption, input.title);
    assert.deepEqual(table.columns, [
      { heading: 'Period', numeric: false },
      { heading: 'Hartlepool', numeric: true },
      { heading: 'Group median', numeric: true },
      { heading: 'England', numeric: true },
    ]);
    assert.equal(table.rows.length, 9);
    assert.deepEqual(table.rows[4]?.cells, ['2019/20', 'suppressed', '4.1%', '2.9%']);
    assert.deepEqual(table.rows[8]?.cells, ['2023/24', '5.2%', '4.3%', '4.2%']);
  });

  it('draws one period, or a line with no figures, without failing', () => {
    const one = renderTimeSeries({
      ...input,
      periods: [{ label: '2023/24' }],
      area: { name: 'Hartlepool', values: figures([5.2]) },
      groupMedian: null,
      england: { name: 'England', values: figures(['not-available']) },
    });
    const root = assertAccessibleSvg(one.svg);
    assert.equal(lines(root).length, 0);
    assert.equal(elements(root, 'circle').length, 2, 'the point and its label sample');
    assert.equal(
      descriptionOf(root),
      'Line chart for 2023/24. Hartlepool (solid line, circles) has one figure, 5.2% in 2023/24. England has no figures.',
    );
  });

  it('escapes text and gives the same string for the same input', () => {
    const { svg } = renderTimeSeries(input);
    assert.match(
      svg,
      /<title id="[^"]+">Claimant count: Hartlepool &amp; similar councils &lt;2015 to 2024&gt;<\/title>/,
    );
    assert.equal(renderTimeSeries(structuredClone(input)).svg, svg);
  });

  it('refuses a series whose figures do not match the periods', () => {
    assert.throws(
      () => renderTimeSeries({ ...input, england: { name: 'England', values: figures([1, 2]) } }),
      /England has 2 figures for 9 periods/,
    );
    assert.throws(
      () => renderTimeSeries({ ...input, periods: [], area: { name: 'A', values: [] } }),
      RangeError,
    );
  });

  describe('confidence intervals and labels', () => {
    const withIntervals: TimeSeriesInput = {
      ...input,
      area: {
        ...input.area,
        values: input.area.values.map((v) =>
          v.value === null ? v : { ...v, lci: v.value - 0.6, uci: v.value + 0.7 },
        ),
      },
    };
    const whiskers = (root: XmlElement) =>
      elements(root, 'path').filter((p) => /^M[\d.]+,[\d.]+V/.test(p.attributes.get('d') ?? ''));

    it("draws a whisker for each of the area's figures that has an interval, with a key", () => {
      const chart = renderTimeSeries(withIntervals);
      const root = assertAccessibleSvg(chart.svg);
      // One per figure (8 of 9 periods, one suppressed) and one in the key.
      assert.equal(whiskers(root).length, 9);
      assert.equal(whiskers(assertAccessibleSvg(renderTimeSeries(input).svg)).length, 0);
      assert.ok(texts(root).includes('95% confidence interval of Hartlepool'));
      assert.match(descriptionOf(root), /Vertical bars show the 95% confidence interval/);
      assert.equal(chart.table.columns[2]?.heading, 'Hartlepool: 95% confidence interval');
      assert.equal(chart.table.rows[0]?.cells[2], '4.5% to 5.8%');
      assert.equal(chart.table.rows[4]?.cells[2], 'none');
      // The 2020/21 whisker reaches 8.6%, above every value: the axis covers it.
      const top = Math.min(
        ...whiskers(root).map((p) => Number(/V([\d.]+)/.exec(p.attributes.get('d') ?? '')?.[1])),
      );
      assert.ok(top >= 0);
    });

    it('wraps long end labels and keeps every label clear of every other', () => {
      const close = figures([5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0]);
      const crowded: TimeSeriesInput = {
        ...withIntervals,
        area: { name: 'Kingston upon Hull, City of, Metropolitan Borough', values: close },
        groupMedian: { name: 'Median of the nearest statistical neighbours', values: close },
        england: { name: 'England', values: close },
      };
      const root = assertAccessibleSvg(renderTimeSeries(crowded).svg);
      assertNoOverlap(textBoxes(root, textWidth));
      assert.ok(
        texts(root)
          .filter((t) => t.length > 0)
          .every((t) => textWidth(t, 13) <= 150 || !t.includes(' ')),
      );
      assert.equal(root.attributes.get('font-family'), FONT_FAMILY);
      assertMinimumFontSize(root, 12);
    });
  });
});
