import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { erfc, normalCdf, twoSidedNormalPValue } from './normal.ts';

function close(actual: number, expected: number, relative: number): void {
  assert.ok(
    Math.abs(actual - expected) <= relative * Math.abs(expected),
    `${actual} is not within ${relative} (relative) of ${expected}`,
  );
}

describe('normalCdf', () => {
  it('gives the textbook values', () => {
    assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
    assert.ok(Math.abs(normalCdf(-1.959964) - 0.025) < 1e-6);
    assert.equal(normalCdf(0), 0.5);
    // Reference values from mpmath at 30 digits.
    close(normalCdf(1), 0.8413447460685429, 1e-15);
    close(normalCdf(2.5), 0.9937903346742238, 1e-15);
    close(normalCdf(-1.2), 0.11506967022170828, 1e-14);
    close(normalCdf(-3), 0.0013498980316300946, 1e-14);
  });

  it('is increasing and symmetric about 0', () => {
    let previous = 0;
    for (let z = -8; z <= 8; z += 0.01) {
      const p = normalCdf(z);
      assert.ok(p >= previous, `Φ(${z}) = ${p} is below Φ(${z - 0.01})`);
      assert.ok(Math.abs(p + normalCdf(-z) - 1) < 1e-15);
      previous = p;
    }
  });
});

describe('erfc', () => {
  it('matches extended-precision values in each of its three ranges', () => {
    // Extended-precision values (mpmath at 30 digits), rounded to doubles.
    close(erfc(0.1), 0.887537083981715, 1e-15);
    close(erfc(0.5), 0.4795001221869535, 1e-15);
    close(erfc(2), 0.004677734981047266, 1e-15);
    close(erfc(4), 1.541725790028002e-8, 1e-14);
    close(erfc(5), 1.537459794428035e-12, 1e-14);
    close(erfc(10), 2.088487583762545e-45, 1e-14);
    close(erfc(26), 5.663192408856143e-296, 1e-14);
    close(erfc(-1), 1.8427007929497148, 1e-15);
  });

  it('goes to 0 past underflow and passes NaN through', () => {
    assert.equal(erfc(30), 0);
    assert.equal(erfc(-30), 2);
    assert.ok(Number.isNaN(erfc(Number.NaN)));
  });
});

describe('twoSidedNormalPValue', () => {
  it('is 5% at ±1.959964 and keeps its precision far in the tail', () => {
    assert.ok(Math.abs(twoSidedNormalPValue(1.959964) - 0.05) < 1e-6);
    assert.equal(twoSidedNormalPValue(-2), twoSidedNormalPValue(2));
    assert.equal(twoSidedNormalPValue(0), 1);
    // 1 - Φ(10) would be 0 in double precision; the tail is 1.5e-23.
    close(twoSidedNormalPValue(10), 1.5239706048321e-23, 1e-12);
  });
});
