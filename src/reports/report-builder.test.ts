import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readyMadeReports } from './ready-made/index.ts';
import {
  checkSection,
  introParagraphs,
  introText,
  sectionForm,
  sectionFrom,
  withSection,
  withSectionMoved,
  withoutSection,
} from './report-builder.ts';

const [report] = readyMadeReports;
assert.ok(report);

describe('the report builder’s edits', () => {
  it('splits words into paragraphs at blank lines, and back', () => {
    assert.deepEqual(introParagraphs('One\nline.\r\n\r\n  Two.  \n\n\n'), ['One line.', 'Two.']);
    assert.equal(introText(['One.', 'Two.']), 'One.\n\nTwo.');
    assert.deepEqual(introParagraphs(''), []);
  });

  it('reads a section back into its form, and a form into a section of its kind', () => {
    const table = report.sections.find((s) => s.kind === 'table');
    assert.ok(table && table.kind === 'table');
    const form = sectionForm(table);
    assert.deepEqual(form.metrics, table.metrics);
    assert.deepEqual(sectionFrom('table', form), {
      kind: 'table',
      heading: table.heading,
      intro: table.intro,
      metrics: table.metrics,
    });
    assert.deepEqual(sectionFrom('map', { heading: ' Map ', intro: '', metrics: ['a', 'b'] }), {
      kind: 'map',
      heading: 'Map',
      intro: [],
      metric: 'a',
    });
    assert.deepEqual(sectionFrom('text', { heading: 'Words', intro: 'Hi.', metrics: ['a'] }), {
      kind: 'text',
      heading: 'Words',
      intro: ['Hi.'],
    });
  });

  it('adds, replaces, moves and removes sections, keeping at least one', () => {
    const added = checkSection(
      withSection(report, null, { kind: 'text', heading: 'End', intro: [] }),
      report.sections.length,
    );
    assert.ok(added.ok);
    assert.equal(added.report.sections.at(-1)?.heading, 'End');
    const moved = withSectionMoved(report, 1, 'up');
    assert.equal(moved.sections[0]?.heading, report.sections[1]?.heading);
    assert.equal(withSectionMoved(report, 0, 'up'), report, 'the first cannot go higher');
    const one = { ...report, sections: report.sections.slice(0, 1) };
    assert.equal(withoutSection(one, 0), null);
    assert.equal(withoutSection(report, 0)?.sections.length, report.sections.length - 1);
  });

  it('names the field of each problem with a section', () => {
    const candidate = withSection(report, 0, {
      kind: 'grid',
      heading: '',
      intro: ['{metric:x.nope}'],
      metrics: [],
    });
    const checked = checkSection(candidate, 0);
    assert.ok(!checked.ok);
    assert.deepEqual(
      checked.problems.map((p) => p.field),
      ['heading', 'metrics', 'intro'],
    );
    assert.match(checked.problems[2]?.text ?? '', /^Words: unknown token \{metric:x\.nope\}$/);
    const tooMany = withSection(report, 0, {
      kind: 'tiles',
      heading: 'Tiles',
      intro: [],
      metrics: Array.from({ length: 9 }, (_v, i) => `m-${i}`),
    });
    const many = checkSection(tooMany, 0);
    assert.ok(!many.ok);
    assert.deepEqual(many.problems, [{ field: 'metrics', text: 'Choose fewer measures' }]);
  });
});
