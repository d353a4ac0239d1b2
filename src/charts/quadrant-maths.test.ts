import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupStatistics } from '../comparison/statistics.ts';
import {
  median,
  outcomeJudgement,
  placeInQuadrants,
  placementWords,
  placeWords,
  quadrantsInOrder,
  type QuadrantPoint,
} from './quadrant-maths.ts';

const point = (code: string, cost: QuadrantPoint['cost'], outcome: QuadrantPoint['outcome']) => ({
  code,
  name: code,
  cost,
  outcome,
});

describe('quadrant maths', () => {
  it('takes the median as the group statistics do, odd or even, in any order', () => {
    assert.equal(median([]), null);
    assert.equal(median([7]), 7);
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    for (const values of [
      [10.5, 3, 99, 42, 7],
      [1, 1, 1, 2],
      [-3, 8, 0.25, 12, 5, 5],
    ])
      assert.equal(median(values), groupStatistics(values)?.median, values.join(','));
  });

  it('places each council against both medians, over the councils with a figure on each', () => {
    const { medians, placements } = placeInQuadrants([
      point('A', 10, 80),
      point('B', 20, 60),
      point('C', 30, 70),
      point('D', 40, 90),
      // Only its cost counts towards a median: 25 is the cost median of five.
      point('E', 25, 'suppressed'),
    ]);
    assert.deepEqual(medians, { cost: 25, outcome: 75 });
    assert.deepEqual(placements, [
      { kind: 'placed', cost: 'lower', outcome: 'higher' },
      { kind: 'placed', cost: 'lower', outcome: 'lower' },
      { kind: 'placed', cost: 'higher', outcome: 'lower' },
      { kind: 'placed', cost: 'higher', outcome: 'higher' },
      { kind: 'missing', cost: null, outcome: 'suppressed' },
    ]);
  });

  it('puts a council on a median in no quadrant, and says which median', () => {
    const { placements } = placeInQuadrants([point('A', 1, 1), point('B', 2, 2), point('C', 3, 3)]);
    assert.deepEqual(placements[1], { kind: 'placed', cost: 'median', outcome: 'median' });
    assert.equal(placeWords('median', 'higher', 'higher-is-better'), 'Median cost, better outcome');
  });

  it('types every missing figure, never NaN, and has no medians without figures', () => {
    const { medians, placements } = placeInQuadrants([
      point('A', 'not-compared', 'not-available'),
      point('B', Number.NaN, 'no-value'),
    ]);
    assert.deepEqual(medians, { cost: null, outcome: null });
    assert.deepEqual(placements[0], {
      kind: 'missing',
      cost: 'not-compared',
      outcome: 'not-available',
    });
    assert.equal(
      placementWords(
        placements[0] ?? { kind: 'placed', cost: 'lower', outcome: 'lower' },
        'no-judgement',
      ),
      'Not placed: cost not compared in the period, outcome not available',
    );
    assert.equal(placeInQuadrants([]).placements.length, 0);
  });

  it('names the outcome by its polarity: better or worse when judged, else higher or lower', () => {
    assert.equal(outcomeJudgement('higher', 'higher-is-better'), 'better');
    assert.equal(outcomeJudgement('higher', 'lower-is-better'), 'worse');
    assert.equal(outcomeJudgement('lower', 'lower-is-better'), 'better');
    assert.equal(outcomeJudgement('lower', 'no-judgement'), null);
    assert.equal(placeWords('lower', 'lower', 'lower-is-better'), 'Lower cost, better outcome');
    assert.equal(placeWords('higher', 'lower', 'higher-is-better'), 'Higher cost, worse outcome');
    assert.equal(placeWords('lower', 'higher', 'no-judgement'), 'Lower cost, higher outcome');
  });

  it('orders the quadrants lower cost and better outcome first', () => {
    const words = (polarity: 'higher-is-better' | 'lower-is-better') =>
      quadrantsInOrder(polarity).map((q) => placeWords(q.cost, q.outcome, polarity));
    const expected = [
      'Lower cost, better outcome',
      'Higher cost, better outcome',
      'Lower cost, worse outcome',
      'Higher cost, worse outcome',
    ];
    assert.deepEqual(words('higher-is-better'), expected);
    assert.deepEqual(words('lower-is-better'), expected);
  });
});
