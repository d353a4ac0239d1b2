import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { balanceOf } from './balance.ts';
import { balanceText, money } from './resident-text.ts';
import { readForm } from './resident.view.ts';
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
    const say = (percents: Record<string, number>) =>
      balanceText(
        rulesOf(definition),
        balanceOf(rulesOf(definition), { percents, councilTaxBasisPoints: 0 }),
      );
    assert.equal(say({}), 'Money still to find: £1,000,000');
    assert.equal(say({ libraries: -25 }), 'Your budget balances');
    assert.equal(say({ libraries: -20, parking: 10 }), 'Your budget balances, to within £50,000');
    assert.equal(say({ libraries: -30 }), 'You have found £200,000 more than needed');
    assert.equal(say({ libraries: -30, parking: 20 }), 'You have found £700,000 more than needed');
  });
});
