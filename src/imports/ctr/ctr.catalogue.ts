import type { MetricDefinition } from '../import.types.ts';

/*
 * Reviewed knowledge the Council Tax Requirement workbooks do not carry in a form openlg can use:
 * which lines of the "Data" sheet hold each metric, and the GSS codes of the authorities that the
 * area register does not know by their MHCLG E-code.
 */

/** A metric and the header text of the line that holds it, in any year's layout. */
export interface CtrLine {
  metric: MetricDefinition;
  /** Matches the header cell, spaces collapsed; the line numbers change between years. */
  header: RegExp;
  /**
   * What a separate header for the precepting authorities (2022-23 has one) says in the same
   * column; a line without one must be blank there.
   */
  precepterHeader?: RegExp;
  /**
   * An average of the requirement over the tax base, which the workbooks write as 0 instead of "-"
   * where they give none.
   */
  zeroMeansNone?: true;
}

const shared = {
  subtitle: null,
  theme: 'finance-and-value-for-money',
  // Council tax is set locally to fund local services: a higher requirement, base or Band D is
  // neither better nor worse in itself, so openlg ranks none of these figures.
  polarity: 'no-judgement',
  sourceOrganisation: 'Ministry of Housing, Communities and Local Government',
  sourceUrl: 'https://www.gov.uk/government/collections/council-tax-statistics',
  licence: 'Open Government Licence v3.0',
  periodicity: 'annual',
} as const satisfies Partial<MetricDefinition>;

/**
 * What a council's own requirement and Band D charge pay for depends on its tier: a county's is its
 * own share of the bill, a district's its own share, and a unitary-level council's (unitary,
 * metropolitan, London borough, sui generis) the whole council part of the bill. Each tier is
 * compared only with itself; fire, police and combined authorities, which no set names, only
 * with their own kind.
 */
export const councilTaxTiers = [
  ['county'],
  ['district'],
  ['unitary', 'metropolitan-district', 'london-borough', 'sui-generis'],
] as const satisfies MetricDefinition['comparableAcross'];

const setInMarch =
  'Figures are as authorities set them in February and March before the year starts, not outturn.';
const bandD =
  'Band D is the middle band, for a dwelling with two adults; the other bands pay fixed fractions ' +
  'of it.';

