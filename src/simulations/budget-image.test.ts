import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { budgetPicture, budgetSvg } from './budget-image.ts';
import { simulationDefinition } from './simulation.schema.ts';
import { exampleDefinition } from './simulations.fixture.ts';

const definition = simulationDefinition.parse(exampleDefinition());

describe('a resident’s budget as a picture', () => {
  const choice = {
    percents: { libraries: -20, parks: 10, parking: 20 },
    councilTaxBasisPoints: 200,
  };
  const picture = budgetPicture(definition, choice, 'en');

  it('says each line’s change, the council tax and the balance in the server’s words', () => {
    assert.equal(picture.title, 'My budget: Help us balance the budget');
    assert.deepEqual(
      picture.rows.map((row) => [row.name.text, row.change, row.foundPennies]),
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
      rows: [
        ...picture.rows,
        { name: { text: 'Roads & <paths>' }, change: 'No change', foundPennies: 0 },
      ],
    });
    for (const words of ['Libraries', '-20%: saves £800,000', 'Roads &amp; &lt;paths&gt;'])
      assert.ok(svg.includes(`>${words}</text>`), words);
    assert.equal(svg.match(/<rect x=/g)?.length, 3);
    assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="budget-title budget-desc"/);
    assert.match(svg, /<desc id="budget-desc">You have found £1,127,906.90 more than needed\. /);
  });

  it('says it in Welsh, the council’s English marked in the drawing', () => {
    const welsh = budgetPicture(definition, { ...choice, percents: { libraries: -20 } }, 'cy');
    assert.equal(welsh.title, 'Fy nghyllideb: Helpwch ni i fantoli’r gyllideb');
    assert.deepEqual(
      welsh.rows.map((row) => [row.name, row.change]),
      [
        [{ text: 'Llyfrgelloedd' }, '-20%: arbed £800,000'],
        [{ text: 'Parks', lang: 'en' }, 'Dim newid'],
        [{ text: 'Parking charges', lang: 'en' }, 'Dim newid'],
      ],
    );
    assert.match(
      welsh.councilTax ?? '',
      /^Codiad yn y dreth gyngor yn 2026\/27: 2%: £45\.72 y flwyddyn/,
    );
    const svg = budgetSvg(welsh);
    assert.match(svg, /^<svg [^>]* lang="cy">/);
    assert.match(svg, /<text [^>]* lang="en">Parks<\/text>/);
    assert.match(svg, />Llyfrgelloedd<\/text>/);
  });
});
