import type { ReportDefinitionInput } from '../report.schema.ts';

/**
 * Children's services, from the DfE's Local Authority Interactive Tool: for children's services
 * scrutiny, corporate parenting panels and improvement boards. Published for the councils
 * responsible for children's services (counties, unitaries, metropolitan and London boroughs).
 */
export const childrensServices: ReportDefinitionInput = {
  version: 1,
  slug: 'childrens-services',
  revision: 1,
  name: 'Children’s services',
  title: '{area.name}: children’s services',
  summary:
    'Demand for children’s social care, the timeliness of assessments and child protection, children in care and care leavers, the social work workforce, early years and school results, and spending, from the Department for Education’s data.',
  audience:
    'For lead members for children’s services, corporate parenting panels, children’s scrutiny committees and improvement boards. The figures are the Department for Education’s, published for councils responsible for children’s services, and compare {area.name} with {group.label} and with England, using {period.label}. Rates of children in need, on plans and in care are context rather than judgements: a rate well above or below similar councils is a question to ask, not an answer.',
  sections: [
    {
      kind: 'text',
      heading: 'Summary',
      intro: [
        'At the last count, {metric:dfe-lac.value} children in {area.name} were looked after ({metric:dfe-lac.rank}), and {metric:dfe-cpp-rate.value} were the subject of a child protection plan ({metric:dfe-cpp-rate.rank}).',
        '{metric:dfe-rereferral.value} of referrals came back within a year of the last one: {metric:dfe-rereferral.rank}, and {metric:dfe-rereferral.direction}. {metric:dfe-careleavereet.value} of care leavers aged 19 to 21 were in education, employment or training: {metric:dfe-careleavereet.rank}, and {metric:dfe-careleavereet.direction}.',
      ],
    },
    {
      kind: 'tiles',
      heading: 'At a glance',
      intro: [],
      metrics: ['dfe-cin', 'dfe-cpp-rate', 'dfe-lac', 'dfe-rereferral'],
    },
    {
      kind: 'table',
      heading: 'Demand for help and protection',
      intro: [
        'How many children are referred to children’s social care, are in need of help, are the subject of a child protection plan or are looked after. Neither a higher nor a lower rate is judged: they are ranked highest first.',
      ],
      metrics: [
        'dfe-cpp-total-rateper10-000',
        'dfe-cin',
        'dfe-cpp-rate',
        'dfe-lac',
        'dfe-lac-start-rate',
      ],
    },
    {
      kind: 'table',
      heading: 'Timeliness and effectiveness of help',
      intro: [
        'Whether assessments and child protection conferences happen on time, and how often children come back to social care or stay on plans for a long time.',
      ],
      metrics: [
        'dfe-continue-assess-comp',
        'dfe-cp-conf-15days',
        'dfe-rereferral',
        'dfe-cpplans2yrs',
      ],
    },
    {
      kind: 'table',
      heading: 'Children in care and care leavers',
      intro: [
        'Stable placements close to home, and how care leavers are doing at 19 to 21: in education, work or training, and in suitable accommodation.',
      ],
      metrics: [
        'dfe-lac-longstable-pct',
        'dfe-lacdistance',
        'dfe-careleavereet',
        'dfe-careleaveracc',
        'dfe-lac-ks4-avg-attain8',
      ],
    },
    {
      kind: 'table',
      heading: 'The social work workforce',
      intro: [
        'A stable, permanent workforce matters to children: turnover, vacancies and reliance on agency social workers.',
      ],
      metrics: ['dfe-work-force-to-rate', 'dfe-work-force-vac-rate', 'dfe-work-force-agecy-rate'],
    },
    {
      kind: 'table',
      heading: 'Early years, schools and special educational needs',
      intro: [
        'A good start, results at 16, plans for special educational needs issued on time, and young people not in education, employment or training.',
      ],
      metrics: [
        'dfe-fsp-new-gooddev',
        'dfe-avg-attain8-score',
        'dfe-sen-ehc-all-20wks',
        'dfe-16-17-neet',
      ],
    },
    {
      kind: 'table',
      heading: 'Spending',
      intro: [
        'Gross spending on children looked after and on safeguarding, and the approximate weekly cost of a child in care. Spending is context: it is not judged, and it depends on the number of children as much as on cost.',
      ],
      metrics: ['dfe-totallacfinance', 'dfe-safeguardingfinance', 'dfe-lacfinance'],
    },
    {
      kind: 'ranked',
      heading: 'Children looked after among the group',
      intro: [
        'Children looked after per 10,000 children, highest first. {area.name} is {metric:dfe-lac.rank}.',
      ],
      metric: 'dfe-lac',
    },
    {
      kind: 'series',
      heading: 'Children looked after over time',
      intro: ['The rate against the group’s median and England: {metric:dfe-lac.change}.'],
      metric: 'dfe-lac',
    },
    {
      kind: 'series',
      heading: 'Re-referrals over time',
      intro: ['Referrals within 12 months of a previous one: {metric:dfe-rereferral.change}.'],
      metric: 'dfe-rereferral',
    },
    {
      kind: 'grid',
      heading: 'The group side by side',
      intro: ['Every council of the group on the main children’s social care measures.'],
      metrics: [
        'dfe-cin',
        'dfe-cpp-rate',
        'dfe-lac',
        'dfe-rereferral',
        'dfe-continue-assess-comp',
        'dfe-work-force-to-rate',
      ],
    },
  ],
};
