import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '../comparison/seeded-random.ts';
import {
  balanceOf,
  councilTaxLevels,
  councilTaxRaisedPennies,
  extraPerBandDPennies,
  isBalanced,
  rulesProblems,
  stepsOf,
  submissionProblems,
  type BalanceRules,
  type Choice,
  type LineRule,
} from './balance.ts';

const libraries: LineRule = {
  id: 'libraries',
  kind: 'service',
  baselinePounds: 4_000_000,
  minPercent: -30,
  maxPercent: 10,
  stepPercent: 5,
};
const parking: LineRule = {
  id: 'parking',
  kind: 'income',
  baselinePounds: 2_500_000,
  minPercent: -10,
  maxPercent: 20,
  stepPercent: 10,
};
const rules: BalanceRules = {
  lines: [libraries, parking],
  target: { kind: 'savings', pounds: 1_000_000 },
  tolerancePounds: 50_000,
  // Hartlepool-like figures: a requirement of £56,395,345 and band D of £2,286.19
  councilTax: {
    requirementPounds: 56_395_345,
    bandDPennies: 228_619,
    limitBasisPoints: 499,
    stepBasisPoints: 100,
  },
};

const choose = (percents: Record<string, number>, councilTaxBasisPoints = 0): Choice => ({
  percents,
  councilTaxBasisPoints,
});

describe('balanceOf', () => {
  it('counts service cuts as savings, more income and council tax as found', () => {
    const balance = balanceOf(rules, choose({ libraries: -10, parking: 10 }, 100));
    assert.equal(balance.savedPennies, 40_000_000);
    assert.equal(balance.incomeRaisedPennies, 25_000_000);
    assert.equal(balance.councilTaxRaisedPennies, 56_395_345);
    assert.equal(balance.foundPennies, 40_000_000 + 25_000_000 + 56_395_345);
    assert.equal(balance.stillToFindPennies, 100_000_000 - balance.foundPennies);
  });

  it('makes more spending add to the money still to find', () => {
    const balance = balanceOf(rules, choose({ libraries: 10 }));
    assert.equal(balance.lineChanges.get('libraries'), 40_000_000);
    assert.equal(balance.stillToFindPennies, 140_000_000);
  });

  it('reads an absent line as no change, and "balance the budget" as nothing to find', () => {
    const balance = balanceOf({ ...rules, target: { kind: 'balance' } }, choose({}));
    assert.equal(balance.stillToFindPennies, 0);
    assert.equal(balance.lineChanges.get('parking'), 0);
  });

  it('rounds council tax to the penny, half up, once', () => {
    const tax = { ...rules.councilTax!, requirementPounds: 1_234_567 };
    // £1,234,567 × 2.99% = £36,913.5533 -> £36,913.55
    assert.equal(councilTaxRaisedPennies(tax, 299), 3_691_355);
    // 2,286.19 × 4.99% = 114.0808... -> £114.08; × 0.5% = 11.43095 -> £11.43
    assert.equal(extraPerBandDPennies(tax, 499), 11_408);
    assert.equal(extraPerBandDPennies(tax, 50), 1_143);
    // £1 × 0.5% = 0.5p: half rounds up
    assert.equal(councilTaxRaisedPennies({ ...tax, requirementPounds: 1 }, 50), 1);
    assert.equal(councilTaxRaisedPennies(null, 200), 0);
  });
});

