import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataQuery } from './data.schema.ts';

const base = { metric: 'employment-rate', area: 'E06000001' };
const parse = (extra: Record<string, string>) => dataQuery.safeParse({ ...base, ...extra });

describe('the data query', () => {
  it('reads period selections', () => {
    assert.deepEqual(parse({}).data?.period, { kind: 'latest', count: 1 });
    assert.deepEqual(parse({ period: 'latest:5' }).data?.period, { kind: 'latest', count: 5 });
    assert.deepEqual(parse({ period: '2023-04-01/P1Y, 2022-04-01/P1Y' }).data?.period, {
      kind: 'ids',
      codes: ['2023-04-01/P1Y', '2022-04-01/P1Y'],
    });
    assert.deepEqual(parse({ period: '2019-04-01/P1Y..2021-01-01/P3M' }).data?.period, {
      kind: 'range',
      from: '2019-04-01/P1Y',
      to: '2021-01-01/P3M',
      fromStart: '2019-04-01',
      toStart: '2021-01-01',
    });
    assert.deepEqual(parse({ period: '..2021-01-01/P1Y' }).data?.period, {
      kind: 'range',
      from: null,
      to: '2021-01-01/P1Y',
      fromStart: '0000-01-01',
      toStart: '2021-01-01',
    });
    for (const bad of ['latest:0', 'latest:x', 'last', '2019-20', '2019-04-01/P1Y..x', '..'])
      assert.equal(parse({ period: bad }).success, false, bad);
  });

  it('reads asOf as a moment: a date is the end of that day, UTC', () => {
    assert.equal(
      parse({ asOf: '2024-06-01' }).data?.asOf?.toISOString(),
      '2024-06-01T23:59:59.999Z',
    );
    assert.equal(
      parse({ asOf: '2024-06-01T09:30' }).data?.asOf?.toISOString(),
      '2024-06-01T09:30:00.000Z',
    );
    assert.equal(
      parse({ asOf: '2024-06-01T09:30:15+01:00' }).data?.asOf?.toISOString(),
      '2024-06-01T08:30:15.000Z',
    );
    for (const bad of ['2024-02-30', '2024-06-01T25:00Z', 'now', '1717200000'])
      assert.equal(parse({ asOf: bad }).success, false, bad);
  });

  it('takes asOf with at most 50 named metrics, never every metric', () => {
    const named = (n: number) => Array.from({ length: n }, (_, i) => `metric-${i}`).join(',');
    assert.equal(parse({ asOf: '2024-06-01', metric: named(50) }).success, true);
    for (const metric of [named(51), '*']) {
      const issue = parse({ asOf: '2024-06-01', metric }).error?.issues[0];
      assert.deepEqual(issue?.path, ['metric'], metric);
      assert.match(issue?.message ?? '', /at most 50 metrics/);
    }
    assert.equal(parse({ metric: '*' }).success, true, 'every metric is fine without asOf');
  });

  it('reads lists, dropping blanks and repeats, and * for every metric', () => {
    assert.deepEqual(parse({ metric: 'a-b, c,,a-b' }).data?.metric, ['a-b', 'c']);
    assert.equal(parse({ metric: '*' }).data?.metric, '*');
    assert.deepEqual(parse({ area: 'e06000001,E06000002' }).data?.area, ['E06000001', 'E06000002']);
    assert.deepEqual(parse({ include: 'rank,ci' }).data?.include, ['rank', 'ci']);
  });
});
