import type { ReportDefinitionInput } from '../report.schema.ts';

/** Council tax and finance, from MHCLG's Council Tax Requirement tables: for budget setting. */
export const councilTaxAndFinance: ReportDefinitionInput = {
  version: 1,
  slug: 'council-tax-and-finance',
  revision: 1,
  name: 'Council tax and finance',
  title: '{area.name}: council tax and finance',
  summary:
    'Band D council tax, the council tax requirement, the tax base and parish precepts, against similar councils and England, from the government’s Council Tax Requirement tables.',
  audience:
    'For cabinet members for finance, budget scrutiny and audit committees, and the chief finance officer’s budget papers. The figures are the Ministry of Housing, Communities and Local Government’s, comparing {area.name} with {group.label} and with England, using {period.label}. Council tax levels are a local choice shaped by history, the tax base and other income: the report ranks them highest first and makes no judgement.',
  sections: [
    {
      kind: 'text',
      heading: 'Summary',
      intro: [
        '{area.possessive} Band D council tax, including parish precepts, is {metric:band-d-council-tax-including-parish-precepts.value} for {metric:band-d-council-tax-including-parish-precepts.period}: {metric:band-d-council-tax-including-parish-precepts.rank}. It is {metric:band-d-council-tax-including-parish-precepts.change}.',
        'Its council tax requirement, what it needs from council tax to balance its budget, is {metric:council-tax-requirement.value}: {metric:council-tax-requirement.change}.',
      ],
    },
    {
      kind: 'tiles',
      heading: 'At a glance',
      intro: [],
      metrics: [
        'band-d-council-tax-including-parish-precepts',
        'council-tax-requirement',
        'council-tax-base',
      ],
    },
    {
      kind: 'table',
      heading: 'Council tax',
      intro: [
        'Band D is the standard against which other bands are set. The area’s total bill adds what the county, police, fire and any combined authority charge to the council’s own.',
      ],
      metrics: [
        'band-d-council-tax-including-parish-precepts',
        'band-d-council-tax-excluding-parish-precepts',
        'band-d-area-total-bill',
      ],
    },
    {
      kind: 'table',
      heading: 'What council tax raises',
      intro: [
        'The council tax requirement is what the council needs from council tax to balance its budget; the tax base is the number of Band D equivalent homes it is raised from; parish precepts are what town and parish councils add.',
      ],
      metrics: ['council-tax-requirement', 'council-tax-base', 'parish-precepts'],
    },
    {
      kind: 'table',
      heading: 'Context',
      intro: [
        'Population and deprivation: a council with a small tax base and high need raises less from each home for more demand.',
      ],
      metrics: ['resident-population', 'composite-deprivation-score'],
    },
    {
      kind: 'ranked',
      heading: 'Band D council tax among the group',
      intro: [
        'Band D council tax including parish precepts, highest first. {area.name} is {metric:band-d-council-tax-including-parish-precepts.rank}.',
      ],
      metric: 'band-d-council-tax-including-parish-precepts',
    },
    {
      kind: 'series',
      heading: 'Band D council tax over time',
      intro: ['{area.name} against the group’s median and England, year by year.'],
      metric: 'band-d-council-tax-including-parish-precepts',
    },
    {
      kind: 'map',
      heading: 'Band D council tax across England',
      intro: ['Band D council tax including parish precepts in every council of the same tier.'],
      metric: 'band-d-council-tax-including-parish-precepts',
    },
    {
      kind: 'grid',
      heading: 'The group side by side',
      intro: ['Every council of the group on the council tax measures.'],
      metrics: [
        'band-d-council-tax-including-parish-precepts',
        'band-d-area-total-bill',
        'council-tax-requirement',
        'council-tax-base',
      ],
    },
  ],
};
