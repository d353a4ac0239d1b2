import type { ReportDefinitionInput } from '../report.schema.ts';

/** Economy and skills: work, pay, qualifications and training, for growth and skills boards. */
export const economyAndSkills: ReportDefinitionInput = {
  version: 1,
  slug: 'economy-and-skills',
  revision: 1,
  name: 'Economy and skills',
  title: '{area.name}: economy and skills',
  summary:
    'Jobs, pay, benefits, qualifications, apprenticeships and young people not in education or work, against similar councils and England.',
  audience:
    'For portfolio holders and scrutiny committees on growth, regeneration and skills, and for partners on local skills boards. Figures compare {area.name} with {group.label} and with England, using {period.label}. Survey-based figures (employment, pay) carry a margin of error: a difference from England is called better or worse only where the margins do not overlap.',
  sections: [
    {
      kind: 'text',
      heading: 'Summary',
      intro: [
        '{metric:employment-rate.sentence}. {metric:claimant-count.sentence}.',
        '{metric:gross-median-weekly-pay.sentence}; it is {metric:gross-median-weekly-pay.england}. {metric:level-3-or-above-qualifications.value} of working-age residents are qualified to level 3 (A level or equivalent) or above: {metric:level-3-or-above-qualifications.rank}.',
      ],
    },
    {
      kind: 'tiles',
      heading: 'At a glance',
      intro: [],
      metrics: [
        'employment-rate',
        'claimant-count',
        'gross-median-weekly-pay',
        'level-3-or-above-qualifications',
      ],
    },
    {
      kind: 'table',
      heading: 'Work and worklessness',
      intro: [
        'How many working-age residents are in work, out of work and looking, or neither working nor looking (economically inactive, which includes students, carers and people who are long-term sick).',
      ],
      metrics: [
        'employment-rate',
        'economically-inactive',
        'modelled-unemployment-rate',
        'claimant-count',
      ],
    },
    {
      kind: 'table',
      heading: 'Pay and income',
      intro: [
        'What full-time workers living here earn, and what households have to spend after taxes and benefits. The group’s median pay is {metric:gross-median-weekly-pay.median} a week.',
      ],
      metrics: ['gross-median-weekly-pay', 'gross-disposable-household-income'],
    },
    {
      kind: 'table',
      heading: 'Skills and training',
      intro: [
        'Qualifications of working-age adults, and the take-up of apprenticeships and further education. Young people not in education, employment or training are counted by the council responsible for education.',
      ],
      metrics: [
        'level-3-or-above-qualifications',
        'apprenticeship-starts',
        'apprenticeship-achievements',
        'further-education-and-skills-participation',
        'dfe-16-17-neet',
      ],
    },
    {
      kind: 'table',
      heading: 'Infrastructure',
      intro: ['Homes and businesses that can get gigabit-capable broadband.'],
      metrics: ['gigabit-capable-broadband'],
    },
    {
      kind: 'ranked',
      heading: 'Employment rate among the group',
      intro: ['{area.name} is {metric:employment-rate.rank}, {metric:employment-rate.quartile}.'],
      metric: 'employment-rate',
    },
    {
      kind: 'series',
      heading: 'Claimant count over time',
      intro: [
        'The share of residents aged 16 to 64 claiming out-of-work benefits, against the group’s median and England. It is {metric:claimant-count.change}.',
      ],
      metric: 'claimant-count',
    },
    {
      kind: 'series',
      heading: 'Pay over time',
      intro: [
        'Gross median weekly pay of full-time workers: {metric:gross-median-weekly-pay.change}.',
      ],
      metric: 'gross-median-weekly-pay',
    },
    {
      kind: 'grid',
      heading: 'The group side by side',
      intro: ['Every council of the group on the main economic measures.'],
      metrics: [
        'employment-rate',
        'claimant-count',
        'gross-median-weekly-pay',
        'level-3-or-above-qualifications',
        'apprenticeship-starts',
      ],
    },
  ],
};
