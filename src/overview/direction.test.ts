import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  baselinePeriod,
  directionOf,
  tally,
  tallyBy,
  type Figure,
  type Rule,
} from './direction.ts';

const rule: Rule = {
  polarity: 'higher-is-better',
  useIntervals: true,
  tolerance: { relative: 0.02 },
  methodChanges: [],
};
const figure = (period: string, value: number, lci: number | null = null, uci = lci): Figure => ({
  period,
  value,
  lci,
  uci,
});
const y2016 = '2016-01-01/P1Y';
const y2023 = '2023-01-01/P1Y';

describe('directionOf', () => {
  it('counts a rise beyond the tolerance as improved when higher is better', () => {
    assert.deepEqual(directionOf(figure(y2016, 50), figure(y2023, 51.1), rule), {
      direction: 'improved',
      decidedBy: 'tolerance',
    });
  });

  it('counts the same rise as worsened when lower is better', () => {
    const lower = { ...rule, polarity: 'lower-is-better' as const };
    assert.equal(directionOf(figure(y2016, 50), figure(y2023, 51.1), lower).direction, 'worsened');
    assert.equal(directionOf(figure(y2016, 50), figure(y2023, 48.9), lower).direction, 'improved');
  });

  it('counts a change within 2% of the baseline as no change', () => {
    assert.equal(directionOf(figure(y2016, 50), figure(y2023, 51), rule).direction, 'no-change');
    assert.equal(directionOf(figure(y2016, 50), figure(y2023, 49), rule).direction, 'no-change');
  });

  it('takes an absolute tolerance in the measure’s unit', () => {
    const absolute = { ...rule, tolerance: { absolute: 5 } };
    assert.equal(
      directionOf(figure(y2016, 50), figure(y2023, 54), absolute).direction,
      'no-change',
    );
    assert.equal(directionOf(figure(y2016, 50), figure(y2023, 56), absolute).direction, 'improved');
  });

  it('lets intervals decide when both figures have them: overlapping is no change', () => {
    const overlapping = directionOf(figure(y2016, 50, 45, 55), figure(y2023, 56, 54, 58), rule);
    assert.deepEqual(overlapping, { direction: 'no-change', decidedBy: 'intervals' });
    const apart = directionOf(figure(y2016, 50, 49, 51), figure(y2023, 50.8, 51.5, 52), rule);
    assert.deepEqual(apart, { direction: 'improved', decidedBy: 'intervals' });
    const down = directionOf(figure(y2016, 50, 49, 51), figure(y2023, 47, 46, 48), rule);
    assert.equal(down.direction, 'worsened');
  });

  it('falls back to the tolerance when one figure has no interval, or intervals are off', () => {
    const half = directionOf(figure(y2016, 50, 45, 55), figure(y2023, 56), rule);
    assert.deepEqual(half, { direction: 'improved', decidedBy: 'tolerance' });
    const off = { ...rule, useIntervals: false };
    const ignored = directionOf(figure(y2016, 50, 45, 55), figure(y2023, 56, 54, 58), off);
    assert.deepEqual(ignored, { direction: 'improved', decidedBy: 'tolerance' });
  });

  it('says why a measure cannot be compared', () => {
    const reason = (outcome: ReturnType<typeof directionOf>) =>
      outcome.direction === 'not-comparable' ? outcome.reason : outcome.direction;
    assert.equal(reason(directionOf(null, figure(y2023, 1), rule)), 'no-baseline');
    assert.equal(reason(directionOf(figure(y2016, 1), null, rule)), 'no-latest');
    assert.equal(reason(directionOf(figure(y2016, 1), figure(y2016, 2), rule)), 'no-later-period');
    const none = { ...rule, polarity: 'no-judgement' as const };
    assert.equal(reason(directionOf(figure(y2016, 1), figure(y2023, 2), none)), 'no-judgement');
    const changed = { ...rule, methodChanges: ['2020-01-01'] };
    assert.equal(reason(directionOf(figure(y2016, 1), figure(y2023, 2), changed)), 'method-change');
    // A change before the baseline, or after the latest, does not break the comparison.
    const earlier = { ...rule, methodChanges: ['2016-01-01', '2024-01-01'] };
    assert.equal(reason(directionOf(figure(y2016, 1), figure(y2023, 2), earlier)), 'improved');
  });

  it('treats a zero baseline with a relative tolerance as changed by any movement', () => {
    assert.equal(directionOf(figure(y2016, 0), figure(y2023, 0), rule).direction, 'no-change');
    assert.equal(directionOf(figure(y2016, 0), figure(y2023, 1), rule).direction, 'improved');
  });
});

describe('baselinePeriod', () => {
  const periods = ['2015-09-01/P1Y', '2016-04-01/P1Y', '2016-09-01/P1Y', '2017-09-01/P1Y'];

  it('takes the earliest period starting in the baseline year', () => {
    assert.equal(baselinePeriod(periods, '2016', undefined), '2016-04-01/P1Y');
    assert.equal(baselinePeriod(periods, '2014', undefined), null);
  });

  it('takes the measure’s own named period, if it holds it', () => {
    assert.equal(baselinePeriod(periods, '2016', '2015-09-01/P1Y'), '2015-09-01/P1Y');
    assert.equal(baselinePeriod(periods, '2016', '2010-09-01/P1Y'), null);
  });
});

describe('tally', () => {
  it('counts each direction and gives shares of the comparable measures', () => {
    const counted = tally(['improved', 'improved', 'worsened', 'no-change', 'not-comparable']);
    assert.deepEqual(counted, {
      improved: 2,
      noChange: 1,
      worsened: 1,
      notComparable: 1,
      total: 5,
      percent: { improved: 50, noChange: 25, worsened: 25 },
    });
  });

  it('gives no percentages, not NaN, when nothing is comparable', () => {
    assert.equal(tally(['not-comparable']).percent, null);
    assert.equal(tally([]).percent, null);
  });

  it('tallies by theme', () => {
    const items = [
      { theme: 'a', direction: 'improved' as const },
      { theme: 'b', direction: 'worsened' as const },
      { theme: 'a', direction: 'worsened' as const },
    ];
    const byTheme = tallyBy(
      items,
      (i) => i.theme,
      (i) => i.direction,
    );
    assert.deepEqual([...byTheme.keys()], ['a', 'b']);
    assert.equal(byTheme.get('a')?.improved, 1);
    assert.equal(byTheme.get('a')?.worsened, 1);
    assert.equal(byTheme.get('b')?.total, 1);
  });
});
