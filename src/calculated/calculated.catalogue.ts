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
];
