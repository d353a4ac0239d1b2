import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  councilTaxFrom,
  councilTaxValues,
  issueErrors,
  lineFrom,
  lineValues,
  newLineId,
  questionFrom,
  settingsValues,
  starterDefinition,
  wholeNumber,
  withSettings,
} from './editor.form.ts';
import { definitionIssues, simulationDefinition } from './simulation.schema.ts';
import { exampleDefinition } from './simulations.fixture.ts';

describe('the editors’ forms', () => {
  it('reads whole numbers as people type them, and nothing else', () => {
    assert.equal(wholeNumber('£4,000,000'), 4_000_000);
    assert.equal(wholeNumber('-10%'), -10);
    assert.equal(wholeNumber('−5'), -5);
    assert.equal(wholeNumber('four'), null);
    assert.equal(wholeNumber(''), null);
  });

  it('makes a new line’s id from its name, unique, never "new"', () => {
    assert.equal(newLineId('Children’s services', new Set()), 'childrens-services');
    assert.equal(newLineId('Libraries', new Set(['libraries'])), 'libraries-2');
    assert.equal(newLineId('24-hour care', new Set()), 'line-24-hour-care');
    assert.equal(newLineId('New', new Set()), 'new-2');
    assert.equal(newLineId('', new Set()), 'line');
  });

  it('gives back a line it shows, consequences one a line in both languages', () => {
    const line = simulationDefinition.parse(exampleDefinition()).services[0];
    assert.ok(line);
    const values = lineValues(line);
    assert.equal(values.consequencesEn, '-10: Two libraries close on Saturdays');
    const read = lineFrom({ ...values, consequencesCy: '-10: Dwy lyfrgell ar gau' }, line.id);
    assert.ok(read.ok);
    assert.deepEqual(read.line.consequences, [
      {
        percent: -10,
        text: { en: 'Two libraries close on Saturdays', cy: 'Dwy lyfrgell ar gau' },
      },
    ]);
    assert.equal(read.line.baselinePounds, 4_000_000);
  });

  it('says which consequence line it cannot read, and Welsh without English', () => {
    const line = simulationDefinition.parse(exampleDefinition()).services[0];
    assert.ok(line);
    const read = lineFrom(
      { ...lineValues(line), consequencesEn: '-10: Fine\nall of them', consequencesCy: '5: Iawn' },
      line.id,
    );
    assert.ok(!read.ok);
    assert.deepEqual(
      read.errors.map((e) => [e.field, e.text.slice(0, 40)]),
      [['consequencesEn', 'Line 2: write the step, a colon, then wh']],
    );
    const welsh = lineFrom({ ...lineValues(line), consequencesCy: '5: Iawn' }, line.id);
    assert.ok(!welsh.ok);
    assert.equal(welsh.errors[0]?.text, '5% has Welsh text but no English text');
  });

  it('reads the lever in pounds, pence and percents, and gives it back', () => {
    const lever = simulationDefinition.parse(exampleDefinition()).councilTax;
    const read = councilTaxFrom(councilTaxValues(lever));
    assert.ok(read.ok);
    assert.deepEqual(read.lever, lever);
    assert.deepEqual(councilTaxFrom({ include: 'no' }), { ok: true, lever: null });
    const wrong = councilTaxFrom({ ...councilTaxValues(lever), limitPercent: '4.999' });
    assert.ok(!wrong.ok);
    assert.equal(wrong.errors[0]?.field, 'limitPercent');
  });

  it('makes a list question’s answers from its lines, Welsh in the same order', () => {
    const question = questionFrom(
      { kind: 'choice', labelEn: 'Your age', optionsEn: 'Under 35\n35 to 64', optionsCy: 'Dan 35' },
      'age',
    );
    assert.deepEqual(question, {
      kind: 'choice',
      id: 'age',
      label: { en: 'Your age', cy: '' },
      options: [
        { id: 'under-35', label: { en: 'Under 35', cy: 'Dan 35' } },
        { id: '35-to-64', label: { en: '35 to 64', cy: '' } },
      ],
    });
  });

  it('starts a definition the schema takes, and puts its problems on the form’s fields', () => {
    const now = new Date('2026-03-01T10:30:00Z');
    const starter = starterDefinition({ en: 'Budget', cy: '' }, null, now);
    assert.ok(simulationDefinition.safeParse(starter).success);
    const refused = simulationDefinition.safeParse({
      ...starter,
      title: { en: '', cy: '' },
      branding: { ...starter.branding, colour: '#ffdd00' },
    });
    assert.ok(!refused.success);
    const issues = definitionIssues(refused.error);
    assert.deepEqual(
      issueErrors({ part: 'settings' }, starter, issues).map((e) => [e.field, e.text]),
      [['titleEn', 'Enter the title']],
    );
  });

  it('reads and shows the opening and closing times as UK clocks show them, across a clock change', () => {
    const definition = simulationDefinition.parse(exampleDefinition());
    const typed = (opensAt: string, closesAt: string) => {
      const read = withSettings(definition, { ...settingsValues(definition), opensAt, closesAt });
      assert.ok(read.ok);
      return read.definition;
    };
    // Opens in GMT, closes in BST (the clocks go forward on 29 March 2026).
    const spring = typed('2026-03-28T09:00', '2026-03-30T17:00');
    assert.equal(spring.opensAt, '2026-03-28T09:00:00.000Z');
    assert.equal(spring.closesAt, '2026-03-30T16:00:00.000Z');
    const shown = settingsValues(spring);
    assert.equal(shown['opensAt'], '2026-03-28T09:00');
    assert.equal(shown['closesAt'], '2026-03-30T17:00');
    // 01:30 on 29 March is never shown (taken as the hour after); on 25 October, shown twice
    // (taken as the later, in GMT).
    const skipped = typed('2026-03-29T01:30', '2026-10-25T01:30');
    assert.equal(skipped.opensAt, '2026-03-29T01:30:00.000Z');
    assert.equal(skipped.closesAt, '2026-10-25T01:30:00.000Z');
    assert.equal(settingsValues(skipped)['opensAt'], '2026-03-29T02:30');
  });
});
