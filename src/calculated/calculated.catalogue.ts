import { councilTaxTiers } from '../imports/ctr/ctr.catalogue.ts';
import type { CalculatedDefinitionInput } from './calculated.schema.ts';

/*
 * The calculated metrics openlg ships, reviewed here like the importers' catalogues. Each reads
 * metrics the demo data loads: the MHCLG Council Tax Requirement workbooks (mhclg-ctr) and
 * mySociety's 2020 population (catalogue/mappings/mysociety-population.json).
 */

const councilTax = {
  theme: 'finance-and-value-for-money',
  // As for the council tax figures themselves: how much a council raises is set locally and is
  // neither better nor worse in itself.
  polarity: 'no-judgement',
  licence: 'Open Government Licence v3.0',
} as const;

/*
 * Children's services unit costs, from the DfE's Local Authority Interactive Tool (dfe-lait):
 * a spending line divided by the count of the children or cases it pays for, where LAIT holds
 * both. LAIT holds no child population (0 to 17), so openlg calculates no spending per child of
 * the population: a figure per 10,000 children is left to the rates DfE publishes itself.
 */
const childrensUnitCost = {
  theme: 'finance-and-value-for-money',
  // Spending more or less on each child is not better or worse in itself: it is a question.
  polarity: 'no-judgement',
  unit: '£',
  decimalPlaces: 0,
  licence: 'Open Government Licence v3.0 (Department for Education)',
} as const;

const section251 =
  'Gross spending as councils report it to the Department for Education (section 251), in the financial year; not adjusted for area costs.';

const setInMarch =
  'Figures are as authorities set them in February and March before the year starts, not outturn.';

export const readyMadeCalculated: readonly CalculatedDefinitionInput[] = [
  {
    ...councilTax,
    slug: 'council-tax-requirement-per-head',
    title: 'Council tax requirement per head',
    description:
      "The council tax requirement divided by the number of people living in the authority's area: what the authority raises from council tax for each resident.",
    formula: 'council-tax-requirement / resident-population',
    unit: '£',
    measure: 'Pounds per resident',
    decimalPlaces: 2,
    // A county's requirement is its own share of the bill, a unitary's the whole council part:
    // per head, as in total, each tier compares only with itself.
    comparableAcross: councilTaxTiers.map((tier) => [...tier]),
    perHead: { population: 'resident-population' },
    licence:
      'Open Government Licence v3.0 (MHCLG); population: Creative Commons Attribution 4.0 (mySociety)',
    caveats: setInMarch,
  },
  {
    ...councilTax,
    slug: 'council-tax-requirement-per-band-d-dwelling',
    title: 'Council tax requirement per Band D equivalent dwelling',
    description:
      'The council tax requirement divided by the council tax base (dwellings counted as Band D equivalents). For a council that collects the tax it includes the parish precepts, so it matches the average Band D council tax including parish precepts the workbooks give.',
    formula: 'council-tax-requirement / council-tax-base',
    unit: '£',
    measure: 'Pounds per Band D equivalent dwelling',
    decimalPlaces: 2,
    comparableAcross: councilTaxTiers.map((tier) => [...tier]),
    caveats: setInMarch,
  },
  {
    ...councilTax,
    slug: 'council-tax-requirement-change',
    title: 'Change in council tax requirement from the year before',
    description:
      'How much the council tax requirement rose (or fell) since the year before, as a percentage of the year before.',
    formula:
      '(council-tax-requirement - previous(council-tax-requirement)) / previous(council-tax-requirement) * 100',
    unit: '%',
    measure: 'Percentage change',
    decimalPlaces: 1,
    caveats: `${setInMarch} A council that began in the year has no change to show.`,
  },
  {
    ...childrensUnitCost,
    slug: 'spend-per-child-looked-after',
    title: 'Spending on children looked after, per child looked after',
    description:
      'Gross spending on children looked after in the financial year divided by the number of children looked after on 31 March at its end: an approximate yearly cost of each child in care.',
    formula: 'dfe-totallacfinance / dfe-lacnum',
    measure: 'Pounds per child looked after',
    // The count on 31 March lies within the financial year it ends.
    perHead: { population: 'dfe-lacnum' },
    caveats: `${section251} Children looked after are counted on one day, not over the year, so a council whose numbers changed in the year has a figure that reads high or low.`,
  },
  {
    ...childrensUnitCost,
    slug: 'spend-per-care-leaver',
    title: 'Spending on leaving care support, per care leaver aged 19 to 21',
    description:
      'Gross spending on leaving care support services divided by the number of care leavers aged 19 to 21 (former relevant young people) in the same financial year.',
    formula: 'dfe-leavecaresupservtotexp / dfe-nocareleavers',
    measure: 'Pounds per care leaver aged 19 to 21',
    caveats: `${section251} Leaving care support also serves care leavers aged 16 to 18 and over 21, who are not counted here.`,
  },
  {
    ...childrensUnitCost,
    slug: 'safeguarding-spend-per-referral',
    title: 'Safeguarding spending per referral to children’s social care',
    description:
      'Gross spending on safeguarding children and young people’s services (social work, commissioning, local safeguarding arrangements) divided by the number of referrals to children’s social care in the same financial year.',
    formula: 'dfe-safeguardingfinance / dfe-cpp-total-numref',
    measure: 'Pounds per referral',
    caveats: `${section251} A referral is one measure of demand among several: the spending also serves children already in need and on protection plans.`,
  },
];
