import type { ReportDefinitionInput } from './report.schema.ts';

/**
 * The report the demo account has built (illustrative): a councillor's scrutiny pack, saved as
 * the builder saves one, public so that anyone trying openlg sees a built report beside the
 * ready-made ones, and can copy or change it when signed in as the demo account.
 */
export const demoReport: ReportDefinitionInput = {
  version: 1,
  slug: 'scrutiny-pack',
  revision: 1,
  name: 'Scrutiny committee pack (illustrative)',
  title: '{area.name}: scrutiny committee pack',
  summary:
    'An example of a report built with the report builder by the demo account: a few measures a scrutiny committee follows, with a chart over time.',
  audience:
    'Illustrative: built by the demo account to show the report builder. Its figures are real published data; its choice of measures and its words are an example, not advice.',
  sections: [
    {
      kind: 'text',
      heading: 'Why these measures',
      intro: [
        'The committee asked to follow jobs, children’s services and council tax each quarter. This pack compares {area.name} with {group.label}, using {period.label}.',
        '{metric:employment-rate.sentence}.',
      ],
    },
    {
      kind: 'tiles',
      heading: 'At a glance',
      metrics: ['employment-rate', 'claimant-count', 'dfe-lac', 'gcses-in-english-and-maths'],
    },
    {
      kind: 'table',
      heading: 'The measures the committee follows',
      metrics: [
        'employment-rate',
        'claimant-count',
        'dfe-lac',
        'gcses-in-english-and-maths',
        'band-d-council-tax-including-parish-precepts',
      ],
    },
    {
      kind: 'series',
      heading: 'Employment over time',
      intro: ['{area.possessive} employment rate is {metric:employment-rate.direction}.'],
      metric: 'employment-rate',
    },
  ],
};
