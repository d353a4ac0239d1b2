import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { dfeSlug } from '../../imports/dfe/dfe.reader.ts';
import { elsCatalogue } from '../../imports/els/els.catalogue.ts';
import { dataDir } from '../../testing/app.ts';
import { basketDefinition } from './basket.schema.ts';
import { readyMadeBaskets } from './ready-made.ts';

const basket = {
  slug: 'test',
  version: 1,
  title: 'Test',
  description: 'A test basket.',
  baselines: [{ id: '2016', label: '2016' }],
  measures: [{ metric: 'employment-rate' }],
};

const problems = (input: unknown) => {
  const parsed = basketDefinition.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('basket definitions', () => {
  it('fills in the default rule: intervals when given, else 2% of the baseline figure', () => {
    const [measure] = basketDefinition.parse(basket).measures;
    assert.deepEqual(measure, {
      metric: 'employment-rate',
      useIntervals: true,
      tolerance: { relative: 0.02 },
      baselinePeriods: {},
      methodChanges: [],
    });
  });

  it('refuses a measure twice, a baseline twice, or a period for a baseline it lacks', () => {
    assert.deepEqual(problems({ ...basket, measures: [{ metric: 'a' }, { metric: 'a' }] }), [
      'measures: a is listed twice',
    ]);
    assert.deepEqual(
      problems({ ...basket, baselines: [basket.baselines[0], basket.baselines[0]] }),
      ['baselines: a baseline twice'],
    );
    assert.deepEqual(
      problems({
        ...basket,
        measures: [{ metric: 'a', baselinePeriods: { '2010': '2010-04-01/P1Y' } }],
      }),
      ['measures.0.baselinePeriods.2010: the basket has no baseline 2010'],
    );
  });

  it('refuses a stated polarity without its reason, and a tolerance of nothing', () => {
    assert.equal(
      problems({ ...basket, measures: [{ metric: 'a', polarity: { value: 'lower-is-better' } }] })
        .length,
      1,
    );
    assert.equal(
      problems({ ...basket, measures: [{ metric: 'a', tolerance: { relative: 0 } }] }).length,
      1,
    );
  });

  it('ships a headline basket holding every theme basket’s measures', () => {
    const [headline, ...themed] = readyMadeBaskets;
    assert.equal(headline?.slug, 'headline');
    assert.deepEqual(
      headline?.measures.map((m) => m.metric).sort(),
      themed.flatMap((b) => b.measures.map((m) => m.metric)).sort(),
    );
  });

  it('names only measures the demo data loads: ONS indicators and LAIT measures', async () => {
    const dictionary = parse(
      await readFile(path.join(dataDir, 'metrics/dfe-lait/lait_data_dictionary.csv')),
      { columns: true, bom: true },
    ) as { Measure_short: string }[];
    const lait = new Set(dictionary.map((row) => dfeSlug(row.Measure_short)));
    for (const m of readyMadeBaskets[0]?.measures ?? [])
      assert.ok(m.metric in elsCatalogue || lait.has(m.metric), m.metric);
  });
});
