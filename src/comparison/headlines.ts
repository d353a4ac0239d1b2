/**
 * The headline metrics an area profile shows, theme by theme: a reviewed choice of the measures
 * councils and residents most often ask about, from every source openlg loads. A metric missing
 * from the database is left out of the profile, never an error.
 */
export const headlineMetrics: readonly string[] = [
  // Children and young people
  'gcses-in-english-and-maths',
  'pupils-meeting-the-expected-standard-in-reading-writing-and-maths',
  'dfe-fsp-new-gooddev',
  'persistent-absences-for-all-pupils',
  'dfe-lac',
  'dfe-cpp-rate',
  'children-in-relative-poverty-before-housing-costs',
  // Adult social care and health
  'female-healthy-life-expectancy',
  'male-healthy-life-expectancy',
  'adult-obesity-prevalence',
  'cigarette-smokers',
  'preventable-cardiovascular-mortality',
  // Economy and skills
  'employment-rate',
  'claimant-count',
  'gross-median-weekly-pay',
  'level-3-or-above-qualifications',
  // Environment, housing and planning
  'housing-affordability-ratio-residence-based',
  'net-additions-to-the-housing-stock',
  'greenhouse-gas-emissions',
  'gigabit-capable-broadband',
  // Culture, tourism and sport
  'visited-a-public-library',
  // Finance and value for money
  'band-d-council-tax-including-parish-precepts',
  // Context and demographics
  'resident-population',
  'population-density',
  'composite-deprivation-score',
  'gross-disposable-household-income',
];
