import type { Polarity, Theme, ValueStatus } from '../../db/vocabulary.ts';
import type { YearNaming, YearPairKind } from '../../periods/period.ts';
import type { AreaReference } from '../import.types.ts';

/**
 * Reviewed judgements for DfE's Local Authority Interactive Tool (LAIT) that its data dictionary
 * does not make in openlg's terms. A topic, year type, polarity word, year note or value code
 * that is not listed here fails the import until someone reviews it and adds it.
 */

/**
 * DfE topics to openlg themes. Nearly all of LAIT is about children's services, so most topics
 * land in children and young people; the exceptions are the ones another theme exists for.
 */
export const topicThemes: Readonly<Record<string, Theme>> = {
  Adoption: 'children-and-young-people',
  'All Pupil Absence & Exclusions': 'children-and-young-people',
  'Attainment by age 19': 'children-and-young-people',
  'Child Protection': 'children-and-young-people',
  'Children Looked After': 'children-and-young-people',
  'Children in Need': 'children-and-young-people',
  'Children with SEN': 'children-and-young-people',
  'Early Years': 'children-and-young-people',
  'Foundation Stage': 'children-and-young-people',
  'Key Stage 1 and Phonics': 'children-and-young-people',
  'Key Stage 2': 'children-and-young-people',
  'Key Stage 4': 'children-and-young-people',
  'Key Stage 5': 'children-and-young-people',
  // Child poverty, free school meal eligibility and 16-17 year olds not in education, employment
  // or training: outcomes for children, as the ONS child poverty indicator is filed.
  'Economic Factors': 'children-and-young-people',
  // Participation at 16-17 and entry to higher education by 19: how young people progress.
  'Further & Higher Education': 'children-and-young-people',
  // Youth justice services sit within children's services, and every measure counts children.
  'Youth Offending': 'children-and-young-people',
  // Infant mortality, child weight, breastfeeding, hospital admissions: public health, which
  // upper-tier councils commission, filed with the other health measures.
  'Health and Wellbeing': 'adult-social-care-and-health',
  // Social worker numbers, vacancies, turnover, agency staff, caseloads and absence.
  "Children's Services Workforce": 'workforce',
  // Section 251 budgets and outturn: spending and unit costs.
  "Children's Service Finance": 'finance-and-value-for-money',
  // Pupils with English as an additional language and pupil premium numbers describe the place.
  'Contextual\\Other': 'context-and-demographics',
};

/** The dictionary's Polarity column: "-" and "NA" are measures DfE makes no judgement on. */
export const polarityWords: Readonly<Record<string, Polarity>> = {
  High: 'higher-is-better',
  Low: 'lower-is-better',
  '-': 'no-judgement',
  NA: 'no-judgement',
};

/** How a measure's Years read, by its Year_Type, and what its periodicity is called. */
export type YearReading =
  | {
      /** Years are read by parsePeriod; every period must begin in startMonth. */
      notation: 'years';
      yearPair: YearPairKind;
      years: YearNaming;
      startMonth: number;
      periodicity: string;
    }
  | {
      /** Each value is one year's count on a fixed date, given as a bare year ("2016"). */
      notation: 'snapshot';
      period: (year: number) => string;
      periodicity: string;
    };

/**
 * Year_Type to a reading, checked against the data: a bare year names the academic or financial
 * year it ends in (phonics "2020" and "2021" are empty, the checks cancelled in 2019/20 and
 * 2020/21; Section 47 enquiries "2016" is 148.8 per 10,000, the figure for 2015/16).
 */
export const yearTypes: Readonly<Record<string, YearReading>> = {
  // Bare years, and rolling three-year spans written "2014-16"; a year pair would begin in April
  // and be refused.
  'Calendar Year': {
    notation: 'years',
    yearPair: 'financial-year',
    years: 'calendar',
    startMonth: 1,
    periodicity: 'annual (calendar year)',
  },
  // Bare years ("2016" = 2015/16), year pairs with "(OT)" for outturn, and "2013/14-15/16" spans.
  'Financial Year': {
    notation: 'years',
    yearPair: 'financial-year',
    years: 'ending',
    startMonth: 4,
    periodicity: 'annual (financial year)',
  },
  // Bare years ("2016" = 2015/16, the year of the summer exams) and year pairs ("2015/16").
  'Academic Year': {
    notation: 'years',
    yearPair: 'academic-year',
    years: 'ending',
    startMonth: 9,
    periodicity: 'annual (academic year)',
  },
  // Children looked after, in need and on protection plans on 31 March, as the descriptions say
  // (looked after children "2016" is 60 per 10,000, the rate on 31 March 2016).
  Annual: {
    notation: 'snapshot',
    period: (year) => `${year}-03-31`,
    periodicity: 'annual (on 31 March)',
  },
  // The January school census (EHC plans "2025" is 638,745, the count in January 2025). The
  // census day moves from year to year, so the period is the month.
  'Annual - January': {
    notation: 'snapshot',
    period: (year) => `${year}-01`,
    periodicity: 'annual (January census)',
  },
  // The social work workforce census, "for the year ending 30 September".
  'Annual (end of Sept)': {
    notation: 'snapshot',
    period: (year) => `${year - 1}-10-01/P1Y`,
    periodicity: 'annual (year to 30 September)',
  },
};

/** Notes after a year in Years, which say something about the figure rather than the period. */
export const yearNotes: Readonly<Record<string, ValueStatus>> = {
  // Outturn: what was spent, reported after the year (rather than the section 251 budget).
  OT: 'ok',
  // Revised and final figures replace provisional ones.
  Rev: 'ok',
  Final: 'ok',
  prov: 'provisional',
};

/**
 * Text codes in Values. This release writes every missing figure as "-", whatever the reason;
 * LAIT's own loader also treats "c" and ".." as missing, which in the government statistical
 * service's symbols mean confidential (withheld) and not available.
 */
export const valueCodes: Readonly<Record<string, ValueStatus>> = {
  '-': 'not-available',
  '..': 'not-available',
  c: 'suppressed',
};

/**
 * LAIT's own numbers for England and the regions, which are not LA numbers and are not in the
 * register's DfE lookups. The name must match too, so that a renumbering is noticed. Inner and
 * Outer London are ONS statistical groupings (E13) that openlg does not hold: their rows are
 * counted as not held.
 */
export const regionNumbers: Readonly<Record<string, { name: string; area: AreaReference }>> = {
  '970': { name: 'England', area: { scheme: 'gss', value: 'E92000001' } },
  '980': { name: 'North East', area: { scheme: 'gss', value: 'E12000001' } },
  '981': { name: 'North West', area: { scheme: 'gss', value: 'E12000002' } },
  '982': { name: 'Yorkshire and the Humber', area: { scheme: 'gss', value: 'E12000003' } },
  '983': { name: 'East Midlands', area: { scheme: 'gss', value: 'E12000004' } },
  '984': { name: 'West Midlands', area: { scheme: 'gss', value: 'E12000005' } },
  '985': { name: 'East of England', area: { scheme: 'gss', value: 'E12000006' } },
  '986': { name: 'London', area: { scheme: 'gss', value: 'E12000007' } },
  '987': { name: 'London (Inner)', area: { scheme: 'gss', value: 'E13000001' } },
  '988': { name: 'London (Outer)', area: { scheme: 'gss', value: 'E13000002' } },
  '989': { name: 'South East', area: { scheme: 'gss', value: 'E12000008' } },
  '990': { name: 'South West', area: { scheme: 'gss', value: 'E12000009' } },
};
