import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { publishedFigure, spreadsheetFigure } from './published-number.ts';

describe('publishedFigure', () => {
  it('drops the noise digits of a double written in full', () => {
    for (const [text, figure] of [
      ['63.00000000000001', 63],
      ['73.60000000000001', 73.6],
      ['16.899999999999999', 16.9],
      ['0.30000000000000004', 0.3],
      ['-2.2000000000000002', -2.2],
    ] as const)
      assert.equal(publishedFigure(text, Number(text)), figure, text);
  });

  it('keeps every figure of 15 significant digits or fewer exactly', () => {
    for (const text of ['74.064', '0.000012345678901', '123456789012345', '1.5e3', '-0.1'])
      assert.equal(publishedFigure(text, Number(text)), Number(text), text);
  });

  it('reads a spreadsheet number as Excel shows it, to 15 significant digits', () => {
    assert.equal(spreadsheetFigure(1717.5800000000002), 1717.58);
    assert.equal(spreadsheetFigure(1684.9199999999998), 1684.92);
    assert.equal(spreadsheetFigure(18473358.8463), 18473358.8463);
  });
});
