import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { admissionLimits } from '../app/admit.ts';
import { dataCost, everyMetricCost } from './data.cost.ts';

const everyType =
  'county,district,unitary,metropolitan-district,london-borough,sui-generis,combined-authority,' +
  'strategic-authority,fire-and-rescue-authority,region,nation,welsh-unitary,scottish-unitary,' +
  'northern-ireland-district';
const { expensiveFrom } = admissionLimits;

describe('the cost of a data request', () => {
  it('is metrics × areas × periods, before anything is read', () => {
    assert.equal(dataCost({ metric: 'a', area: 'E06000001' }, 'json'), 1);
    assert.equal(dataCost({ metric: 'a,b', area: 'E06000001,E06000002' }, 'json'), 4);
    assert.equal(dataCost({ metric: 'a', area: 'E06000001', period: 'latest:10' }, 'json'), 10);
    assert.equal(
      dataCost({ metric: 'a', area: 'E06000001', period: '2023-04-01/P1Y,2024-04-01/P1Y' }, 'csv'),
      2,
    );
    assert.equal(dataCost({ metric: '*', area: 'E06000001' }, 'json'), everyMetricCost);
    assert.equal(dataCost({ metric: 'a', areaType: 'county,district' }, 'json'), 340);
    assert.equal(dataCost({ metric: 'a', group: 'custom:E06000001,E06000002' }, 'json'), 2);
  });

  it('is capped where the answer is: by limit and offset, or by the cells one answer holds', () => {
    const everything = { metric: '*', areaType: everyType, period: 'latest:100' };
    assert.equal(dataCost(everything, 'json'), 50_000);
    assert.equal(dataCost({ ...everything, limit: '100' }, 'json'), 100);
    assert.equal(dataCost({ ...everything, limit: '100', offset: '900' }, 'json'), 1_000);
  });

  it('grows with ranks, benchmarks, history and workbooks', () => {
    const base = { metric: 'a,b', areaType: 'district', period: 'latest:10' };
    const plain = dataCost(base, 'json');
    assert.equal(dataCost({ ...base, include: 'rank' }, 'json'), plain * 2);
    assert.equal(dataCost({ ...base, include: 'rank,benchmark' }, 'json'), plain * 2.5);
    assert.equal(dataCost({ ...base, include: 'ci,status' }, 'json'), plain);
    assert.equal(dataCost({ ...base, asOf: '2024-01-01' }, 'json'), plain * 2);
    assert.equal(dataCost(base, 'xlsx'), plain * 3);
    assert.equal(dataCost({ ...base, format: 'xlsx' }, 'json'), plain * 3, 'format beats Accept');
  });

  it('is 1 for a query that will be refused without reading anything', () => {
    assert.equal(dataCost({ metric: '*' }, 'json'), 1);
    assert.equal(dataCost({ metric: '*', areaType: 'district', period: 'latest:500' }, 'json'), 1);
  });

  it('puts the heavy mix in the expensive lane and a council or a chart in the cheap one', () => {
    const heavy = {
      metric: '*',
      areaType: everyType,
      period: 'latest:100',
      limit: '50000',
      include: 'rank,benchmark',
    };
    assert.ok(dataCost(heavy, 'json') >= expensiveFrom);
    const cheap = [
      { metric: '*', area: 'E06000001' },
      { metric: 'a', area: 'E06000001', period: 'latest:10' },
      {
        metric: 'a',
        areaType: 'unitary,county,metropolitan-district,london-borough',
        include: 'rank',
      },
      { metric: 'a', group: 'nearest:E06000001', period: 'latest:10', include: 'rank,benchmark' },
    ];
    for (const query of cheap) assert.ok(dataCost(query, 'json') < expensiveFrom);
  });
});
