import type { ReportDefinitionInput } from '../report.schema.ts';

/** Health and wellbeing: for health and wellbeing boards and public health scrutiny. */
export const healthAndWellbeing: ReportDefinitionInput = {
  version: 1,
  slug: 'health-and-wellbeing',
  revision: 1,
  name: 'Health and wellbeing',
  title: '{area.name}: health and wellbeing',
  summary:
    'Healthy life expectancy, obesity, smoking, early deaths from heart disease, early cancer diagnosis, poverty and taking part in culture, against similar councils and England.',
  audience:
    'For health and wellbeing boards, public health teams and scrutiny committees. Figures compare {area.name} with {group.label} and with England, using {period.label}. Many health figures are estimates from surveys with wide margins of error, especially for smaller councils: a difference is called better or worse than England only where the margins do not overlap.',
  sections: [
    {
      kind: 'text',
      heading: 'Summary',
      intro: [
        'Women in {area.name} can expect {metric:female-healthy-life-expectancy.value} of life in good health, {metric:female-healthy-life-expectancy.england}; men {metric:male-healthy-life-expectancy.value}, {metric:male-healthy-life-expectancy.england}.',
        '{metric:adult-obesity-prevalence.value} of adults are living with obesity, {metric:adult-obesity-prevalence.rank} and {metric:adult-obesity-prevalence.england}; {metric:cigarette-smokers.value} smoke, {metric:cigarette-smokers.rank}.',
      ],
    },
    {
      kind: 'tiles',
      heading: 'At a glance',
      intro: [],
      metrics: [
        'female-healthy-life-expectancy',
        'male-healthy-life-expectancy',
        'adult-obesity-prevalence',
        'cigarette-smokers',
      ],
    },
    {
      kind: 'table',
      heading: 'Living well for longer',
      intro: [
        'Years lived in good health, and the risks and illnesses behind most early deaths. Early diagnosis of cancer gives people the best chance of successful treatment.',
      ],
      metrics: [
        'female-healthy-life-expectancy',
        'male-healthy-life-expectancy',
        'adult-obesity-prevalence',
        'cigarette-smokers',
        'preventable-cardiovascular-mortality',
        'cancer-diagnosis-at-stage-1-and-2',
      ],
    },
    {
      kind: 'table',
      heading: 'The wider causes of health',
      intro: [
        'Poverty and deprivation are among the strongest influences on health. Deprivation is context: neither a higher nor a lower score is judged.',
      ],
      metrics: [
        'children-in-relative-poverty-after-housing-costs',
        'composite-deprivation-score',
        'gross-disposable-household-income',
      ],
    },
    {
      kind: 'table',
      heading: 'Culture and wellbeing',
      intro: ['Taking part in the arts and visiting libraries, museums and heritage sites.'],
      metrics: [
        'engaged-with-the-arts',
        'visited-a-public-library',
        'visited-a-museum-or-gallery',
        'visited-a-heritage-site',
      ],
    },
    {
      kind: 'series',
      heading: 'Healthy life expectancy over time',
      intro: [
        'Women’s healthy life expectancy against the group’s median and England: {metric:female-healthy-life-expectancy.change}.',
      ],
      metric: 'female-healthy-life-expectancy',
    },
    {
      kind: 'ranked',
      heading: 'Early deaths from heart disease and stroke',
      intro: [
        'Deaths under 75 from cardiovascular disease considered preventable, per 100,000 people. {area.name} is {metric:preventable-cardiovascular-mortality.rank}.',
      ],
      metric: 'preventable-cardiovascular-mortality',
    },
    {
      kind: 'map',
      heading: 'Adult obesity across England',
      intro: ['The share of adults living with obesity, council by council.'],
      metric: 'adult-obesity-prevalence',
    },
    {
      kind: 'grid',
      heading: 'The group side by side',
      intro: ['Every council of the group on the main health measures.'],
      metrics: [
        'female-healthy-life-expectancy',
        'male-healthy-life-expectancy',
        'adult-obesity-prevalence',
        'cigarette-smokers',
        'preventable-cardiovascular-mortality',
      ],
    },
  ],
};
