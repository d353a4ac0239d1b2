import type { ReportDefinitionInput } from '../report.schema.ts';

/** The council overview: the measures a councillor is most often asked about, on a page or two. */
export const councilOverview: ReportDefinitionInput = {
  version: 1,
  slug: 'council-overview',
  revision: 1,
  name: 'Council overview',
  title: '{area.name}: council overview',
  summary:
    'The headline figures for one council against similar councils and England: people and place, the local economy, health, children and young people, housing and council tax.',
  audience:
    'For councillors, senior officers and committee papers. Each figure is compared with {group.label} and with England. Rankings put the best first where higher or lower is plainly better; where neither is better (population, council tax), they put the highest first and make no judgement. Figures come from the published data as it is today, so the report brings itself up to date when new figures are published.',
  sections: [
    {
      kind: 'text',
      heading: 'Summary',
      intro: [
        'This report compares {area.name} with {group.label}, using {period.label}.',
        '{metric:employment-rate.sentence}. {metric:gross-median-weekly-pay.sentence}.',
        '{metric:female-healthy-life-expectancy.sentence}. {metric:gcses-in-english-and-maths.sentence}.',
      ],
    },
    {
      kind: 'tiles',
      heading: 'At a glance',
      intro: [],
      metrics: [
        'resident-population',
        'employment-rate',
        'gross-median-weekly-pay',
        'female-healthy-life-expectancy',
        'gcses-in-english-and-maths',
        'band-d-council-tax-including-parish-precepts',
      ],
    },
    {
      kind: 'table',
      heading: 'People and place',
      intro: [
        'Who lives in {area.name} and how deprived the area is shape the demand for almost every council service. These figures are context: neither higher nor lower is better.',
      ],
      metrics: [
        'resident-population',
        'population-density',
        'composite-deprivation-score',
        'gross-disposable-household-income',
        'children-in-relative-poverty-before-housing-costs',
      ],
    },
    {
      kind: 'table',
      heading: 'The local economy',
      intro: [
        'Work and pay: {area.possessive} employment rate is {metric:employment-rate.rank} and {metric:employment-rate.change}.',
      ],
      metrics: [
        'employment-rate',
        'claimant-count',
        'gross-median-weekly-pay',
        'level-3-or-above-qualifications',
      ],
    },
    {
      kind: 'table',
      heading: 'Health',
      intro: [
        'How long people live in good health, and the habits and illnesses that shorten it. Healthy life expectancy is {metric:female-healthy-life-expectancy.england} for women and {metric:male-healthy-life-expectancy.england} for men.',
      ],
      metrics: [
        'female-healthy-life-expectancy',
        'male-healthy-life-expectancy',
        'adult-obesity-prevalence',
        'cigarette-smokers',
        'preventable-cardiovascular-mortality',
      ],
    },
    {
      kind: 'table',
      heading: 'Children and young people',
      intro: [
        'School results and attendance. Education figures are published for the council responsible for education: for a district, they are those of its county.',
      ],
      metrics: [
        'pupils-meeting-the-expected-standard-in-reading-writing-and-maths',
        'gcses-in-english-and-maths',
        'persistent-absences-for-all-pupils',
      ],
    },
    {
      kind: 'table',
      heading: 'Housing and environment',
      intro: [
        'How affordable homes are, how many are being added, and the area’s carbon emissions and broadband.',
      ],
      metrics: [
        'housing-affordability-ratio-residence-based',
        'net-additions-to-the-housing-stock',
        'greenhouse-gas-emissions',
        'gigabit-capable-broadband',
      ],
    },
    {
      kind: 'ranked',
      heading: 'Employment rate among similar councils',
      intro: [
        'Each bar is one council of the group, best first. {area.name} is {metric:employment-rate.rank}, {metric:employment-rate.quartile}.',
      ],
      metric: 'employment-rate',
    },
    {
      kind: 'series',
      heading: 'Employment rate over time',
      intro: [
        '{area.name} against the middle of its group (the median) and England, year by year. Since the previous year the rate is {metric:employment-rate.change}.',
      ],
      metric: 'employment-rate',
    },
    {
      kind: 'map',
      heading: 'Pay across England',
      intro: [
        'Gross median weekly pay of full-time workers in every council of the same tier. {area.name}: {metric:gross-median-weekly-pay.value}, {metric:gross-median-weekly-pay.england}.',
      ],
      metric: 'gross-median-weekly-pay',
    },
    {
      kind: 'grid',
      heading: 'The group side by side',
      intro: [
        'Every council of the group on the same measures, so that councillors can see who does well on what, and whom to ask how.',
      ],
      metrics: [
        'employment-rate',
        'gross-median-weekly-pay',
        'female-healthy-life-expectancy',
        'gcses-in-english-and-maths',
        'housing-affordability-ratio-residence-based',
        'band-d-council-tax-including-parish-precepts',
      ],
    },
  ],
};
