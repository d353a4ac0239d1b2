/**
 * The measures the demo pins on its council's dashboard (the demo account's landing page): a
 * few of the profile's headline measures, one or two from each theme a councillor asks about.
 */
export const demoDashboard: readonly string[] = [
  'gcses-in-english-and-maths',
  'dfe-lac',
  'employment-rate',
  'claimant-count',
  'housing-affordability-ratio-residence-based',
  'band-d-council-tax-including-parish-precepts',
  'male-healthy-life-expectancy',
  'female-healthy-life-expectancy',
];
