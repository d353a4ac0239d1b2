import type { ReportDefinitionInput } from '../report.schema.ts';

/**
 * The data pack a peer team reads before a corporate peer challenge, set out by the challenge's
 * five core components. The published data speaks to some components and not others: where it
 * says nothing (leadership, governance and culture), the pack says so rather than stretch a
 * measure to fit.
 */
export const peerChallengeDataPack: ReportDefinitionInput = {
  version: 1,
  slug: 'peer-challenge-data-pack',
  revision: 1,
  name: 'Peer challenge data pack',
  title: '{area.name}: peer challenge data pack',
  summary:
    'The published figures a peer team reads before a corporate peer challenge, set out by its five core components, with plain words where the data says nothing about a component.',
  audience:
    'For the peer team preparing a corporate peer challenge of {area.name}, and for the officers writing its position statement. It compares {area.name} with {group.label} and with England, using {period.label}, set out by the five core components of every corporate peer challenge: local priorities and outcomes; organisational and place leadership; governance and culture; financial planning and management; and capacity for improvement. The figures are the published ones openlg holds (ONS, the Department for Education, the government’s council tax tables, mySociety): where a team’s questions start, not its findings. No published dataset measures how a council is led or governed: the pack says so where that is the case, and interviews and the council’s own documents must fill those gaps.',
  sections: [
    {
      kind: 'text',
      heading: 'About this pack',
      intro: [
        'This pack compares {area.name} with {group.label} ({group.size} councils) and with England, using {period.label}. Each table gives the figure, its rank in the group and quarter, how it compares with England, the change since the previous period and the recent trend.',
        'Where a measure ranks best first, the rank says how {area.name} compares; where neither higher nor lower is better (population, spending, council tax), it ranks highest first and makes no judgement. A measure not published for councils of {area.possessive} kind says so in its row.',
      ],
    },
    {
      kind: 'tiles',
      heading: 'At a glance',
      intro: [],
      metrics: [
        'resident-population',
        'composite-deprivation-score',
        'employment-rate',
        'female-healthy-life-expectancy',
        'band-d-council-tax-including-parish-precepts',
        'council-tax-requirement-change',
      ],
    },
    {
      kind: 'table',
      heading: 'Local priorities and outcomes: the place',
      intro: [
        'Whether the council understands its place and is delivering outcomes for it. These are outcomes for the whole area, which the council shapes with its partners rather than delivers alone. {metric:employment-rate.sentence}.',
      ],
      metrics: [
        'resident-population',
        'composite-deprivation-score',
        'children-in-relative-poverty-after-housing-costs',
        'employment-rate',
        'claimant-count',
        'gross-median-weekly-pay',
        'level-3-or-above-qualifications',
        'female-healthy-life-expectancy',
        'male-healthy-life-expectancy',
        'housing-affordability-ratio-residence-based',
        'net-additions-to-the-housing-stock',
        'greenhouse-gas-emissions',
      ],
    },
    {
      kind: 'table',
      heading: 'Local priorities and outcomes: services',
      intro: [
        'Outcomes of services the council runs or commissions, where they are published: children’s social care and education, for councils responsible for children’s services. {metric:gcses-in-english-and-maths.sentence}.',
      ],
      metrics: [
        'gcses-in-english-and-maths',
        'dfe-16-17-neet',
        'dfe-continue-assess-comp',
        'dfe-rereferral',
        'dfe-lac-longstable-pct',
        'dfe-careleavereet',
        'dfe-sen-ehc-all-20wks',
      ],
    },
    {
      kind: 'text',
      heading: 'Organisational and place leadership',
      intro: [
        'No published dataset measures leadership: how political and managerial leaders work together, set a vision for the place and lead its partnerships. The figures elsewhere in this pack show the place that leadership answers for; how it is led is for the team’s interviews, the council’s position statement and its partners’ views.',
      ],
    },
    {
      kind: 'text',
      heading: 'Governance and culture',
      intro: [
        'This copy of openlg holds no measure of governance or culture: no audit opinions, no standards or scrutiny records, no staff survey, no complaints or ombudsman findings. The team will need the council’s annual governance statement, its external auditor’s annual report and its own evidence. The stability of the children’s social work workforce, under capacity for improvement below, is the nearest the published data comes to how a part of the organisation works.',
      ],
    },
    {
      kind: 'table',
      heading: 'Financial planning and management',
      intro: [
        'What the council raises from council tax, per resident and per Band D home, and how that changed, with its spending on children’s social care. {metric:council-tax-requirement-change.sentence}.',
        'The data holds no reserves, borrowing, outturn against budget or medium-term financial plan: the team will need the council’s budget papers, its statement of accounts and its auditor’s view of financial sustainability.',
      ],
      metrics: [
        'band-d-council-tax-including-parish-precepts',
        'council-tax-requirement',
        'council-tax-requirement-change',
        'council-tax-requirement-per-head',
        'council-tax-requirement-per-band-d-dwelling',
        'council-tax-base',
        'dfe-c-and-ypexpenditure',
        'spend-per-child-looked-after',
      ],
    },
    {
      kind: 'table',
      heading: 'Capacity for improvement',
      intro: [
        'Whether the council has the people and the momentum to improve: the stability of its children’s social work workforce, and the direction of travel of the outcomes above (each table’s change and trend columns). Social worker turnover is {metric:dfe-work-force-to-rate.value}: {metric:dfe-work-force-to-rate.rank}, and {metric:dfe-work-force-to-rate.direction}.',
      ],
      metrics: [
        'dfe-work-force-to-rate',
        'dfe-work-force-vac-rate',
        'dfe-work-force-agecy-rate',
        'dfe-continue-assess-comp',
        'dfe-sen-ehc-all-20wks',
      ],
    },
    {
      kind: 'grid',
      heading: 'The group side by side',
      intro: [
        'Every council of the group on a measure or two from each component the data speaks to.',
      ],
      metrics: [
        'employment-rate',
        'female-healthy-life-expectancy',
        'gcses-in-english-and-maths',
        'dfe-rereferral',
        'council-tax-requirement-change',
        'dfe-work-force-to-rate',
      ],
    },
  ],
};