export const ctrLines: readonly CtrLine[] = [
  {
    header: /^1\.\s*Council Tax Requirement\b/i,
    precepterHeader: /^1\.\s*Council Tax Requirement\b/i,
    metric: {
      ...shared,
      slug: 'council-tax-requirement',
      comparableAcross: councilTaxTiers,
      title: 'Council tax requirement',
      description:
        'The amount an authority has to raise from council tax in the year to balance its budget. ' +
        "For a council that collects the tax (a district, unitary, metropolitan or London borough) it includes the precepts of the parish and town councils in its area; for a county council, fire, police or combined authority or the Greater London Authority it is the authority's own requirement.",
      unit: '£',
      measure: 'Pounds',
      decimalPlaces: 0,
      caveats: setInMarch,
    },
  },
  {
    header: /^\d+\.\s*Council tax base for council tax setting purposes\b/i,
    precepterHeader: /^\d+\.\s*Council tax base for the major precepting authority's area\b/i,
    metric: {
      ...shared,
      slug: 'council-tax-base',
      title: 'Council tax base',
      description:
        'The number of dwellings the tax is shared over, counted as Band D equivalents after discounts, exemptions and council tax reduction, and allowing for the share the authority expects to collect. The council tax requirement divided by the tax base gives the Band D council tax.',
      unit: 'Band D equivalents',
      measure: 'Band D equivalent dwellings',
      decimalPlaces: 0,
      caveats: setInMarch,
    },
  },
  {
    header:
      /^\d+\.\s*Average \(Band D 2 adult equivalent\) council tax \(including (adult social care precept and )?local precepts\)$/i,
    precepterHeader:
      /^\d+\.\s*Average \(Band D 2 adult equivalent\) council tax of major precepting authority\b/i,
    zeroMeansNone: true,
    metric: {
      ...shared,
      slug: 'band-d-council-tax-including-parish-precepts',
      comparableAcross: councilTaxTiers,
      title: 'Band D council tax including parish precepts',
      description:
        "The average council tax for a Band D dwelling set by the authority, including the parish and town council precepts averaged over its area. For a county council, fire, police or combined authority or the Greater London Authority, which collect no parish precepts, it is the authority's own Band D amount.",
      unit: '£',
      measure: 'Pounds',
      decimalPlaces: 2,
      caveats: `${bandD} ${setInMarch}`,
    },
  },
  {
    header:
      /^\d+\.\s*Average \(Band D 2 adult equivalent\) council tax \((including adult social care precept and )?excluding local precepts\)$/i,
    zeroMeansNone: true,
    metric: {
      ...shared,
      slug: 'band-d-council-tax-excluding-parish-precepts',
      comparableAcross: councilTaxTiers,
      title: 'Band D council tax excluding parish precepts',
      description:
        'The average council tax for a Band D dwelling that a council collecting the tax charges for its own spending: without the parish and town council precepts, but with any special expenses and adult social care precept. For authorities that collect no parish precepts the workbooks up to 2019-20 repeat their Band D amount here; later ones give none.',
      unit: '£',
      measure: 'Pounds',
      decimalPlaces: 2,
      caveats: `${bandD} ${setInMarch}`,
    },
  },
  {
    header: /^2\.\s*Parish precepts$/i,
    metric: {
      ...shared,
      slug: 'parish-precepts',
      title: 'Parish precepts',
      description:
        'The total raised through council tax for the parish and town councils (and charter trustees) in the area of a council that collects the tax.',
      unit: '£',
      measure: 'Pounds',
      decimalPlaces: 0,
      caveats: setInMarch,
    },
  },
  {
    header:
      /^\d+\.\s*Average \(Band D 2 adult equivalent\) council tax for area of the billing authority including both local and major precepts\b/i,
    metric: {
      ...shared,
      slug: 'band-d-area-total-bill',
      title: 'Average Band D bill for the area',
      description:
        'The average total council tax bill for a Band D dwelling in the area of a council that collects the tax: its own charge and the parish precepts together with those of the county council, police, fire and combined authority or Greater London Authority for the area.',
      unit: '£',
      measure: 'Pounds',
      decimalPlaces: 2,
      caveats: `${bandD} ${setInMarch}`,
    },
  },
];

/** An authority the register cannot find by E-code, and where its figures belong. */
export interface EcodeArea {
  /** The GSS code of the authority's area, from the workbooks' ONS code column where they have one. */
  gss: string;
  /**
   * Another code the workbooks print for the authority, which the reader accepts from the sheet
   * instead of reporting a disagreement (and does not use).
   */
  sheetGss?: string;
  /**
   * Why the register holds no area for the code: the rows are listed in the notes with this
   * reason, not imported, until it does.
   */
  notInRegister?: string;
}

const fireBefore2024 =
  'merged away before 2024, and the register holds the fire and rescue authorities of 2024 only';

/**
 * Areas by E-code where the register cannot find them. Councils and the GLA are found through the
 * E-codes the register holds; fire and police bodies, combined authorities, England and the
 * councils formed since 2019 are not, so their codes are kept here. The workbooks from 2020-21 on
 * print each row's ONS code, and the reader reports any row where that code and this list
 * disagree.
 */
