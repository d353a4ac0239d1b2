import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAccessibleSvg, elements, parseXml, textOf } from './chart-assertions.ts';

const svg = (body: string, root = 'role="img" aria-labelledby="c-title c-desc"') =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" ${root}>` +
  `<title id="c-title">T</title><desc id="c-desc">D</desc>${body}</svg>`;

describe('parseXml', () => {
  it('reads elements, attributes and decoded text', () => {
    const root = parseXml('<a x="1 &amp; 2"><b/>A &lt;&#38;&#x3e; <c y=\'z\'>C</c></a>');
    assert.equal(root.attributes.get('x'), '1 & 2');
    assert.deepEqual(
      elements(root).map((e) => e.name),
      ['a', 'b', 'c'],
    );
    assert.equal(textOf(root), 'A <&> C');
  });

  it('refuses malformed markup', () => {
    for (const bad of [
      '<a><b></a></b>',
      '<a>',
      '<a x="1" x="2"/>',
      '<a x=1/>',
      '<a>1 & 2</a>',
      '<a>&nbsp;</a>',
      '<a x="<"/>',
      '<a/><b/>',
      '<a><!-- no --></a>',
      '<a x="1"y="2"/>',
    ])
      assert.throws(() => parseXml(bad), SyntaxError, bad);
  });
});

describe('assertAccessibleSvg', () => {
  it('accepts a labelled image', () => {
    assertAccessibleSvg(svg('<rect fill="url(#p)"/><pattern id="p"/>'));
  });

  it('refuses what the charts must never contain', () => {
    for (const bad of [
      svg('<rect style="fill:red"/>'),
      svg('<rect onclick="x()"/>'),
      svg('<script>x()</script>'),
      svg('<rect role="img"/>'),
      svg('<rect aria-label="x"/>'),
      svg('<rect fill="url(#missing)"/>'),
      svg('<rect id="c-title"/>'),
      svg('<text>NaN</text>'),
      svg('<rect x="NaN"/>'),
      svg('', 'aria-labelledby="c-title c-desc"'),
      svg('', 'role="img" aria-labelledby="c-desc c-title"'),
    ])
      assert.throws(() => assertAccessibleSvg(bad), assert.AssertionError, bad);
  });
});
