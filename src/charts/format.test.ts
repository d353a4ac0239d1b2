import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatNumber, formatValue, isRatioUnit, shown, unitNote } from './format.ts';
import { niceTicks, valueDomain } from './scale.ts';

const as = (unit: string | null, decimalPlaces = 1, symbolsOnly = false) => ({
  unit,
  decimalPlaces,
  symbolsOnly,
});

describe('formatValue', () => {
  it('rounds to the decimal places and separates thousands', () => {
    assert.equal(formatValue(1234567.891, as(null, 2)), '1,234,567.89');
    assert.equal(formatValue(1234567.891, as(null, 0)), '1,234,568');
    assert.equal(formatValue(999.96, as(null, 1)), '1,000.0');
    assert.equal(formatValue(12, as(null, 3)), '12.000');
    assert.equal(formatValue(-98765.4, as(null, 1)), '-98,765.4');
    assert.equal(formatValue(0, as(null, 0)), '0');
  });

  it('never shows a negative zero', () => {
    assert.equal(formatValue(-0.04, as(null, 1)), '0.0');
    assert.equal(formatValue(-0.04, as('%', 1)), '0.0%');
    assert.equal(formatValue(-0.4, as('£', 0)), '£0');
    assert.equal(formatValue(-0, as(null, 0)), '0');
  });

  it('puts a percentage sign after the number, leaving the words to the heading', () => {
    assert.equal(formatValue(74.06, as('%')), '74.1%');
    assert.equal(formatValue(74.06, as('% achieving expected level')), '74.1%');
    assert.equal(formatValue(1234.5, as('%', 0)), '1,235%');
  });

  it('puts the pound sign before the number, and before a minus sign', () => {
    assert.equal(formatValue(1234.56, as('£', 2)), '£1,234.56');
    assert.equal(formatValue(-12, as('£', 0)), '-£12');
    assert.equal(formatValue(1750, as('Pounds', 0)), '£1,750');
    assert.equal(formatValue(12.3, as('£ per head', 2)), '£12.30 per head');
    assert.equal(formatValue(12.3, as('£ per head', 2, true)), '£12.30');
  });

  it('writes rates as "per N", grouping the base in thousands', () => {
    assert.equal(formatValue(12.34, as('Rate per 10,000')), '12.3 per 10,000');
    assert.equal(formatValue(4.2, as('Rate per 1000 live births')), '4.2 per 1,000 live births');
    assert.equal(
      formatValue(321, as('Rate per 100,000 population', 0)),
      '321 per 100,000 population',
    );
    assert.equal(formatValue(12.3, as('per 1,000')), '12.3 per 1,000');
    assert.equal(formatValue(12.3, as('Rate per 10,000', 1, true)), '12.3');
  });

  it('puts other units after the number, as written', () => {
    assert.equal(formatValue(1234, as('people', 0)), '1,234 people');
    assert.equal(formatValue(81.23, as('yrs')), '81.2 yrs');
    assert.equal(formatValue(41000, as('Band D equivalents', 0)), '41,000 Band D equivalents');
    assert.equal(formatValue(5.1, as('Tonnes of CO2 equivalent')), '5.1 Tonnes of CO2 equivalent');
    assert.equal(formatValue(1234, as('people', 0, true)), '1,234');
    assert.equal(formatValue(1234, as('  people  per   km²  ', 0)), '1,234 people per km²');
  });

  it('shows the bare number when the unit names the measure rather than a unit of it', () => {
    assert.equal(formatValue(31.23, as('Average Score')), '31.2');
    assert.equal(formatValue(1234, as('Number of Children Looked After', 0)), '1,234');
    assert.equal(formatValue(3, as('decile', 0)), '3');
    assert.equal(formatValue(0.25, as('proportion', 2)), '0.25');
    assert.equal(formatValue(5400, as('Spend', 0)), '5,400');
    assert.equal(formatValue(7, as('   ', 0)), '7');
  });

  it('writes missing values as the words of their status, never NaN or null', () => {
    assert.equal(formatValue('not-available', as('%')), 'not available');
    assert.equal(formatValue('suppressed', as('%')), 'suppressed');
    assert.equal(formatValue('not-applicable', as('%')), 'not applicable');
    assert.equal(formatValue('no-value', as('%')), 'not available');
    assert.equal(formatValue(Number.NaN, as('%')), 'not available');
    assert.equal(formatValue(Number.POSITIVE_INFINITY, as('£')), 'not available');
  });

  it('refuses decimal places the database would not hold', () => {
    assert.throws(() => formatValue(1, as(null, -1)), RangeError);
    assert.throws(() => formatValue(1, as(null, 11)), RangeError);
    assert.throws(() => formatValue(1, as(null, 1.5)), RangeError);
    assert.throws(() => formatNumber(Number.NaN, 1), RangeError);
  });
});