describe('submissionProblems', () => {
  it('accepts a budget within the tolerance either side of the target', () => {
    // saves £400,000 + £250,000 income + £563,953.45 tax = £1,213,953.45: £213,953.45 over
    assert.deepEqual(submissionProblems(rules, choose({ libraries: -10, parking: 10 }, 100)), [
      { field: 'balance', code: 'unbalanced' },
    ]);
    // saves £1,200,000 - £250,000 income: £50,000 short, exactly the tolerance
    assert.deepEqual(submissionProblems(rules, choose({ libraries: -30, parking: -10 })), []);
    assert.deepEqual(submissionProblems(rules, choose({ libraries: -25 })), []);
  });

  it('names every field out of range, off the grid, not whole or unknown', () => {
    const problems = submissionProblems(
      rules,
      choose({ libraries: -35, parking: 5, pools: 0 }, 250),
    );
    assert.deepEqual(problems, [
      { field: 'pools', code: 'unknown-line' },
      { field: 'libraries', code: 'out-of-range' },
      { field: 'parking', code: 'off-grid' },
      { field: 'council-tax', code: 'off-grid' },
    ]);
    assert.deepEqual(submissionProblems(rules, choose({ libraries: -2.5 }, 500)), [
      { field: 'libraries', code: 'not-whole' },
      { field: 'council-tax', code: 'out-of-range' },
    ]);
    assert.deepEqual(submissionProblems({ ...rules, councilTax: null }, choose({}, 100)), [
      { field: 'council-tax', code: 'no-council-tax' },
    ]);
  });

  it('takes the referendum limit though it is off the grid', () => {
    assert.deepEqual(councilTaxLevels(rules.councilTax), [0, 100, 200, 300, 400, 499]);
    const atLimit = submissionProblems(rules, choose({ libraries: -10 }, 499));
    assert.ok(!atLimit.some((p) => p.field === 'council-tax'));
  });
});

describe('rulesProblems', () => {
  it('accepts the example and names what makes rules unusable', () => {
    assert.deepEqual(rulesProblems(rules), []);
    const bad: BalanceRules = {
      ...rules,
      tolerancePounds: -1,
      lines: [
        { ...libraries, minPercent: 5 },
        { ...parking, id: 'x', minPercent: -15 },
        { ...parking, id: 'x', stepPercent: 0 },
        { ...libraries, id: 'y', minPercent: -110, stepPercent: 10 },
        { ...libraries, id: 'z', stepPercent: 2.5 },
      ],
      councilTax: { ...rules.councilTax!, stepBasisPoints: 0 },
    };
    assert.deepEqual(
      rulesProblems(bad).map((p) => p.field),
      ['libraries', 'x', 'x', 'x', 'y', 'z', 'balance', 'council-tax'],
    );
  });
});

/*
 * Property tests over random rules and budgets from a seeded generator: a failure names its
 * seed, to be replayed.
 */
const int = (random: () => number, min: number, max: number) =>
  min + Math.floor(random() * (max - min + 1));

function randomRules(random: () => number): BalanceRules {
  const lines: LineRule[] = Array.from({ length: int(random, 1, 12) }, (_, i) => {
    const step = [1, 2, 5, 10, 25][int(random, 0, 4)]!;
    return {
      id: `line-${i}`,
      kind: random() < 0.7 ? 'service' : 'income',
      baselinePounds: int(random, 0, 500_000_000),
      minPercent: 0 - step * int(random, 0, 100 / step),
      maxPercent: step * int(random, 0, 50 / step),
      stepPercent: step,
    };
  });
  const councilTax =
    random() < 0.2
      ? null
      : {
          requirementPounds: int(random, 1, 3_000_000_000),
          bandDPennies: int(random, 100_000, 400_000),
          limitBasisPoints: int(random, 0, 999),
          stepBasisPoints: int(random, 1, 250),
        };
  return {
    lines,
    target: { kind: 'balance' },
    tolerancePounds: int(random, 0, 100_000),
    councilTax,
  };
}

function randomChoice(random: () => number, rules: BalanceRules): Choice {
  const levels = councilTaxLevels(rules.councilTax);
  return {
    percents: Object.fromEntries(
      rules.lines.map((line) => {
        const steps = stepsOf(line);
        return [line.id, steps[int(random, 0, steps.length - 1)]!];
      }),
    ),
    councilTaxBasisPoints: levels[int(random, 0, levels.length - 1)]!,
  };
}

/** The money found, by exact rational arithmetic in BigInt (1/10,000ths of a penny). */
function exactFoundTenThousandths(rules: BalanceRules, choice: Choice): bigint {
  let found = 0n;
  for (const line of rules.lines) {
    const change = BigInt(line.baselinePounds) * BigInt(choice.percents[line.id] ?? 0) * 10_000n;
    found += line.kind === 'service' ? -change : change;
  }
  const tax = rules.councilTax;
  if (tax) found += BigInt(tax.requirementPounds) * 100n * BigInt(choice.councilTaxBasisPoints);
  return found;
}

