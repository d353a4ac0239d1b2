import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  evaluateFormula,
  formatFormula,
  formulaInputs,
  FormulaError,
  missingStatus,
  parseFormula,
  type InputValue,
} from './formula.ts';

/** Evaluates `text` with the inputs given by slug (`previous(x)` as "x@previous"). */
function calculate(text: string, inputs: Record<string, InputValue>) {
  return evaluateFormula(parseFormula(text), (slug, previous) =>
    previous ? inputs[`${slug}@previous`] : inputs[slug],
  );
}

function failsAt(text: string, position: number, reason: RegExp) {
  assert.throws(
    () => parseFormula(text),
    (error: unknown) => {
      assert.ok(error instanceof FormulaError, String(error));
      assert.equal(error.position, position, `${text}: ${error.message}`);
      assert.match(error.message, reason);
      return true;
    },
  );
}

describe('parsing a formula', () => {
  it('reads kebab-case slugs as metrics and respects precedence', () => {
    assert.deepEqual(parseFormula('council-tax-requirement / resident-population * 1000'), {
      kind: 'binary',
      operator: '*',
      left: {
        kind: 'binary',
        operator: '/',
        left: { kind: 'metric', slug: 'council-tax-requirement', previous: false },
        right: { kind: 'metric', slug: 'resident-population', previous: false },
      },
      right: { kind: 'number', value: 1000 },
    });
    assert.deepEqual(calculate('1 + 2 * 3', {}), { ok: true, value: 7 });
  });

  it('takes a hyphen between letters as part of the slug, and a spaced one as minus', () => {
    assert.deepEqual(formulaInputs(parseFormula('a-b')), [{ slug: 'a-b', previous: false }]);
    assert.deepEqual(formulaInputs(parseFormula('a - b')), [
      { slug: 'a', previous: false },
      { slug: 'b', previous: false },
    ]);
    assert.deepEqual(calculate('a -b', { a: { value: 5 }, b: { value: 2 } }), {
      ok: true,
      value: 3,
    });
  });

  it('evaluates left to right at one level, brackets and unary minus', () => {
    const cases: [string, number][] = [
      ['10 - 4 - 3', 3],
      ['64 / 4 / 2', 8],
      ['10 - (4 - 3)', 9],
      ['-2 * -3', 6],
      ['--2', 2],
      ['-(1 + 2) * 2', -6],
      ['1.5e3 + .5', 1500.5],
      ['  ( ( 7 ) ) ', 7],
    ];
    for (const [text, value] of cases)
      assert.deepEqual(calculate(text, {}), { ok: true, value }, text);
  });

  it('reads previous(metric) as the metric in the period before', () => {
    const formula = parseFormula(
      '(council-tax-requirement - previous(council-tax-requirement)) / previous(council-tax-requirement) * 100',
    );
    assert.deepEqual(formulaInputs(formula), [
      { slug: 'council-tax-requirement', previous: false },
      { slug: 'council-tax-requirement', previous: true },
    ]);
    assert.deepEqual(
      evaluateFormula(formula, (_slug, previous) => ({ value: previous ? 200 : 210 })),
      { ok: true, value: 5 },
    );
  });

  it('writes a formula back so that it parses to the same tree', () => {
    for (const text of ['a - (b - c)', 'a / (b * c)', '-(a + b) * 2', 'previous(a) / a - 1']) {
      const tree = parseFormula(text);
      assert.equal(formatFormula(tree), text);
      assert.deepEqual(parseFormula(formatFormula(tree)), tree);
    }
  });

  it('refuses anything outside the allowed arithmetic, naming the position', () => {
    failsAt('a + process.exit()', 11, /"\." is not allowed/);
    failsAt('a ** 2', 3, /expected a number, a metric or "\(" but found "\*"/);
    failsAt('a ^ 2', 2, /"\^" is not allowed/);
    failsAt('sqrt(a)', 0, /"sqrt" is not a function/);
    failsAt('previous(2)', 9, /takes a metric's slug/);
    failsAt('(a + b', 6, /expected "\)" but found the end of the formula/);
    failsAt('a b', 2, /expected an operator but found "b"/);
    failsAt('', 0, /found the end of the formula/);
    failsAt('a + ', 4, /found the end/);
    failsAt('A + b', 0, /"A" is not allowed/);
    failsAt('a; drop table metrics', 1, /";" is not allowed/);
    failsAt('a * 1e400', 4, /1e400 is too large a number/);
  });
});

describe('evaluating a formula', () => {
  it('gives a typed missing value for a missing input, naming it, never NaN', () => {
    const result = calculate('a / b', { a: { value: 1 } });
    assert.deepEqual(result, {
      ok: false,
      reason: { kind: 'no-input', slug: 'b', previous: false },
    });
    assert.ok(!result.ok && missingStatus(result.reason) === 'not-available');
  });

  it('passes an input’s own missing status through', () => {
    const result = calculate('a * 2 + b', { a: { missing: 'suppressed' }, b: { value: 1 } });
    assert.deepEqual(result, {
      ok: false,
      reason: { kind: 'input-missing', slug: 'a', previous: false, status: 'suppressed' },
    });
    assert.ok(!result.ok && missingStatus(result.reason) === 'suppressed');
    const previous = calculate('a - previous(a)', {
      a: { value: 3 },
      'a@previous': { missing: 'not-applicable' },
    });
    assert.ok(!previous.ok && missingStatus(previous.reason) === 'not-applicable');
  });

  it('makes division by zero a missing value, not Infinity or NaN', () => {
    for (const text of ['a / b', '0 / b', 'a / (b - b)']) {
      const result = calculate(text, { a: { value: 5 }, b: { value: 0 } });
      assert.deepEqual(result, { ok: false, reason: { kind: 'division-by-zero' } }, text);
      assert.ok(!result.ok && missingStatus(result.reason) === 'not-applicable');
    }
  });

  it('makes an overflow a missing value', () => {
    const result = calculate('a * a', { a: { value: 1e200 } });
    assert.deepEqual(result, { ok: false, reason: { kind: 'out-of-range' } });
  });
});
