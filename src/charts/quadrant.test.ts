import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertAccessibleSvg,
  assertMinimumFontSize,
  assertNoOverlap,
  elements,
  textBoxes,
  visibleText,
} from './chart-assertions.ts';
import type { QuadrantPoint } from './quadrant-maths.ts';
import { renderQuadrant, type QuadrantChartInput } from './quadrant.ts';
import { MIN_FONT, textWidth } from './svg.ts';

const points: QuadrantPoint[] = [
  { code: 'E1', name: 'Hartlepool', cost: 100, outcome: 70 },
  { code: 'E2', name: 'Darlington', cost: 80, outcome: 60 },
  { code: 'E3', name: 'Middlesbrough', cost: 140, outcome: 90 },
  { code: 'E4', name: 'Redcar and Cleveland', cost: 60, outcome: 95 },
  { code: 'E5', name: 'Stockton-on-Tees', cost: 120, outcome: 50 },
  { code: 'E6', name: 'Blackpool', cost: 'suppressed', outcome: 65 },
  { code: 'E7', name: 'Halton', cost: 90, outcome: 'not-compared' },
];

const input = (over: Partial<QuadrantChartInput> = {}): QuadrantChartInput => ({
  id: 'q',
  title: 'Spend against care leavers in work',
  cost: { title: 'Spend per child', period: '2023/24', format: { decimalPlaces: 0, unit: '£' } },
  outcome: {
    title: 'Care leavers in work',
    period: '2024',
    format: { decimalPlaces: 1, unit: '%' },
    polarity: 'higher-is-better',
  },
  points,
  highlight: 'E1',
  england: { cost: 110, outcome: 75 },
  ...over,
});

describe('renderQuadrant', () => {
  it('is an accessible image whose description says what it shows', () => {
    const { svg } = renderQuadrant(input());
    const root = assertAccessibleSvg(svg);
    assertMinimumFontSize(root, MIN_FONT);
    const desc = elements(root, 'desc')[0];
    assert.ok(desc);
    const words = visibleText(desc);
    assert.match(words, /^5 councils of the group drawn as points/);
    assert.match(words, /medians, £95 and 67\.5%/);
    assert.match(words, /Hartlepool: higher cost, better outcome/);
    assert.match(words, /2 without both figures are listed in the table only/);
  });

  it('names the four quadrants by the outcome’s polarity, and draws every placed council', () => {
    const higher = visibleText(assertAccessibleSvg(renderQuadrant(input()).svg));
    for (const name of ['Lower cost, better outcome', 'Higher cost, worse outcome'])
      assert.ok(higher.includes(name), name);
    const lower = renderQuadrant(
      input({ outcome: { ...input().outcome, polarity: 'lower-is-better' } }),
    );
    // Up is worse when lower is better: the top left corner is lower cost, worse outcome.
    assert.match(
      lower.svg,
      /font-style="italic" text-anchor="start" fill="#505a5f">Lower cost, worse outcome<\/text>/,
    );
    const unjudged = renderQuadrant(
      input({ outcome: { ...input().outcome, polarity: 'no-judgement' } }),
    );
    assert.match(unjudged.svg, />Lower cost, higher outcome</);
    const root = assertAccessibleSvg(higher === '' ? '' : renderQuadrant(input()).svg);
    assert.equal(elements(root, 'circle').length, 4, 'four dots beside the diamond');
    assert.equal(elements(root, 'path').length, 1, 'the chosen council is a diamond');
    assert.equal(elements(root, 'rect').length, 2, 'the frame and England’s square');
    const texts = elements(root, 'text').map(visibleText);
    assert.ok(texts.includes('Hartlepool'), 'the chosen council is named beside its diamond');
    assert.ok(
      texts.some((t) => t.includes('◆ Hartlepool.')),
      'and in the key',
    );
    assert.match(visibleText(root), /England/);
  });

  it('lists every council in its table with both figures and its quadrant, the chosen first', () => {
    const { table } = renderQuadrant(input());
    assert.deepEqual(
      table.columns.map((c) => c.heading),
      ['Council', 'Point', 'Spend per child (2023/24)', 'Care leavers in work (2024)', 'Quadrant'],
    );
    const byName = new Map(table.rows.map((r) => [r.cells[0], r.cells]));
    assert.equal(table.rows[0]?.cells[0], 'Hartlepool');
    assert.equal(table.rows[0]?.highlighted, true);
    assert.deepEqual(byName.get('Redcar and Cleveland'), [
      'Redcar and Cleveland',
      '4',
      '£60',
      '95.0%',
      'Lower cost, better outcome',
    ]);
    assert.deepEqual(byName.get('Stockton-on-Tees')?.[4], 'Higher cost, worse outcome');
    assert.deepEqual(byName.get('Blackpool')?.slice(1), [
      'not drawn',
      'suppressed',
      '65.0%',
      'Not placed: cost suppressed',
    ]);
    assert.deepEqual(byName.get('Halton')?.slice(3), [
      'not compared',
      'Not placed: outcome not compared in the period',
    ]);
    assert.deepEqual(byName.get("The group's median")?.slice(2, 4), ['£95', '67.5%']);
    assert.deepEqual(byName.get('England')?.slice(1, 4), ['square', '£110', '75.0%']);
    assert.equal(table.rows.length, points.length + 2);
    assert.deepEqual(table.rows.find((r) => r.cells[0] === 'Middlesbrough')?.unrounded, [
      null,
      null,
      140,
      90,
      null,
    ]);
  });

  it('keeps its labels apart when the councils are spread out', () => {
    const root = assertAccessibleSvg(renderQuadrant(input()).svg);
    assertNoOverlap(textBoxes(root, textWidth).filter((b) => b.text !== ''));
  });

  it('keeps every text inside the chart, however long the names', () => {
    const long = points.map((p) => ({ ...p, name: `${p.name} Metropolitan Borough Council` }));
    const root = assertAccessibleSvg(renderQuadrant(input({ points: long })).svg);
    const width = Number(root.attributes.get('viewBox')?.split(' ')[2]);
    for (const box of textBoxes(root, textWidth))
      assert.ok(box.left >= 0 && box.right <= width, `"${box.text}" runs off the chart`);
  });

  it('draws a group with no figures as an empty frame, saying why', () => {
    const none = input({
      points: [{ code: 'E1', name: 'Hartlepool', cost: 'not-available', outcome: 'not-available' }],
      england: { cost: 'not-available', outcome: 'suppressed' },
    });
    const { svg, table } = renderQuadrant(none);
    const root = assertAccessibleSvg(svg);
    assert.match(visibleText(elements(root, 'desc')[0] ?? root), /too few figures for medians/);
    assert.equal(elements(root, 'circle').length, 0);
    assert.equal(table.rows.at(-1)?.cells[1], 'not drawn');
  });
});
