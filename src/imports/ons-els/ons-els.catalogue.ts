import type { Polarity, Theme } from '../../db/vocabulary.ts';

export interface ReviewedMetric {
  polarity: Polarity;
  theme: Theme;
}

/**
 * What ONS Explore Local Statistics does not say: which direction is better and where a metric
 * sits in openlg's themes. Reviewed by hand, one entry per slug, so that a new indicator in the
 * source is reported by the reader instead of being imported with a guessed polarity.
 */
export const onsElsCatalogue: Record<string, ReviewedMetric> = {
  // Obesity is a health risk the public health grant aims to reduce.
  'adult-obesity-prevalence': {
    polarity: 'lower-is-better',
    theme: 'adult-social-care-and-health',
  },
  // More apprenticeship starts per head means more people entering skilled work.
  'apprenticeship-starts': { polarity: 'higher-is-better', theme: 'economy-and-skills' },
  // Achievements are completed apprenticeships: more is better.
  'apprenticeship-achievements': { polarity: 'higher-is-better', theme: 'economy-and-skills' },
  // Cancers found at stage 1 or 2 are more treatable, so a larger share is better.
  'cancer-diagnosis-at-stage-1-and-2': {
    polarity: 'higher-is-better',
    theme: 'adult-social-care-and-health',
  },
  // Child poverty is an outcome councils and partners work to reduce.
  'children-in-relative-poverty-before-housing-costs': {
    polarity: 'lower-is-better',
    theme: 'children-and-young-people',
  },
  // As above, after housing costs.
  'children-in-relative-poverty-after-housing-costs': {
    polarity: 'lower-is-better',
    theme: 'children-and-young-people',
  },
  // Smoking prevalence is a health risk that tobacco control aims to reduce.
  'cigarette-smokers': { polarity: 'lower-is-better', theme: 'adult-social-care-and-health' },
  // Share of working-age residents claiming unemployment-related benefits.
  'claimant-count': { polarity: 'lower-is-better', theme: 'economy-and-skills' },
  // Early years foundation stage: share of children at the expected level in this area.
  'communication-and-language': {
    polarity: 'higher-is-better',
    theme: 'children-and-young-people',
  },
  // Early years foundation stage: share at the expected level in literacy.
  literacy: { polarity: 'higher-is-better', theme: 'children-and-young-people' },
  // Early years foundation stage: share at the expected level in maths.
  mathematics: { polarity: 'higher-is-better', theme: 'children-and-young-people' },
  // Share of people aged 16 to 64 in work.
  'employment-rate': { polarity: 'higher-is-better', theme: 'economy-and-skills' },
  // Inactivity counts students, carers and early retirees as well as people kept out of work, so
  // a high rate in a university town is not a failing: no judgement.
  'economically-inactive': { polarity: 'no-judgement', theme: 'economy-and-skills' },
  // Participation in the arts in the last year.
  'engaged-with-the-arts': { polarity: 'higher-is-better', theme: 'culture-tourism-and-sport' },
  // Heritage visits in the last year.
  'visited-a-heritage-site': { polarity: 'higher-is-better', theme: 'culture-tourism-and-sport' },
  // Museum or gallery visits in the last year.
  'visited-a-museum-or-gallery': {
    polarity: 'higher-is-better',
    theme: 'culture-tourism-and-sport',
  },
  // Library use, a council service.
  'visited-a-public-library': { polarity: 'higher-is-better', theme: 'culture-tourism-and-sport' },
  // Adult learning participation per head: more is better for skills.
  'further-education-and-skills-participation': {
    polarity: 'higher-is-better',
    theme: 'economy-and-skills',
  },
  // Share of pupils reaching grade 4 or above in English and maths at 16.
  'gcses-in-english-and-maths': {
    polarity: 'higher-is-better',
    theme: 'children-and-young-people',
  },
  // Share of premises that can get gigabit broadband: digital infrastructure for the economy.
  'gigabit-capable-broadband': { polarity: 'higher-is-better', theme: 'economy-and-skills' },
  // Emissions per head; councils have net zero commitments.
  'greenhouse-gas-emissions': {
    polarity: 'lower-is-better',
    theme: 'environment-housing-and-planning',
  },
  // Household income per head after taxes and benefits.
  'gross-disposable-household-income': {
    polarity: 'higher-is-better',
    theme: 'economy-and-skills',
  },
  // Median pay of employees: higher is better for residents.
  'gross-median-weekly-pay': { polarity: 'higher-is-better', theme: 'economy-and-skills' },
  // Years lived in good health.
  'male-healthy-life-expectancy': {
    polarity: 'higher-is-better',
    theme: 'adult-social-care-and-health',
  },
  // Years lived in good health.
  'female-healthy-life-expectancy': {
    polarity: 'higher-is-better',
    theme: 'adult-social-care-and-health',
  },
  // House prices relative to earnings: a lower ratio means homes are cheaper for local earners.
  'housing-affordability-ratio-residence-based': {
    polarity: 'lower-is-better',
    theme: 'environment-housing-and-planning',
  },
  // Model-based unemployment rate (ILO definition).
  'modelled-unemployment-rate': { polarity: 'lower-is-better', theme: 'economy-and-skills' },
  // New homes per 1,000 dwellings: councils are judged against housing delivery targets, so
  // more is better.
  'net-additions-to-the-housing-stock': {
    polarity: 'higher-is-better',
    theme: 'environment-housing-and-planning',
  },
  // Share of pupils missing 10% or more of sessions.
  'persistent-absences-for-all-pupils': {
    polarity: 'lower-is-better',
    theme: 'children-and-young-people',
  },
  // Deaths under 75 from causes public health action could prevent.
  'preventable-cardiovascular-mortality': {
    polarity: 'lower-is-better',
    theme: 'adult-social-care-and-health',
  },
  // Chargers per head support the switch to electric vehicles (net zero transport).
  'public-electric-vehicle-chargers': {
    polarity: 'higher-is-better',
    theme: 'environment-housing-and-planning',
  },
  // Key stage 2: share of pupils at the expected standard in reading, writing and maths.
  'pupils-meeting-the-expected-standard-in-reading-writing-and-maths': {
    polarity: 'higher-is-better',
    theme: 'children-and-young-people',
  },
  // Share of adults qualified to level 3 (A level or equivalent) or above.
  'level-3-or-above-qualifications': { polarity: 'higher-is-better', theme: 'economy-and-skills' },
};
