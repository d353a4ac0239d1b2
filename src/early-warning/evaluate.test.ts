import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Figure } from '../overview/direction.ts';
import {
  evaluate,
  medianAbsoluteDeviation,
  type Council,
  type Inputs,
  type KeptDirection,
  type MeasureFigures,
} from './evaluate.ts';
import { readyMadeRules } from './ready-made-rules.ts';
import { ruleSet, type RuleSet } from './rules.schema.ts';

const year = (y: number) => `${y}-04-01/P1Y`;
const fig = (
  period: string,
  value: number,
  lci: number | null = null,
  uci: number | null = null,
): Figure => ({
  period,
  value,
  lci,
  uci,
});

/** A measure with `values[area]` listed year by year from 2018. */
function measure(
  slug: string,
  values: Record<string, number[]>,
  polarity: MeasureFigures['polarity'] = 'higher-is-better',
): MeasureFigures {
  const figures = new Map<string, Map<string, Figure>>();
  let years = 0;
  for (const [area, list] of Object.entries(values)) {
    years = Math.max(years, list.length);
    figures.set(area, new Map(list.map((v, i) => [year(2018 + i), fig(year(2018 + i), v)])));
  }
  const periods = Array.from({ length: years }, (_, i) => year(2018 + i));
  return {
    slug,
    title: `Title of ${slug}`,
    polarity,
    periods,
    latest: periods.at(-1) ?? null,
    figures,
  };
}

const rule = (slug: string) => ({
  metric: slug,
  polarity: null,
  useIntervals: true,
  tolerance: { relative: 0.02 },
  methodChanges: [],
});

/** Eight councils, A the one judged, the rest its group. */
const group = ['B', 'C', 'D', 'E', 'F', 'G', 'H'];
const council = (code: string, type: Council['type'] = 'unitary'): Council => ({
  code,
  type,
  group: group.filter((c) => c !== code),
});

function inputs(
  measures: MeasureFigures[],
  directions: Inputs['directions'] = new Map(),
  councils = [council('A')],
): Inputs {
  return {
    councils,
    baskets: [{ slug: 'theme', measures: measures.map((m) => rule(m.slug)) }],
    measures: new Map(measures.map((m) => [m.slug, m])),
    directions,
  };
}

const only = (rules: RuleSet['rules']): RuleSet =>
  ruleSet.parse({ version: 1, themes: { finance: 'Finance' }, rules });

describe('medianAbsoluteDeviation', () => {
  it('is the median distance from the median', () => {
    // Median 3; distances 2, 1, 0, 1, 97: their median is 1.
    assert.deepEqual(medianAbsoluteDeviation([1, 2, 3, 4, 100]), { median: 3, deviation: 1 });
  });
  it('is null for no figures', () => {
    assert.equal(medianAbsoluteDeviation([]), null);
  });
});

describe('the outlier rule', () => {
  const outlier = only([
    {
      id: 'outlier',
      kind: 'outlier',
      title: 'Far',
      why: 'Why.',
      baskets: ['theme'],
      deviations: 3,
      scale: 1.4826,
    },
  ]);
  const group = { B: [50], C: [51], D: [49], E: [52], F: [48], G: [50], H: [51] };

  it('flags a figure more than 3 scaled deviations the worse side, with the figures', () => {
    // Median 50, deviation 1, scaled 1.4826: 45 is 3.4 of them below.
    const flags = evaluate(outlier, inputs([measure('m', { A: [45], ...group })]));
    assert.equal(flags.length, 1);
    const [evidence] = flags[0]?.evidence ?? [];
    assert.equal(evidence?.value, 45);
    assert.deepEqual(evidence?.against, { label: 'group median', period: year(2018), value: 50 });
    assert.match(evidence?.finding ?? '', /^3\.4 scaled median absolute deviations/);
  });

  it('leaves one as far the better side, or within 3, alone', () => {
    assert.equal(evaluate(outlier, inputs([measure('m', { A: [56], ...group })])).length, 0);
    assert.equal(evaluate(outlier, inputs([measure('m', { A: [46], ...group })])).length, 0);
    // Lower is better: 56 is now the worse side.
    assert.equal(
      evaluate(outlier, inputs([measure('m', { A: [56], ...group }, 'lower-is-better')])).length,
      1,
    );
  });

  it('judges nothing where the group does not spread', () => {
    const flat = { B: [50], C: [50], D: [50], E: [50], F: [50], G: [50], H: [51] };
    assert.equal(evaluate(outlier, inputs([measure('m', { A: [10], ...flat })])).length, 0);
  });
});

describe('the low-and-worsening rule', () => {
  const lowAndWorsening = only([
    {
      id: 'low',
      kind: 'low-and-worsening',
      title: 'Low',
      why: 'Why.',
      baseline: '2019',
      themes: [{ basket: 'theme', bottomQuarter: 2, worsened: 1 }],
    },
  ]);
  const ranks = { B: [60], C: [70], D: [80], E: [90], F: [65], G: [75], H: [85] };
  const worsened = (metric: string): Inputs['directions'] => {
    const direction: KeptDirection = {
      direction: 'worsened',
      baseline: { period: year(2019), value: 70 },
      latest: { period: year(2018), value: 50 },
    };
    return new Map([['theme', new Map([['A', new Map([[metric, direction]])]])]]);
  };

  it('flags a council in the bottom quarter on enough measures and worse on enough', () => {
    const measures = [measure('m1', { A: [50], ...ranks }), measure('m2', { A: [55], ...ranks })];
    const flags = evaluate(lowAndWorsening, inputs(measures, worsened('m1')));
    assert.equal(flags.length, 1);
    assert.equal(
      flags[0]?.summary,
      'In the bottom quarter of its group on 2 of 2 measures, and worse than in 2019 on 1',
    );
    assert.deepEqual(
      flags[0]?.evidence.map((e) => e.finding),
      [
        '8 of 8 in its group: the bottom quarter',
        '8 of 8 in its group: the bottom quarter',
        'worse than at the 2019 baseline',
      ],
    );
  });

  it('needs both counts', () => {
    const measures = [measure('m1', { A: [50], ...ranks }), measure('m2', { A: [55], ...ranks })];
    assert.equal(evaluate(lowAndWorsening, inputs(measures)).length, 0, 'low, not worse');
    const oneLow = [measure('m1', { A: [50], ...ranks }), measure('m2', { A: [95], ...ranks })];
    assert.equal(evaluate(lowAndWorsening, inputs(oneLow, worsened('m1'))).length, 0, 'low on one');
  });
});

