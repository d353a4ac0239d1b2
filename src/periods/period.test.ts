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

  it('labels a span no named kind describes by its dates, never by its code', () => {
    // ONS's adult obesity prevalence is published for the year from 16 November.
    assert.equal(parsed('2024-11-16/P1Y').label, '16 November 2024 to 15 November 2025');
    assert.equal(parsed('2020-03-01/P5Y').label, '1 March 2020 to 28 February 2025');
    assert.equal(parsed('2024-02-01/P2M').label, '1 February 2024 to 31 March 2024');
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

describe('parsePeriod with DfE notations', () => {
  it('reads spans of year pairs as several financial or academic years', () => {
    assert.deepEqual(parsed('2013/14-15/16'), {
      code: '2013-04-01/P3Y',
      type: 'multi-year',
      label: '2013/14 to 2015/16',
      startDate: '2013-04-01',
      endDate: '2016-04-01',
    });
    assert.equal(parsed('2021/22-23/24', 'academic-year').code, '2021-09-01/P3Y');
    assert.equal(parsed('1998/99-00/01').code, '1998-04-01/P3Y');
    for (const text of [
      '2013/14-16/17x',
      '2013/15-15/16',
      '2013/14-15/17',
      '2013/14-13/14',
      '2013/14-12/13',
    ]) {
      assert.equal(parsePeriod(text).ok, false, text);
    }
  });

  it('reads spans of calendar years only when the source counts calendar years', () => {
    assert.deepEqual(parsePeriod('2014-16', 'financial-year', 'calendar'), {
      ok: true,
      period: {
        code: '2014-01-01/P3Y',
        type: 'multi-year',
        label: '2014 to 2016',
        startDate: '2014-01-01',
        endDate: '2017-01-01',
      },
    });
    const span = parsePeriod('2018-2022', 'financial-year', 'calendar');
    assert.equal(span.ok && span.period.code, '2018-01-01/P5Y');
    const century = parsePeriod('1999-2001', 'financial-year', 'calendar');
    assert.equal(century.ok && century.period.label, '1999 to 2001');
    assert.equal(parsePeriod('2014-16').ok, false);
    // A year pair or a month could be meant: refused rather than read one way.
    for (const text of ['2019-20', '2019-2020', '2010-12', '2019-04', '2016-14', '2014-14']) {
      const result = parsePeriod(text, 'financial-year', 'calendar');
      assert.equal(result.ok, false, text);
    }
    assert.equal(parsed('2019').code, '2019-01-01/P1Y');
  });

  it('reads a bare year as the financial or academic year ending in it when told so', () => {
    const ending = (text: string, kind: 'financial-year' | 'academic-year') => {
      const result = parsePeriod(text, kind, 'ending');
      assert.ok(result.ok, text);
      return result.period;
    };
    assert.equal(ending('2016', 'financial-year').code, '2015-04-01/P1Y');
    assert.equal(ending('2016', 'financial-year').label, '2015/16');
    assert.equal(ending('2016', 'academic-year').code, '2015-09-01/P1Y');
    assert.equal(ending('2000', 'academic-year').label, '1999/00');
    // Year pairs and explicit intervals keep their meaning.
    assert.equal(ending('2016-17', 'financial-year').code, '2016-04-01/P1Y');
    assert.equal(ending('2015/16', 'academic-year').code, '2015-09-01/P1Y');
    assert.equal(ending('2016-01-01/P1Y', 'academic-year').type, 'calendar-year');
  });
});
