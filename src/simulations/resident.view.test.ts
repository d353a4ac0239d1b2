import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { balanceOf } from './balance.ts';
import { balanceText, money } from './resident-text.ts';
import { textWordsIn } from './resident-words.ts';
import { balanceText as pageBalanceText, readForm } from './resident.view.ts';
import { rulesOf, simulationDefinition } from './simulation.schema.ts';
import { exampleDefinition } from './simulations.fixture.ts';

const definition = simulationDefinition.parse(exampleDefinition());

describe('the resident’s page model', () => {
  it('writes pennies as pounds, with pence only where there are some', () => {
    assert.equal(money(100_000_000), '£1,000,000');
    assert.equal(money(11_408), '£114.08');
    assert.equal(money(5), '£0.05');
    assert.equal(money(-25_000), '-£250');
  });

  it('reads percents as people type them, and says which it cannot', () => {
    const { choice, unreadable } = readForm(definition, {
      'line-libraries': ' +10% ',
      'line-parks': '−20',
      'line-parking': '1.5',
      'council-tax': '100',
    });
    assert.deepEqual(choice, {
      percents: { libraries: 10, parks: -20 },
      councilTaxBasisPoints: 100,
    });
    assert.deepEqual(unreadable, [{ field: 'parking', code: 'not-whole' }]);
    assert.deepEqual(readForm(definition, { 'council-tax': 'x' }).choice.councilTaxBasisPoints, -1);
  });

  it('says where the budget stands', () => {
    const balance = (percents: Record<string, number>) =>
      balanceOf(rulesOf(definition), { percents, councilTaxBasisPoints: 0 });
    const say = (percents: Record<string, number>) =>
      balanceText(rulesOf(definition), balance(percents), textWordsIn('en'));
    assert.equal(say({}), 'Money still to find: £1,000,000');
    assert.equal(say({ libraries: -25 }), 'Your budget balances');
    assert.equal(say({ libraries: -20, parking: 10 }), 'Your budget balances, to within £50,000');
    assert.equal(say({ libraries: -30 }), 'You have found £200,000 more than needed');
    assert.equal(say({ libraries: -30, parking: 20 }), 'You have found £700,000 more than needed');
    // The page says the same as the script, in the resident's language.
    for (const percents of [{}, { libraries: -25 }, { libraries: -30 }] as Record<string, number>[])
      assert.equal(pageBalanceText(definition, balance(percents), 'en'), say(percents));
    assert.equal(
      pageBalanceText(definition, balance({}), 'cy'),
      'Arian sydd i’w ganfod o hyd: £1,000,000',
    );
    assert.equal(
      pageBalanceText(definition, balance({ libraries: -25 }), 'cy'),
      'Mae eich cyllideb yn mantoli',
    );
  });
});
