import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePeriod, type Period } from './period.ts';

function parsed(input: string, kind?: 'financial-year' | 'academic-year'): Period {
  const result = parsePeriod(input, kind);
  assert.ok(result.ok, `expected ${input} to parse: ${result.ok ? '' : result.reason}`);
  return result.period;
}

describe('parsePeriod', () => {
  it('reads ISO financial, academic and calendar years', () => {
    assert.deepEqual(parsed('2019-04-01/P1Y'), {
      code: '2019-04-01/P1Y',
      type: 'financial-year',
      label: '2019/20',
      startDate: '2019-04-01',
      endDate: '2020-04-01',
    });
    assert.deepEqual(parsed('2023-09-01/P1Y').label, '2023/24');
    assert.equal(parsed('2023-09-01/P1Y').type, 'academic-year');
    assert.equal(parsed('2018-01-01/P1Y').label, '2018');
    assert.equal(parsed('1999-04-01/P1Y').label, '1999/00');
  });

  it('reads multi-year, quarter and month intervals', () => {
    assert.deepEqual(parsed('2019-01-01/P3Y'), {
      code: '2019-01-01/P3Y',
      type: 'multi-year',
      label: '2019 to 2021',
      startDate: '2019-01-01',
      endDate: '2022-01-01',
    });
    assert.equal(parsed('2017-04-01/P3Y').label, '2017/18 to 2019/20');
    assert.equal(parsed('2024-04-01/P3M').label, 'April to June 2024');
    assert.equal(parsed('2024-10-01/P3M').type, 'quarter');
    assert.equal(parsed('2024-11-01/P1M').label, 'November 2024');
  });

  it('reads year pairs as financial years unless told they are academic', () => {
    for (const text of ['2019-20', '2019/20', '2019/2020', '2019-20 (OT)', ' 2019 - 20 ']) {
      assert.equal(parsed(text).code, '2019-04-01/P1Y', text);
    }
    assert.equal(parsed('2019/20', 'academic-year').code, '2019-09-01/P1Y');
    assert.equal(parsed('1999-00').code, '1999-04-01/P1Y');
  });

  it('reads years, quarters, months and single dates', () => {
    assert.equal(parsed('2019').code, '2019-01-01/P1Y');
    assert.equal(parsed('2019 Q2').code, '2019-04-01/P3M');
    assert.equal(parsed('2019-04').code, '2019-04-01/P1M');
    assert.deepEqual(parsed('2023-03-31'), {
      code: '2023-03-31/P1D',
      type: 'other',
      label: '31 March 2023',
      startDate: '2023-03-31',
      endDate: '2023-04-01',
    });
  });

  it('is canonical: parsing the code of a parse gives the same period', () => {
    for (const text of ['2019-20', '2019 Q4', '2020-02', '2019-01-01/P3Y', '2020-02-29']) {
      const once = parsed(text);
      assert.deepEqual(parsed(once.code), once);
    }
  });

  it('refuses what it cannot read, with a reason', () => {
    for (const text of [
      '2019-21',
      '2019-13',
      '2019-02-30/P1Y',
      'last year',
      '',
      '2019-04-01/P0Y',
    ]) {
      const result = parsePeriod(text);
      assert.equal(result.ok, false, text);
      assert.ok(!result.ok && result.reason.length > 0);
    }
  });
});