describe('shown', () => {
  it('keeps caveated figures and turns missing ones into their reason', () => {
    assert.equal(shown({ value: 70.1, status: 'ok' }), 70.1);
    assert.equal(shown({ value: 70.1, status: 'provisional' }), 70.1);
    assert.equal(shown({ value: 70.1, status: 'low-reliability' }), 70.1);
    assert.equal(shown({ value: null, status: 'suppressed' }), 'suppressed');
    assert.equal(shown({ value: null, status: 'ok' }), 'no-value');
    assert.equal(shown({ value: Number.NaN, status: 'ok' }), 'no-value');
  });
});

describe('unitNote and isRatioUnit', () => {
  it('names the unit where symbols alone do not', () => {
    assert.equal(unitNote('%'), null);
    assert.equal(unitNote('£'), null);
    assert.equal(unitNote(null), null);
    assert.equal(unitNote('Rate per 10,000'), 'Rate per 10,000');
    assert.equal(unitNote('% achieving  expected level'), '% achieving expected level');
  });

  it('recognises shares and rates', () => {
    for (const unit of ['%', '% of pupils', 'Rate per 10,000', 'per 1,000', 'proportion'])
      assert.equal(isRatioUnit(unit), true, unit);
    for (const unit of ['£', 'people', 'yrs', null, 'Average Score'])
      assert.equal(isRatioUnit(unit), false, String(unit));
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten and covers the range', () => {
    assert.deepEqual(niceTicks(0, 73), { values: [0, 20, 40, 60, 80], decimals: 0 });
    assert.deepEqual(niceTicks(61.2, 74.9).values, [60, 62, 64, 66, 68, 70, 72, 74, 76]);
    assert.deepEqual(niceTicks(1200, 4800).values, [1000, 2000, 3000, 4000, 5000]);
    assert.deepEqual(niceTicks(-3, 5).values, [-4, -2, 0, 2, 4, 6]);
  });

  it('gives exact decimal ticks and the decimals to show them', () => {
    assert.deepEqual(niceTicks(0.1, 0.37), {
      values: [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4],
      decimals: 2,
    });
  });

  it('refuses an empty or infinite range', () => {
    assert.throws(() => niceTicks(1, 1), RangeError);
    assert.throws(() => niceTicks(0, Number.POSITIVE_INFINITY), RangeError);
  });
});

describe('valueDomain', () => {
  it('starts shares and rates at zero when the data are as near zero as their spread', () => {
    assert.deepEqual(valueDomain([2.1, 3.4, 5.9], '%'), [0, 5.9]);
    assert.deepEqual(valueDomain([12, 30], 'Rate per 10,000'), [0, 30]);
    assert.deepEqual(valueDomain([-5.9, -2.1], '%'), [-5.9, 0]);
  });

  it('fits the data when zero is far away, or the measure is not a share or rate', () => {
    assert.deepEqual(valueDomain([61.2, 74.9], '%'), [61.2, 74.9]);
    assert.deepEqual(valueDomain([2.1, 5.9], '£'), [2.1, 5.9]);
    assert.deepEqual(valueDomain([78.1, 83.4], 'yrs'), [78.1, 83.4]);
  });

  it('always includes zero when the data cross it', () => {
    assert.deepEqual(valueDomain([-2, 3], 'people'), [-2, 3]);
  });

  it('gives a single value some room, and an empty chart a range', () => {
    assert.deepEqual(valueDomain([50], '£'), [45, 55]);
    assert.deepEqual(valueDomain([0], '%'), [0, 1]);
    assert.deepEqual(valueDomain([], '%'), [0, 1]);
  });
});
