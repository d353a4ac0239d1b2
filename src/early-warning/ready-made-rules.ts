import { ruleSet, type RuleSet, type RuleSetInput } from './rules.schema.ts';

/*
 * The ready-made early-warning rules, reviewed here like the baskets they read. The thresholds
 * are a first proposal, set so that each rule picks out a minority of councils on the data
 * openlg holds (docs/early-warning.md gives the counts); an adviser reads a flag as a reason
 * to look, never as a finding.
 */

const themeBaskets = [
  'economy-and-skills',
  'adult-social-care-and-health',
  'children-and-young-people',
  'environment-housing-and-planning',
];

const principlesReport = (year: string) =>
  `Referendums relating to council tax increases (principles) (England) Report ${year}`;

/**
 * Each year's principles: "excessive" is a rise of this % or more (core principle plus the adult
 * social care precept for social care authorities), or for shire districts more than £5 where
 * that is more. Councils allowed to carry over unused social care precept may go above these.
 */
const principles = [
  ['2016', 4, 2, '2016/17'],
  ['2017', 5, 2, '2017/18'],
  ['2018', 6, 3, '2018/19'],
  ['2019', 5, 3, '2019/20'],
  ['2020', 4, 2, '2020/21'],
  ['2021', 5, 2, '2021/22'],
  ['2022', 3, 2, '2022/23'],
  ['2023', 5, 3, '2023/24'],
  ['2024', 5, 3, '2024/25'],
  ['2025', 5, 3, '2025/26'],
] as const;

const input: RuleSetInput = {
  version: 1,
  themes: { finance: 'Finance' },
  rules: [
    {
      id: 'low-and-worsening',
      kind: 'low-and-worsening',
      title: 'Low against similar councils and getting worse',
      why: 'In the bottom quarter of its comparison group on several of a theme’s measures, and worse than in 2019 on several: a service falling behind its peers.',
      baseline: '2019',
      themes: [
        { basket: 'economy-and-skills', bottomQuarter: 2, worsened: 2 },
        { basket: 'adult-social-care-and-health', bottomQuarter: 3, worsened: 3 },
        { basket: 'children-and-young-people', bottomQuarter: 4, worsened: 3 },
        { basket: 'environment-housing-and-planning', bottomQuarter: 2, worsened: 2 },
      ],
    },
    {
      id: 'sharp-fall',
      kind: 'sharp-fall',
      title: 'A sharp fall in a year',
      why: 'Two or more of a theme’s measures moved the worse way by more than 25% of the period before’s figure (or, where the source gives confidence intervals, by more than they allow): a sudden change worth asking about.',
      baskets: themeBaskets,
      relative: 0.25,
      atLeast: 2,
    },
    {
      id: 'outlier',
      kind: 'outlier',
      title: 'Far from similar councils',
      why: 'More than 3 median absolute deviations (scaled to estimate a standard deviation) from its comparison group’s median, the worse way: a robust outlier test that one extreme neighbour cannot move.',
      baskets: themeBaskets,
      deviations: 3,
      scale: 1.4826,
    },
    {
      id: 'council-tax-requirement-growth',
      kind: 'above',
      title: 'Council tax requirement rising fast',
      why: 'The council tax requirement rose by more than 10% in a year: far above what the referendum limits allow on Band D, so a sign of a growing tax base or of pressure on the budget worth asking about.',
      theme: 'finance',
      metric: 'council-tax-requirement-change',
      level: 10,
    },
    {
      id: 'band-d-at-referendum-limit',
      kind: 'referendum-limit',
      title: 'Band D raised to the referendum limit five years running',
      why: 'Band D council tax raised by as much as the year’s referendum principles allow without a referendum in each of the latest five years: a council relying on the largest rises it may make.',
      theme: 'finance',
      metric: 'band-d-council-tax-excluding-parish-precepts',
      years: 5,
      slack: 0.05,
      socialCareTypes: [
        'county',
        'unitary',
        'metropolitan-district',
        'london-borough',
        'sui-generis',
      ],
      principles: principles.map(([year, socialCare, district, label]) => ({
        period: `${year}-04-01/P1Y`,
        socialCare,
        district,
        districtPounds: 5,
        source: principlesReport(label),
      })),
    },
  ],
};

/** The ready-made rule set, checked against the schema when loaded. */
export const readyMadeRules: RuleSet = ruleSet.parse(input);
