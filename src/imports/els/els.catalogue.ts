import type { Polarity, Theme } from '../../db/vocabulary.ts';

/**
 * Reviewed judgements the ONS metadata does not carry: whether a higher value is better, and the
 * theme. A new indicator in the source fails the import until it is added here.
 */
export const elsCatalogue: Record<
  string,
  {
    polarity: Polarity;
    theme: Theme;
    /** A correction of the unit and measure the source gives, with the reason beside it. */
    unit?: { unit: string; measure: string };
  }
> = {
  // Obesity harms health.
  'adult-obesity-prevalence': {
    polarity: 'lower-is-better',
    theme: 'adult-social-care-and-health',
  },
  // More completed and started apprenticeships mean more people gaining skills.
  'apprenticeship-achievements': { polarity: 'higher-is-better', theme: 'economy-and-skills' },
  'apprenticeship-starts': { polarity: 'higher-is-better', theme: 'economy-and-skills' },
  // Early diagnosis improves survival.
  'cancer-diagnosis-at-stage-1-and-2': {
    polarity: 'higher-is-better',
    theme: 'adult-social-care-and-health',
  },
  'children-in-relative-poverty-after-housing-costs': {
    polarity: 'lower-is-better',
    theme: 'children-and-young-people',
  },
  'children-in-relative-poverty-before-housing-costs': {
    polarity: 'lower-is-better',
    theme: 'children-and-young-people',
  },
  'cigarette-smokers': { polarity: 'lower-is-better', theme: 'adult-social-care-and-health' },
  // People claiming unemployment-related benefits.
  'claimant-count': { polarity: 'lower-is-better', theme: 'economy-and-skills' },
  // Early years foundation stage: share of children at the expected level.
  'communication-and-language': {
    polarity: 'higher-is-better',
    theme: 'children-and-young-people',
  },
  literacy: { polarity: 'higher-is-better', theme: 'children-and-young-people' },
  mathematics: { polarity: 'higher-is-better', theme: 'children-and-young-people' },
  // Inactivity includes students and carers, but a high rate means less of the population in work.
  'economically-inactive': { polarity: 'lower-is-better', theme: 'economy-and-skills' },
  'employment-rate': { polarity: 'higher-is-better', theme: 'economy-and-skills' },
  'engaged-with-the-arts': { polarity: 'higher-is-better', theme: 'culture-tourism-and-sport' },
  'visited-a-heritage-site': { polarity: 'higher-is-better', theme: 'culture-tourism-and-sport' },
  'visited-a-museum-or-gallery': {
    polarity: 'higher-is-better',
    theme: 'culture-tourism-and-sport',
  },
  'visited-a-public-library': { polarity: 'higher-is-better', theme: 'culture-tourism-and-sport' },
  'further-education-and-skills-participation': {
    polarity: 'higher-is-better',
    theme: 'economy-and-skills',
  },
  'gcses-in-english-and-maths': {
    polarity: 'higher-is-better',
    theme: 'children-and-young-people',
  },
  'gigabit-capable-broadband': {
    polarity: 'higher-is-better',
    theme: 'environment-housing-and-planning',
  },
  'greenhouse-gas-emissions': {
    polarity: 'lower-is-better',
    theme: 'environment-housing-and-planning',
  },
  // Income and pay describe the place; councils do not set them, but higher is better for residents.
  'gross-disposable-household-income': {
    polarity: 'higher-is-better',
    theme: 'context-and-demographics',
  },
  'gross-median-weekly-pay': { polarity: 'higher-is-better', theme: 'economy-and-skills' },
  'female-healthy-life-expectancy': {
    polarity: 'higher-is-better',
    theme: 'adult-social-care-and-health',
  },
  'male-healthy-life-expectancy': {
    polarity: 'higher-is-better',
    theme: 'adult-social-care-and-health',
  },
  // House prices as a multiple of earnings: a lower ratio is more affordable.
  // The source labels this ratio (median house price over median earnings, e.g. 8.2) as a
  // percentage; it is a plain ratio.
  'housing-affordability-ratio-residence-based': {
    polarity: 'lower-is-better',
    theme: 'environment-housing-and-planning',
    unit: { unit: 'ratio', measure: 'Ratio' },
  },
  'modelled-unemployment-rate': { polarity: 'lower-is-better', theme: 'economy-and-skills' },
  // Housing supply: more new homes against local need.
  'net-additions-to-the-housing-stock': {
    polarity: 'higher-is-better',
    theme: 'environment-housing-and-planning',
  },
  'persistent-absences-for-all-pupils': {
    polarity: 'lower-is-better',
    theme: 'children-and-young-people',
  },
  'preventable-cardiovascular-mortality': {
    polarity: 'lower-is-better',
    theme: 'adult-social-care-and-health',
  },
  'public-electric-vehicle-chargers': {
    polarity: 'higher-is-better',
    theme: 'environment-housing-and-planning',
  },
  'pupils-meeting-the-expected-standard-in-reading-writing-and-maths': {
    polarity: 'higher-is-better',
    theme: 'children-and-young-people',
  },
  'level-3-or-above-qualifications': { polarity: 'higher-is-better', theme: 'economy-and-skills' },
};