export const ecodeAreas: Readonly<Record<string, EcodeArea>> = {
  Eng: { gss: 'E92000001' },
  // The workbooks from 2021-22 print the London region's code for the GLA; openlg holds the GLA
  // itself, whose precept this is, and keeps the region for figures about the area.
  E5100: { gss: 'E61000001', sheetGss: 'E12000007' },

  // Councils formed in April 2019: the register's list of councils has no E-code for them, and the
  // 2019-20 workbook, their first, prints no ONS codes.
  E1203: { gss: 'E06000059' },
  E1204: { gss: 'E06000058' },
  E3336: { gss: 'E07000246' },
  E3538: { gss: 'E07000244' },
  E3539: { gss: 'E07000245' },

  // Fire and rescue authorities.
  E6101: { gss: 'E31000001' },
  E6102: { gss: 'E31000002' },
  E6103: { gss: 'E31000003' },
  E6104: { gss: 'E31000004' },
  E6105: { gss: 'E31000005' },
  E6106: { gss: 'E31000006' },
  E6107: { gss: 'E31000007' },
  E6110: { gss: 'E31000010' },
  E6161: { gss: 'E31000011' },
  // Dorset and Wiltshire merged in April 2016 (E6162); ONS numbered the old authorities in
  // alphabetical order with the others.
  E6112: { gss: 'E31000012', notInRegister: fireBefore2024 },
  E6139: { gss: 'E31000038', notInRegister: fireBefore2024 },
  E6162: { gss: 'E31000047' },
  E6113: { gss: 'E31000013' },
  E6114: { gss: 'E31000014' },
  E6115: { gss: 'E31000015' },
  // Hampshire merged with the Isle of Wight's fire service in April 2021 (E6163).
  E6117: { gss: 'E31000017', notInRegister: fireBefore2024 },
  E6163: { gss: 'E31000048' },
  E6118: { gss: 'E31000018' },
  E6120: { gss: 'E31000020' },
  E6122: { gss: 'E31000022' },
  E6123: { gss: 'E31000023' },
  E6124: { gss: 'E31000024' },
  E6127: { gss: 'E31000027' },
  E6128: { gss: 'E31000028' },
  E6130: { gss: 'E31000030' },
  E6132: { gss: 'E31000032' },
  E6134: { gss: 'E31000033' },
  // Greater Manchester's fire authority precepted until 2017-18; from 2018-19 its precept is part
  // of the combined authority's. The fire and rescue area kept its code.
  E6142: { gss: 'E31000040' },
  E6143: { gss: 'E31000041' },
  E6144: { gss: 'E31000042' },
  E6145: { gss: 'E31000043' },
  E6146: { gss: 'E31000044' },
  E6147: { gss: 'E31000045' },

  // Combined authorities.
  E6346: { gss: 'E47000007' },
  E6349: { gss: 'E47000004' },
  E6350: { gss: 'E47000002' },
  E6355: { gss: 'E47000006' },
  E6356: { gss: 'E47000008' },
  E6358: { gss: 'E47000011' },

  // Police and crime commissioners, by police force area.
  E7002: { gss: 'E23000026' },
  E7005: { gss: 'E23000023' },
  E7006: { gss: 'E23000006' },
  E7007: { gss: 'E23000013' },
  E7009: { gss: 'E23000002' },
  E7010: { gss: 'E23000018' },
  E7012: { gss: 'E23000039' },
  E7013: { gss: 'E23000008' },
  E7015: { gss: 'E23000028' },
  E7016: { gss: 'E23000037' },
  E7019: { gss: 'E23000027' },
  E7020: { gss: 'E23000012' },
  E7022: { gss: 'E23000032' },
  E7023: { gss: 'E23000003' },
  E7024: { gss: 'E23000021' },
  E7025: { gss: 'E23000020' },
  E7026: { gss: 'E23000024' },
  E7027: { gss: 'E23000009' },
  E7028: { gss: 'E23000022' },
  E7030: { gss: 'E23000019' },
  E7034: { gss: 'E23000015' },
  E7035: { gss: 'E23000025' },
  E7036: { gss: 'E23000031' },
  E7037: { gss: 'E23000017' },
  E7039: { gss: 'E23000038' },
  // The Greater Manchester and West Yorkshire mayors took over these commissioners' precepts in
  // 2018-19 and 2022-23; they continue as the combined authorities' police rows below.
  E7042: { gss: 'E23000005' },
  E7043: { gss: 'E23000004' },
  E7044: { gss: 'E23000011' },
  E7045: { gss: 'E23000007' },
  E7046: { gss: 'E23000014' },
  E7047: { gss: 'E23000010' },
  E7050: { gss: 'E23000036' },
  E7051: { gss: 'E23000035' },
  E7052: { gss: 'E23000030' },
  E7053: { gss: 'E23000033' },
  E7054: { gss: 'E23000029' },
  E7055: { gss: 'E23000016' },
};

/**
 * A mayoral combined authority's precept is shown as a total row (no class) followed by lettered
 * rows for its parts: the police part (class PCC) and the general part (class CA). Each part is
 * stored where it belongs, by the E-code of the total row above it and the part's class.
 */
export const combinedAuthorityParts: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  E6348: { PCC: 'E23000005', CA: 'E47000001' },
  E6353: { PCC: 'E23000010', CA: 'E47000003' },
};
