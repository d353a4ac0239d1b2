import type { ReportDefinitionInput } from '../report.schema.ts';

/**
 * Value for money: what a service costs, how much it does and what it achieves, side by side,
 * with quadrants of cost against outcome for the group. Only where the data holds all three:
 * children's social care (DfE's LAIT spending, activity and outcomes, and the unit costs openlg
 * calculates from them) and council tax (MHCLG's requirement per head, per dwelling and its change).
 */
export const valueForMoney: ReportDefinitionInput = {
  version: 1,
  slug: 'value-for-money',
  revision: 1,
  name: 'Value for money',
  title: '{area.name}: value for money',
  summary:
    'What children’s social care costs, how much it does and what it achieves, against similar councils, with quadrants of cost against outcome; and what council tax raises per resident and per home.',
  audience:
    'For cabinet members for finance and for children’s services, scrutiny and audit committees, and officers preparing budget papers. It compares {area.name} with {group.label} and with England, using {period.label}, and covers only what the published data supports. Children’s social care: the Department for Education publishes spending, activity and outcomes for councils responsible for children’s services, so there are unit costs and quadrants of cost against outcome. Council tax: the government publishes what each council raises but nothing of what it buys, so that part shows cost alone. The unit costs are openlg’s own (a spending line divided by the children or cases it pays for) and approximate; DfE publishes no child population, so there is no spending per child of the population. A quadrant splits the group at its medians: lower cost with better outcomes is a question to ask, not proof of value for money.',
  sections: [
    {
      kind: 'text',
      heading: 'Summary',
      intro: [
        '{area.possessive} spending on children looked after comes to {metric:spend-per-child-looked-after.value} a child in care ({metric:spend-per-child-looked-after.period}), against a median of {metric:spend-per-child-looked-after.median} for {group.label}. {metric:dfe-lac-longstable-pct.value} of children in long-term care had stayed in the same placement for two years: {metric:dfe-lac-longstable-pct.rank}.',
        'Its safeguarding spending comes to {metric:safeguarding-spend-per-referral.value} a referral ({metric:safeguarding-spend-per-referral.period}); {metric:dfe-rereferral.value} of referrals came back within a year, {metric:dfe-rereferral.rank}.',
        'Its council tax requirement is {metric:council-tax-requirement-per-head.value} a resident ({metric:council-tax-requirement-per-head.period}), {metric:council-tax-requirement-per-head.rank}, and {metric:council-tax-requirement-change.value} on the year before.',
      ],
    },
    {
      kind: 'table',
      heading: 'Children’s social care: what it costs',
      intro: [
        'Gross spending as councils report it to the Department for Education, and the unit costs openlg calculates from it: spending on children looked after per child looked after on 31 March, safeguarding spending per referral, and leaving care support per care leaver aged 19 to 21. DfE’s own approximate weekly cost of a child in care is beside them. Spending is ranked highest first and not judged.',
      ],
      metrics: [
        'spend-per-child-looked-after',
        'dfe-lacfinance',
        'safeguarding-spend-per-referral',
        'spend-per-care-leaver',
        'dfe-totallacfinance',
        'dfe-safeguardingfinance',
        'dfe-leavecaresupservtotexp',
        'dfe-c-and-ypexpenditure',
      ],
    },
    {
      kind: 'table',
      heading: 'Children’s social care: how much it does',
      intro: [
        'Activity: referrals, children in need, on protection plans and in care, per 10,000 children as DfE publishes them, and the counts the unit costs divide by. Demand is context: neither a higher nor a lower rate is judged.',
      ],
      metrics: [
        'dfe-cpp-total-rateper10-000',
        'dfe-cin',
        'dfe-cpp-rate',
        'dfe-lac',
        'dfe-lac-start-rate',
        'dfe-cpp-total-numref',
        'dfe-lacnum',
        'dfe-nocareleavers',
      ],
    },
    {
      kind: 'table',
      heading: 'Children’s social care: what it achieves',
      intro: [
        'Outcomes and the quality of practice DfE publishes: timely assessments, children not coming back to social care, stable placements close to home, and care leavers in education, work or training and in suitable homes.',
      ],
      metrics: [
        'dfe-continue-assess-comp',
        'dfe-rereferral',
        'dfe-cpplans2yrs',
        'dfe-lac-longstable-pct',
        'dfe-lacdistance',
        'dfe-careleavereet',
        'dfe-careleaveracc',
        'dfe-lac-ks4-avg-attain8',
      ],
    },
    {
      kind: 'quadrant',
      heading: 'Children in care: cost against placement stability',
      intro: [
        'Each council of the group by its spending per child looked after (across) and the share of children in long-term care who have stayed in the same placement for two years (up). The dashed lines are the group’s medians.',
      ],
      cost: 'spend-per-child-looked-after',
      outcome: 'dfe-lac-longstable-pct',
    },
    {
      kind: 'quadrant',
      heading: 'Safeguarding: cost against re-referrals',
      intro: [
        'Safeguarding spending per referral (across) against the share of referrals that came back within 12 months of the last (up: fewer is better, so the better quadrants are at the bottom).',
      ],
      cost: 'safeguarding-spend-per-referral',
      outcome: 'dfe-rereferral',
    },
    {
      kind: 'quadrant',
      heading: 'Care leavers: cost against education, employment and training',
      intro: [
        'Leaving care support spending per care leaver aged 19 to 21 (across) against the share of them in education, employment or training (up).',
      ],
      cost: 'spend-per-care-leaver',
      outcome: 'dfe-careleavereet',
    },
    {
      kind: 'table',
      heading: 'Council tax: what it raises',
      intro: [
        'What the council needs from council tax to balance its budget, per resident and per Band D equivalent home, and how it changed on the year before. The government publishes no measure of what council tax buys, so there is no quadrant here: these are costs to the taxpayer, ranked highest first and not judged.',
      ],
      metrics: [
        'council-tax-requirement-per-head',
        'council-tax-requirement-per-band-d-dwelling',
        'council-tax-requirement-change',
        'band-d-council-tax-including-parish-precepts',
        'council-tax-requirement',
        'council-tax-base',
      ],
    },
    {
      kind: 'table',
      heading: 'Context',
      intro: [
        'Population and deprivation shape demand and cost: a council with more need does more, and spends more, for the same outcomes.',
      ],
      metrics: [
        'resident-population',
        'composite-deprivation-score',
        'children-in-relative-poverty-after-housing-costs',
      ],
    },
    {
      kind: 'grid',
      heading: 'The group side by side',
      intro: ['Every council of the group on the unit costs and the outcomes set against them.'],
      metrics: [
        'spend-per-child-looked-after',
        'dfe-lac-longstable-pct',
        'safeguarding-spend-per-referral',
        'dfe-rereferral',
        'spend-per-care-leaver',
        'dfe-careleavereet',
        'council-tax-requirement-per-head',
      ],
    },
  ],
};
