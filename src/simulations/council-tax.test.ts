import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readyMadeRules } from '../early-warning/ready-made-rules.ts';
import type { RuleOf } from '../early-warning/rules.schema.ts';
import { councilTaxPrefill, referendumLimitBasisPoints } from './council-tax.ts';

const rule = readyMadeRules.rules.find(
  (r): r is RuleOf<'referendum-limit'> => r.kind === 'referendum-limit',
)!;
const principle = (year: string) => rule.principles.find((p) => p.period.startsWith(year))!;

describe('referendumLimitBasisPoints', () => {
  it('stops a social care authority just below the principle', () => {
    // 2025/26: 5% or more is excessive for a social care authority
    assert.equal(referendumLimitBasisPoints(rule, principle('2025'), 'unitary', 228_619), 499);
    assert.equal(referendumLimitBasisPoints(rule, principle('2022'), 'county', 150_000), 299);
  });

  it('lets a shire district take £5 where that is more than the percent', () => {
    // 2.99% of £150.00 is £4.49: £5 is 3.33%
    assert.equal(referendumLimitBasisPoints(rule, principle('2025'), 'district', 15_000), 333);
    // 2.99% of £250.00 is £7.48: more than £5
    assert.equal(referendumLimitBasisPoints(rule, principle('2025'), 'district', 25_000), 299);
  });

  it('knows no limit for authorities the principles here do not cover', () => {
    assert.equal(
      referendumLimitBasisPoints(rule, principle('2025'), 'fire-authority', 9_000),
      null,
    );
  });
});

describe('councilTaxPrefill', () => {
  const years = [
    {
      period: '2024-04-01/P1Y',
      label: '2024/25',
      requirementPounds: 53_000_000,
      bandDPounds: 2_177.34,
    },
    {
      period: '2025-04-01/P1Y',
      label: '2025/26',
      requirementPounds: 56_395_345.4,
      bandDPounds: 2_286.19,
    },
    { period: '2026-04-01/P1Y', label: '2026/27', requirementPounds: null, bandDPounds: 2_400 },
  ];

  it('reads the latest year with both figures, for a lever the year after', () => {
    const prefill = councilTaxPrefill(rule, 'unitary', years);
    assert.deepEqual(prefill, {
      year: '2026/27',
      figuresYear: '2025/26',
      requirementPounds: 56_395_345,
      bandDPennies: 228_619,
      limitBasisPoints: 499,
      principlesYear: '2025/26',
      principlesSource: principle('2025').source,
      principlesAssumed: true,
    });
  });

  it('takes the principles of the lever’s own year where they are held', () => {
    const prefill = councilTaxPrefill(rule, 'unitary', years.slice(0, 1));
    assert.ok('principlesAssumed' in prefill);
    assert.equal(prefill.year, '2025/26');
    assert.equal(prefill.principlesYear, '2025/26');
    assert.equal(prefill.principlesAssumed, false);
  });

  it('says why when there is nothing to prefill from', () => {
    assert.deepEqual(councilTaxPrefill(rule, 'unitary', []), { kind: 'no-figures' });
    assert.deepEqual(councilTaxPrefill(rule, 'unitary', [{ ...years[1]!, bandDPounds: 0 }]), {
      kind: 'no-figures',
    });
    assert.deepEqual(councilTaxPrefill(rule, 'police-force', years), {
      kind: 'type-not-covered',
      type: 'police-force',
    });
  });
});
