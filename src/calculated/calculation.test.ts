import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { period } from '../testing/fixtures.ts';
import { calculatedDefinition } from './calculated.schema.ts';
import { calculate, populationNote, type InputRow } from './calculation.ts';

const perHead = calculatedDefinition.parse({
  slug: 'spend-per-head',
  title: 'Spend per head',
  description: 'Spend over people.',
  formula: 'spend / people',
  unit: '£',
  decimalPlaces: 2,
  polarity: 'no-judgement',
  theme: 'finance-and-value-for-money',
  perHead: { population: 'people' },
  licence: 'OGL',
});

const change = calculatedDefinition.parse({
  ...perHead,
  slug: 'spend-change',
  formula: 'spend - previous(spend)',
  perHead: null,
});

function row(slug: string, areaCode: string, when: string, value: number | null): InputRow {
  return {
    slug,
    areaCode,
    period: period(when),
    value,
    status: value === null ? 'suppressed' : 'ok',
    importId: 7,
  };
}

const byCell = (observations: ReturnType<typeof calculate>['observations']) =>
  Object.fromEntries(
    observations.map((o) => [`${o.area.value} ${o.period.label}`, [o.value, o.status]]),
  );

describe('calculating a metric for every area and period', () => {
  it('takes the population of the same period, else the nearest earlier, and notes it', () => {
    const result = calculate(
      perHead,
      [
        row('spend', 'E06000001', '2019-04-01/P1Y', 100),
        row('spend', 'E06000001', '2020-04-01/P1Y', 200),
        row('spend', 'E06000001', '2021-04-01/P1Y', 300),
        row('spend', 'E06000001', '2022-04-01/P1Y', 400),
        row('people', 'E06000001', '2020-06-30', 10),
        row('people', 'E06000001', '2022-06-30', 20),
      ],
      [],
    );
    assert.deepEqual(byCell(result.observations), {
      // Before any population: none to divide by.
      'E06000001 2019/20': [null, 'not-available'],
      'E06000001 2020/21': [20, 'ok'],
      'E06000001 2021/22': [30, 'ok'],
      'E06000001 2022/23': [20, 'ok'],
    });
    assert.deepEqual([...result.earlierPopulation], [['2021/22', '30 June 2020']]);
    assert.equal(
      populationNote(perHead, result.earlierPopulation),
      'Per head figures use the population of the same period, or where there is none the nearest earlier. 2021/22 uses the population of 30 June 2020.',
    );
    assert.deepEqual([...result.importIds], [7]);
  });

  it('reads the period just before for previous(), of the same kind', () => {
    const result = calculate(
      change,
      [
        row('spend', 'E06000001', '2019-04-01/P1Y', 100),
        row('spend', 'E06000001', '2020-04-01/P1Y', 150),
        row('spend', 'E06000001', '2020', 999),
        row('spend', 'E06000001', '2022-04-01/P1Y', 170),
      ],
      [],
    );
    assert.deepEqual(byCell(result.observations), {
      'E06000001 2019/20': [null, 'not-available'],
      'E06000001 2020/21': [50, 'ok'],
      // The calendar year 2020 has no calendar year before it; 2021/22 is missing.
      'E06000001 2020': [null, 'not-available'],
      'E06000001 2022/23': [null, 'not-available'],
    });
  });

  it('passes a suppressed input on, and makes a held cell whose inputs went missing', () => {
    const result = calculate(
      perHead,
      [
        row('spend', 'E06000001', '2020-04-01/P1Y', null),
        row('people', 'E06000001', '2020-06-30', 10),
      ],
      [{ areaCode: 'E06000002', period: period('2020-04-01/P1Y') }],
    );
    assert.deepEqual(byCell(result.observations), {
      'E06000002 2020/21': [null, 'not-available'],
      'E06000001 2020/21': [null, 'suppressed'],
    });
  });

  it('carries an input’s caveat to the result, the weightiest first', () => {
    const rows = [
      { ...row('spend', 'E06000001', '2020-04-01/P1Y', 100), status: 'provisional' as const },
      { ...row('people', 'E06000001', '2020-06-30', 10), status: 'estimated' as const },
      row('spend', 'E06000002', '2020-04-01/P1Y', 100),
      row('people', 'E06000002', '2020-06-30', 10),
    ];
    assert.deepEqual(byCell(calculate(perHead, rows, []).observations), {
      'E06000001 2020/21': [10, 'estimated'],
      'E06000002 2020/21': [10, 'ok'],
    });
  });

  it('refuses a definition that reads itself, or whose population the formula lacks', () => {
    const wrong = (changes: object) =>
      calculatedDefinition
        .safeParse({ ...perHead, ...changes })
        .error?.issues.map((i) => i.message);
    assert.deepEqual(wrong({ formula: 'spend / spend-per-head' }), [
      'reads the metric itself',
      'the formula does not read people',
    ]);
    assert.deepEqual(wrong({ formula: 'spend /' }), [
      'at character 8: expected a number, a metric or "(" but found the end of the formula',
    ]);
    assert.deepEqual(wrong({ formula: 'people * 2' }), [
      'reads no metric in its own period besides the population',
    ]);
  });
});
