import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { budgetPicture, budgetSvg } from './budget-image.ts';
import { simulationDefinition } from './simulation.schema.ts';
import { exampleDefinition } from './simulations.fixture.ts';

const definition = simulationDefinition.parse(exampleDefinition());

describe('a resident’s budget as a picture', () => {
  const picture = budgetPicture(definition, {
    percents: { libraries: -20, parks: 10, parking: 20 },
    councilTaxBasisPoints: 200,
  });

  it('says each line’s change, the council tax and the balance in the server’s words', () => {
    assert.equal(picture.title, 'My budget: Help us balance the budget');
    assert.deepEqual(
      picture.rows.map((row) => [row.name, row.change, row.foundPennies]),
      [
        ['Libraries', '-20%: saves £800,000', 80_000_000],
        ['Parks', '+10%: costs £300,000 more', -30_000_000],
        ['Parking charges', '+20%: raises £500,000', 50_000_000],
      ],
    );
    assert.equal(
      picture.councilTax,
      'Council tax rise in 2026/27: 2%: £45.72 a year more for a Band D home, £1,127,906.90 raised',
    );
    // £800,000 − £300,000 + £500,000 + £1,127,906.90 found against £1m
    assert.equal(picture.balance, 'You have found £1,127,906.90 more than needed');
  });

  it('draws every word of it, escaped, with a bar for each line that moved', () => {
    const svg = budgetSvg({
      ...picture,
      rows: [...picture.rows, { name: 'Roads & <paths>', change: 'No change', foundPennies: 0 }],
    });
    for (const words of ['Libraries', '-20%: saves £800,000', 'Roads &amp; &lt;paths&gt;'])
      assert.ok(svg.includes(`>${words}</text>`), words);
    assert.equal(svg.match(/<rect x=/g)?.length, 3);
    assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="budget-title budget-desc"/);
    assert.match(svg, /<desc id="budget-desc">You have found £1,127,906.90 more than needed\. /);
  });
});
