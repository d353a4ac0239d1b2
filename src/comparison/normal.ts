/**
 * The standard normal distribution, written out here so that the comparison module has no
 * dependency and every figure it publishes can be traced to code in this repository.
 *
 * erfc is W. J. Cody's rational Chebyshev approximation ("Rational Chebyshev approximations
 * for the error function", Mathematics of Computation 23, 1969), with the coefficients of his
 * Netlib SPECFUN routine CALERF. Its relative error is below 1e-15 for every argument, which
 * keeps small tail probabilities (p-values) accurate: computing them as 1 - Φ(z) would lose
 * every significant digit once Φ(z) rounds to 1.
 */

// Cody's 18-digit coefficients written as the doubles they round to, each polynomial from its
// highest power down for Horner's rule; the denominators are monic, as in CALERF.
const erfSmallNumerator = [
  0.18577770618460315, 3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694,
];
const erfSmallDenominator = [
  1, 23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171,
];
const erfcMiddleNumerator = [
  2.1531153547440383e-8, 0.5641884969886701, 8.883149794388377, 66.11919063714163,
  298.6351381974001, 881.952221241769, 1712.0476126340707, 2051.0783778260716, 1230.3393547979972,
];
const erfcMiddleDenominator = [
  1, 15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903,
  3290.7992357334597, 4362.619090143247, 3439.3676741437216, 1230.3393548037495,
];
const erfcTailNumerator = [
  0.016315387137302097, 0.30532663496123236, 0.36034489994980445, 0.12578172611122926,
  0.016083785148742275, 0.0006587491615298378,
];
const erfcTailDenominator = [
  1, 2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132,
  0.0023352049762686918,
];
const oneOverSqrtPi = 0.5641895835477563;
// Cody's XBIG: beyond it erfc(x) is below the smallest double.
const erfcUnderflow = 26.543;

function horner(coefficients: readonly number[], t: number): number {
  return coefficients.reduce((sum, c) => sum * t + c, 0);
}

/** exp(-y²), split as Cody does so that the rounding of y² is not magnified in the tail. */
function expMinusSquare(y: number): number {
  const coarse = Math.trunc(y * 16) / 16;
  return Math.exp(-coarse * coarse) * Math.exp(-(y - coarse) * (y + coarse));
}

/** The complementary error function, erfc(x) = 1 - erf(x). */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const y = Math.abs(x);
  if (y <= 0.46875) {
    const t = y * y;
    return 1 - (x * horner(erfSmallNumerator, t)) / horner(erfSmallDenominator, t);
  }
  let upper: number;
  if (y <= 4) {
    upper = (expMinusSquare(y) * horner(erfcMiddleNumerator, y)) / horner(erfcMiddleDenominator, y);
  } else if (y < erfcUnderflow) {
    const t = 1 / (y * y);
    const correction = (t * horner(erfcTailNumerator, t)) / horner(erfcTailDenominator, t);
    upper = (expMinusSquare(y) * (oneOverSqrtPi - correction)) / y;
  } else {
    upper = 0;
  }
  return x < 0 ? 2 - upper : upper;
}

/** Φ(z), the probability that a standard normal variable is at most z. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** P(|Z| ≥ |z|) for a standard normal Z: the two-sided p-value of a z statistic. */
export function twoSidedNormalPValue(z: number): number {
  return erfc(Math.abs(z) / Math.SQRT2);
}