describe('the sharp-fall rule', () => {
  const sharpFall = only([
    {
      id: 'fall',
      kind: 'sharp-fall',
      title: 'Fall',
      why: 'Why.',
      baskets: ['theme'],
      relative: 0.25,
      atLeast: 2,
    },
  ]);

  it('flags a theme where enough measures fell by more than the share', () => {
    const measures = [
      measure('m1', { A: [100, 70] }),
      measure('m2', { A: [10, 7] }),
      measure('m3', { A: [10, 9] }),
    ];
    const flags = evaluate(sharpFall, inputs(measures));
    assert.equal(flags[0]?.summary, '2 of 3 measures fell sharply in the latest period');
    assert.deepEqual(flags[0]?.evidence[0]?.against, {
      label: 'period before',
      period: year(2018),
      value: 100,
    });
    assert.equal(flags[0]?.evidence[0]?.finding, 'worse by 30%');
  });

  it('leaves one fall alone, and a rise of the same size', () => {
    assert.equal(
      evaluate(sharpFall, inputs([measure('m1', { A: [100, 70] }), measure('m2', { A: [10, 9] })]))
        .length,
      0,
    );
    assert.equal(
      evaluate(sharpFall, inputs([measure('m1', { A: [70, 100] }), measure('m2', { A: [7, 10] })]))
        .length,
      0,
    );
  });
});

describe('the referendum-limit rule (ready-made)', () => {
  const referendum = only(readyMadeRules.rules.filter((r) => r.kind === 'referendum-limit'));
  // The principles' limits 2018/19 to 2022/23 for a social care authority: 6, 5, 4, 5, 3 (%).
  const atLimit = [1000, 1059.9, 1112.79, 1157.19, 1214.93, 1251.26];

  it('flags Band D raised to the limit in each of the latest five years, listing each', () => {
    const band = measure('band-d-council-tax-excluding-parish-precepts', { A: atLimit });
    const shifted: MeasureFigures = {
      ...band,
      periods: Array.from({ length: 6 }, (_, i) => year(2017 + i)),
      latest: year(2022),
      figures: new Map([
        ['A', new Map(atLimit.map((v, i) => [year(2017 + i), fig(year(2017 + i), v)]))],
      ]),
    };
    const flags = evaluate(referendum, {
      ...inputs([]),
      measures: new Map([[band.slug, shifted]]),
    });
    assert.equal(flags.length, 1);
    assert.deepEqual(
      flags[0]?.evidence.map((e) => e.finding),
      [
        'up 5.99%: at the limit of 6% (a referendum is needed at or above it)',
        'up 4.99%: at the limit of 5% (a referendum is needed at or above it)',
        'up 3.99%: at the limit of 4% (a referendum is needed at or above it)',
        'up 4.99%: at the limit of 5% (a referendum is needed at or above it)',
        'up 2.99%: at the limit of 3% (a referendum is needed at or above it)',
      ],
    );
  });

  it('counts a district’s £5 where that is the larger limit, and not a smaller rise', () => {
    const district = (values: number[]): Inputs => ({
      ...inputs([], new Map(), [council('A', 'district')]),
      measures: new Map([
        [
          'band-d-council-tax-excluding-parish-precepts',
          {
            ...measure('band-d-council-tax-excluding-parish-precepts', {}),
            periods: values.map((_, i) => year(2017 + i)),
            latest: year(2016 + values.length),
            figures: new Map([
              ['A', new Map(values.map((v, i) => [year(2017 + i), fig(year(2017 + i), v)]))],
            ]),
          },
        ],
      ]),
    });
    // £5 a year on £150 is more than 3% (2018, 2019) or 2% (2020–22).
    assert.equal(evaluate(referendum, district([150, 155, 160, 165, 170, 175])).length, 1);
    assert.equal(evaluate(referendum, district([150, 155, 160, 165, 170, 172])).length, 0);
  });
});

describe('the ready-made rules', () => {
  it('pass their schema, and every theme they name is a basket or one of their own', () => {
    assert.equal(readyMadeRules.version, 1);
    assert.deepEqual(Object.keys(readyMadeRules.themes), ['finance']);
  });
  it('refuse a rule set naming a rule twice, or a theme it does not define', () => {
    const twice = {
      version: 1,
      themes: {},
      rules: [readyMadeRules.rules[1], readyMadeRules.rules[1]],
    };
    assert.equal(ruleSet.safeParse(twice).success, false);
    const finance = readyMadeRules.rules.filter((r) => r.kind === 'above');
    assert.equal(ruleSet.safeParse({ version: 1, themes: {}, rules: finance }).success, false);
  });
});
