import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contrastRatio, isHexColour, meetsContrastAA, relativeLuminance } from './contrast.ts';

describe('contrast', () => {
  it('measures the ends of the scale and is symmetric', () => {
    assert.equal(relativeLuminance('#000000'), 0);
    assert.equal(relativeLuminance('#FFFFFF'), 1);
    assert.equal(contrastRatio('#000000', '#ffffff'), 21);
    assert.equal(contrastRatio('#ffffff', '#000000'), 21);
    assert.equal(contrastRatio('#1d70b8', '#1d70b8'), 1);
  });

  it('agrees with published ratios to two decimal places', () => {
    // GOV.UK's link blue and text colour, and the greys either side of 4.5:1 on white
    const cases: [string, string, number][] = [
      ['#1d70b8', '#ffffff', 5.17],
      ['#0b0c0c', '#ffffff', 19.59],
      ['#767676', '#ffffff', 4.54],
      ['#777777', '#ffffff', 4.48],
      ['#ff0000', '#ffffff', 4.0],
    ];
    for (const [a, b, ratio] of cases)
      assert.equal(Math.round(contrastRatio(a, b) * 100) / 100, ratio, `${a} on ${b}`);
  });

  it('passes AA at 4.5:1 and not below', () => {
    assert.ok(meetsContrastAA('#767676', '#ffffff'));
    assert.ok(!meetsContrastAA('#777777', '#ffffff'));
    assert.ok(!meetsContrastAA('#ffdd00', '#ffffff'));
    assert.ok(meetsContrastAA('#0b0c0c', '#ffdd00'));
  });

  it('takes only #rrggbb', () => {
    assert.ok(isHexColour('#A1b2C3'));
    for (const bad of ['#abc', 'red', '#12345g', '123456', '#1234567'])
      assert.ok(!isHexColour(bad), bad);
    assert.throws(() => relativeLuminance('red'), RangeError);
  });
});
