import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { submissionProblems } from './balance.ts';
import {
  aboutYouAnswers,
  localised,
  rulesOf,
  simulationDefinition,
  type SimulationDefinition,
} from './simulation.schema.ts';
import { exampleDefinition } from './simulations.fixture.ts';

const parsed = (): SimulationDefinition => simulationDefinition.parse(exampleDefinition());

/** The paths of every problem zod finds in a definition changed by `change`. */
function problemPaths(change: (d: ReturnType<typeof exampleDefinition>) => void): string[] {
  const input = exampleDefinition();
  change(input);
  const result = simulationDefinition.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('simulation definition', () => {
  it('takes the example, filling what may be left out', () => {
    const definition = parsed();
    assert.equal(definition.services[1]?.description.en, '');
    assert.equal(definition.services[1]?.name.cy, '');
    assert.deepEqual(definition.services[1]?.consequences, []);
  });

  it('falls back to English, marked as English, where the Welsh is empty', () => {
    const definition = parsed();
    assert.deepEqual(localised(definition.services[0]!.name, 'cy'), {
      text: 'Llyfrgelloedd',
      lang: 'cy',
    });
    assert.deepEqual(localised(definition.services[1]!.name, 'cy'), { text: 'Parks', lang: 'en' });
    assert.deepEqual(localised(definition.services[0]!.name, 'en'), {
      text: 'Libraries',
      lang: 'en',
    });
  });

  it('gives the balance maths every line, services and income apart', () => {
    const rules = rulesOf(parsed());
    assert.deepEqual(
      rules.lines.map((l) => [l.id, l.kind]),
      [
        ['libraries', 'service'],
        ['parks', 'service'],
        ['parking', 'income'],
      ],
    );
    assert.deepEqual(
      submissionProblems(rules, { percents: { libraries: -25 }, councilTaxBasisPoints: 0 }),
      [],
    );
  });

  it('refuses a range without 0, off its steps, or an id used twice', () => {
    assert.deepEqual(
      problemPaths((d) => {
        d.services[0]!.maxPercent = 12;
        d.income![0]!.id = 'parks';
      }),
      ['services.0', 'income.0'],
    );
    assert.deepEqual(
      problemPaths((d) => (d.services[0]!.minPercent = 5)),
      ['services.0.minPercent'],
    );
  });

  it('refuses consequences off the steps, unknown groups, unknown fields', () => {
    assert.deepEqual(
      problemPaths((d) => {
        d.services[0]!.consequences = [{ percent: -12, text: { en: 'Odd' } }];
        d.services[1]!.group = 'nowhere';
      }),
      ['services.0.consequences.0', 'services.1.group'],
    );
    assert.deepEqual(
      problemPaths((d) => Object.assign(d, { colour: '#000000' })),
      [''],
    );
  });

  it('needs English for every resident-facing text, Welsh being optional', () => {
    assert.deepEqual(
      problemPaths((d) => {
        d.title = { en: ' ', cy: 'Teitl' };
        d.consent = { en: '' };
      }),
      ['title.en', 'consent.en'],
    );
  });

  it('refuses colours under 4.5:1 with white text, logos without alt text, backward dates', () => {
    assert.deepEqual(
      problemPaths((d) => {
        d.branding = { logoUrl: 'https://example.org/logo.png', colour: '#ffdd00' };
        d.closesAt = d.opensAt;
      }),
      ['closesAt', 'branding.colour', 'branding.logoAlt'],
    );
    assert.deepEqual(
      problemPaths((d) => (d.branding = { logoUrl: 'javascript:alert(1)', colour: '#1d70b8' })),
      ['branding.logoUrl'],
    );
  });

  it('takes a lever of whole basis points, or none', () => {
    assert.deepEqual(
      problemPaths((d) => (d.councilTax = null)),
      [],
    );
    assert.deepEqual(
      problemPaths((d) => (d.councilTax!.stepBasisPoints = 0.5)),
      ['councilTax.stepBasisPoints'],
    );
  });
});

describe('about-you answers', () => {
  const answers = aboutYouAnswers(parsed().aboutYou);

  it('lets every question be skipped, and tidies a postcode district', () => {
    assert.deepEqual(answers.parse({}), {});
    assert.deepEqual(answers.parse({ postcode: ' ts24 ', age: '' }), { postcode: 'TS24' });
    assert.deepEqual(answers.parse({ age: '35-64' }), { age: '35-64' });
  });

  it('refuses a full postcode, an option not offered and questions not asked', () => {
    for (const bad of [{ postcode: 'TS24 8AA' }, { age: '16-17' }, { income: 'high' }])
      assert.equal(answers.safeParse(bad).success, false, JSON.stringify(bad));
  });
});