describe('balance properties', () => {
  const runs = 2_000;

  it('accepts only budgets within tolerance, and accepts every one that is', () => {
    let accepted = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const random = seededRandom(seed);
      const base = randomRules(random);
      const choice = randomChoice(random, base);
      // A target near what this budget finds: within the tolerance about half the time.
      const found = balanceOf(base, choice).foundPennies;
      const offset = int(random, -2, 2) * base.tolerancePounds * 50;
      const target = Math.max(0, Math.round((found + offset) / 100));
      const withTarget: BalanceRules = { ...base, target: { kind: 'savings', pounds: target } };
      const balance = balanceOf(withTarget, choice);
      const problems = submissionProblems(withTarget, choice);
      const within = Math.abs(balance.stillToFindPennies) <= withTarget.tolerancePounds * 100;
      assert.equal(problems.length === 0, within, `seed ${seed}`);
      assert.equal(isBalanced(withTarget, balance), within, `seed ${seed}`);
      if (problems.length === 0) accepted++;
    }
    // Both outcomes must occur, or the property above tested nothing.
    assert.ok(accepted > runs / 10 && accepted < runs, `${accepted} of ${runs} accepted`);
  });

  it('reaches every step of every line and every council-tax level, and nothing between', () => {
    for (let seed = 1; seed <= runs / 10; seed++) {
      const random = seededRandom(seed);
      const generated = randomRules(random);
      const open = { ...generated, tolerancePounds: 1_000_000_000_000 };
      for (const line of open.lines) {
        const steps = stepsOf(line);
        assert.equal(steps[0], line.minPercent);
        assert.equal(steps.at(-1), line.maxPercent);
        assert.ok(steps.includes(0), `seed ${seed}: no-change step`);
        for (const step of steps)
          assert.deepEqual(
            submissionProblems(open, choose({ [line.id]: step })),
            [],
            `seed ${seed}`,
          );
        for (const outside of [line.minPercent - line.stepPercent, line.maxPercent + 1])
          assert.equal(submissionProblems(open, choose({ [line.id]: outside })).length, 1);
        if (line.stepPercent > 1)
          assert.equal(submissionProblems(open, choose({ [line.id]: 1 })).length, 1);
      }
      const levels = councilTaxLevels(open.councilTax);
      for (const level of levels)
        assert.deepEqual(submissionProblems(open, choose({}, level)), [], `seed ${seed}`);
      if (open.councilTax)
        assert.equal(levels.at(-1), open.councilTax.limitBasisPoints, `seed ${seed}: limit`);
    }
  });

  it('finds the sum of its parts to the penny, each within half a penny of the exact sum', () => {
    for (let seed = 1; seed <= runs; seed++) {
      const random = seededRandom(seed);
      const generated = randomRules(random);
      const choice = randomChoice(random, generated);
      const balance = balanceOf(generated, choice);
      let parts = balance.councilTaxRaisedPennies;
      for (const line of generated.lines) {
        const change = balance.lineChanges.get(line.id)!;
        assert.ok(Number.isSafeInteger(change), `seed ${seed}`);
        parts += line.kind === 'service' ? -change : change;
      }
      assert.equal(balance.foundPennies, parts, `seed ${seed}`);
      assert.equal(
        balance.savedPennies + balance.incomeRaisedPennies + balance.councilTaxRaisedPennies,
        parts,
      );
      assert.equal(balance.stillToFindPennies + balance.foundPennies, balance.targetPennies);
      // Only council tax is rounded: the error is at most half a penny (5,000 ten-thousandths).
      const error =
        BigInt(balance.foundPennies) * 10_000n - exactFoundTenThousandths(generated, choice);
      assert.ok(error >= -5_000n && error <= 5_000n, `seed ${seed}: ${error}`);
    }
  });
});
