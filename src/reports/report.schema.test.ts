import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readyMadeReports } from './ready-made/index.ts';
import { readDefinition, type ReportDefinitionInput } from './report.schema.ts';

const minimal: ReportDefinitionInput = {
  version: 1,
  slug: 'test-report',
  revision: 1,
  name: 'Test report',
  title: '{area.name}: test',
  summary: 'A test.',
  audience: 'Testers.',
  sections: [
    { kind: 'text', heading: 'Summary', intro: ['{metric:employment-rate.sentence}.'] },
    { kind: 'table', heading: 'Table', metrics: ['employment-rate'] },
  ],
};

describe('report definitions', () => {
  it('reads a valid definition, with defaults filled in', () => {
    const read = readDefinition(minimal);
    assert.equal(read.ok, true);
    if (read.ok) assert.deepEqual(read.report.sections[1], { ...minimal.sections[1], intro: [] });
  });

  it('names the section and the token of every unknown token', () => {
    const read = readDefinition({
      ...minimal,
      sections: [
        { kind: 'text', heading: 'Summary', intro: ['{area.nam} is {metric:employment-rate.rnk}'] },
        { kind: 'ranked', heading: 'For {grup.label}', metric: 'employment-rate' },
      ],
    });
    assert.equal(read.ok, false);
    if (!read.ok)
      assert.deepEqual(read.problems, [
        'section 1 ("Summary"): unknown token {area.nam}',
        'section 1 ("Summary"): unknown token {metric:employment-rate.rnk}',
        'section 2 ("For {grup.label}"): unknown token {grup.label}',
      ]);
  });

  it('refuses unknown section kinds, fields, bad slugs and empty sections', () => {
    const problems = (input: unknown) => {
      const read = readDefinition(input);
      return read.ok ? [] : read.problems;
    };
    assert.notDeepEqual(problems({ ...minimal, sections: [{ kind: 'pie', heading: 'x' }] }), []);
    assert.notDeepEqual(
      problems({ ...minimal, sections: [{ kind: 'table', heading: 'x', metrics: ['Bad Slug'] }] }),
      [],
    );
    assert.notDeepEqual(
      problems({
        ...minimal,
        sections: [{ kind: 'map', heading: 'x', metric: 'a', colour: 'red' }],
      }),
      [],
    );
    assert.notDeepEqual(problems({ ...minimal, sections: [] }), []);
    assert.notDeepEqual(problems({ ...minimal, version: 2 }), []);
  });

  it('reads a quadrant of a cost against an outcome, and refuses one without both', () => {
    const quadrant = { kind: 'quadrant', heading: 'Cost and outcome', cost: 'a', outcome: 'b' };
    const read = readDefinition({ ...minimal, sections: [quadrant] });
    assert.equal(read.ok, true);
    if (read.ok) assert.deepEqual(read.report.sections[0], { ...quadrant, intro: [] });
    const costOnly = { kind: 'quadrant', heading: 'Cost alone', cost: 'a' };
    for (const bad of [costOnly, { ...quadrant, cost: 'Not A Slug' }, { ...quadrant, metric: 'a' }])
      assert.equal(readDefinition({ ...minimal, sections: [bad] }).ok, false, JSON.stringify(bad));
  });

  it('holds the ready-made reports, each valid and named once', () => {
    const slugs = readyMadeReports.map((r) => r.slug);
    assert.deepEqual(slugs, [
      'council-overview',
      'economy-and-skills',
      'health-and-wellbeing',
      'childrens-services',
      'council-tax-and-finance',
      'value-for-money',
      'peer-challenge-data-pack',
    ]);
    for (const report of readyMadeReports) {
      assert.equal(readDefinition(report).ok, true, report.slug);
      // Every section but the headline tiles says what it is for, for readers new to the data.
      for (const section of report.sections)
        if (section.kind !== 'tiles')
          assert.ok(section.intro.length > 0, `${report.slug}: ${section.heading}`);
    }
  });
});
