import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latestByAreaAndMetric } from './latest.ts';

const value = (areaId: number, metricId: number, startDate: string, endDate: string) => ({
  areaId,
  metricId,
  period: { startDate, endDate },
});

describe('the latest value of each area and metric', () => {
  it('takes the latest start, then the latest end, per area and metric', () => {
    const values = [
      value(1, 1, '2022-04-01', '2023-03-31'),
      value(1, 1, '2023-04-01', '2024-03-31'),
      value(1, 1, '2021-04-01', '2022-03-31'),
      value(2, 1, '2022-04-01', '2023-03-31'),
      value(1, 2, '2023-01-01', '2023-03-31'),
      value(1, 2, '2023-01-01', '2023-12-31'),
    ];
    assert.deepEqual(
      latestByAreaAndMetric(values, (v) => v.period),
      [values[1], values[3], values[5]],
    );
  });

  it('keeps nothing of nothing', () => {
    assert.deepEqual(
      latestByAreaAndMetric([], () => ({ startDate: '', endDate: '' })),
      [],
    );
  });
});
