import { basketDefinition, type Basket, type BasketInput } from './basket.schema.ts';

/*
 * The ready-made baskets, reviewed here like the importers' catalogues: one per theme the demo
 * data judges (ONS Explore Local Statistics, DfE LAIT), and a headline basket of them all.
 * Council tax figures carry no judgement of better or worse (see the ctr catalogue), and the
 * culture measures hold one year, so neither has a basket. Every measure takes its polarity
 * from its metric's definition; where the source gives confidence intervals they decide, and
 * elsewhere a change smaller than 2% of the baseline figure is no change.
 */

const baselines = [
  { id: '2016', label: '2016 (2016/17)' },
  { id: '2019', label: '2019 (2019/20)' },
];

const version = 1;

const measures = (slugs: readonly string[]) => slugs.map((metric) => ({ metric }));

const economy: BasketInput = {
  slug: 'economy-and-skills',
  version,
  title: 'Economy and skills',
  description:
    'Work, pay and claimant figures from ONS Explore Local Statistics: the labour market the councils serve.',
  baselines,
  measures: measures([
    'employment-rate',
    'economically-inactive',
    'modelled-unemployment-rate',
    'claimant-count',
    'gross-median-weekly-pay',
  ]),
};

const health: BasketInput = {
  slug: 'adult-social-care-and-health',
  version,
  title: 'Health',
  description:
    "Healthy life expectancy, preventable deaths, obesity and early cancer diagnosis (ONS Explore Local Statistics), and infant and children's health (DfE LAIT).",
  baselines,
  measures: measures([
    'female-healthy-life-expectancy',
    'male-healthy-life-expectancy',
    'preventable-cardiovascular-mortality',
    'adult-obesity-prevalence',
    'cancer-diagnosis-at-stage-1-and-2',
    'dfe-infmort',
    'dfe-low-birth-weight-babies',
    'dfe-excessrec',
    'dfe-excessyr6',
  ]),
};

const children: BasketInput = {
  slug: 'children-and-young-people',
  version,
  title: 'Children and young people',
  description:
    "Attainment and attendance (ONS Explore Local Statistics) and children's services from DfE LAIT: early years, school results, young people in education or work, children in need and in care.",
  baselines,
  measures: measures([
    'gcses-in-english-and-maths',
    'persistent-absences-for-all-pupils',
    'pupils-meeting-the-expected-standard-in-reading-writing-and-maths',
    'dfe-fsp-new-gooddev',
    'dfe-avg-attain8-score',
    'dfe-16-17-neet',
    'dfe-careleavereet',
    'dfe-rereferral',
    'dfe-cp-conf-15days',
    'dfe-lacstable-2016on',
    'dfe-sen-ehc-all-20wks',
  ]),
};

const environment: BasketInput = {
  slug: 'environment-housing-and-planning',
  version,
  title: 'Environment, housing and planning',
  description:
    'Greenhouse gas emissions, new homes and how affordable homes are (ONS Explore Local Statistics).',
  baselines,
  measures: measures([
    'greenhouse-gas-emissions',
    'net-additions-to-the-housing-stock',
    'housing-affordability-ratio-residence-based',
  ]),
};

const themed = [economy, health, children, environment];

const headline: BasketInput = {
  slug: 'headline',
  version,
  title: 'All themes',
  description: 'Every measure of the theme baskets: the direction of travel of the sector.',
  baselines,
  measures: themed.flatMap((basket) => basket.measures),
};

/** The ready-made baskets, headline first; each checked against the schema when loaded. */
export const readyMadeBaskets: readonly Basket[] = [headline, ...themed].map((input) =>
  basketDefinition.parse(input),
);
