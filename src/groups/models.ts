import { inSentence, typeLabels } from '../areas/areas.schema.ts';
import type { AreaType } from '../db/vocabulary.ts';
import type { ModelSpec } from './neighbours.ts';

/**
 * The openlg nearest-neighbours models, versioned: a change to any feature, transform, weight or
 * band is a new version, and stored neighbour groups name the version that made them.
 *
 * Features are contextual: they describe the place a council serves (size, density, deprivation,
 * incomes, the labour and housing markets), never its performance, so that councils are compared
 * with councils facing similar conditions. Each weight says how much a feature counts in the
 * distance relative to the others; the reasons are beside each one.
 */
export interface NeighbourModel extends ModelSpec {
  description: string;
  areaTypes: readonly AreaType[];
  /** The features in words, for a sentence ("most like Barnsley in …"). */
  comparedOn: string;
  /** The services every council of the model runs, in words: why they are compared together. */
  services: string;
  /** The types that run those services by definition, and their name in a sentence. */
  runners: { types: readonly AreaType[]; words: string };
}

const features = {
  // Size drives economies of scale and the mix of services; logged because councils range from
  // 2,000 (Isles of Scilly) to over a million residents.
  population: {
    metric: 'resident-population',
    label: 'Resident population',
    transform: 'log',
    weight: 1,
  },
  // Density stands for rurality, travel distances and the cost of delivering services.
  density: {
    metric: 'population-density',
    label: 'Population density',
    transform: 'log',
    weight: 1,
  },
  // Deprivation is the strongest single driver of demand for council services.
  deprivation: {
    metric: 'composite-deprivation-score',
    label: 'Deprivation score',
    transform: 'none',
    weight: 1,
  },
  // Concentrated deprivation differs from deprivation spread thinly; half weight, as it overlaps
  // with the score.
  deprivedShare: {
    metric: 'population-in-most-deprived-neighbourhoods',
    label: 'Population in the most deprived neighbourhoods',
    transform: 'none',
    weight: 0.5,
  },
  income: {
    metric: 'gross-disposable-household-income',
    label: 'Household income per head',
    transform: 'log',
    weight: 0.5,
  },
  pay: {
    metric: 'gross-median-weekly-pay',
    label: 'Median weekly pay',
    transform: 'log',
    weight: 0.5,
  },
  employment: {
    metric: 'employment-rate',
    label: 'Employment rate',
    transform: 'none',
    weight: 0.5,
  },
  // Housing pressure shapes homelessness, planning and temporary accommodation costs.
  affordability: {
    metric: 'housing-affordability-ratio-residence-based',
    label: 'Housing affordability ratio',
    transform: 'log',
    weight: 0.75,
  },
  qualifications: {
    metric: 'level-3-or-above-qualifications',
    label: 'Adults qualified to level 3 or above',
    transform: 'none',
    weight: 0.5,
  },
  // Children's services demand follows child poverty closely.
  childPoverty: {
    metric: 'children-in-relative-poverty-before-housing-costs',
    label: 'Children in relative poverty',
    transform: 'none',
    weight: 0.5,
  },
} as const satisfies Record<string, ModelSpec['features'][number]>;

/**
 * Bands from the distance rebased so that the council's most distant council scores 1. The cut
 * points were read off the real distribution when the model was made (the nearest 15 mostly lie
 * below 0.25) and are part of the version.
 */
const bands = [
  { upTo: 0.12, band: 'very close' },
  { upTo: 0.18, band: 'close' },
  { upTo: 1, band: 'somewhat close' },
] as const;

export const neighbourModels: readonly NeighbourModel[] = [
  {
    id: 'openlg-lower-tier',
    // 2026.2: the same maths as 2026.1; groups are named in plain words (neighboursWords).
    version: '2026.2',
    comparedOn: 'size, density, deprivation, incomes, jobs, housing costs and qualifications',
    services: 'housing, planning and waste collection',
    runners: { types: ['district', 'unitary'], words: 'a district council' },
    description:
      'Councils that run lower-tier services (districts, unitaries, metropolitan districts, London ' +
      'boroughs and the two sui generis councils), compared on size, density, deprivation, ' +
      'incomes, the labour market, housing affordability and qualifications.',
    areaTypes: ['district', 'unitary', 'metropolitan-district', 'london-borough', 'sui-generis'],
    features: [
      features.population,
      features.density,
      features.deprivation,
      features.deprivedShare,
      features.income,
      features.pay,
      features.employment,
      features.affordability,
      features.qualifications,
    ],
    k: 15,
    bands,
  },
  {
    id: 'openlg-upper-tier',
    version: '2026.2',
    comparedOn:
      'size, density, deprivation, incomes, jobs, housing costs, qualifications and child poverty',
    services: 'social care, children’s services and education',
    runners: { types: ['county', 'unitary'], words: 'a county council or unitary authority' },
    description:
      'Councils that run upper-tier services such as social care and children’s services ' +
      '(counties, unitaries, metropolitan districts, London boroughs and the two sui generis ' +
      'councils), compared on the same features with child poverty added.',
    areaTypes: ['county', 'unitary', 'metropolitan-district', 'london-borough', 'sui-generis'],
    features: [
      features.population,
      features.density,
      features.deprivation,
      features.deprivedShare,
      features.income,
      features.pay,
      features.employment,
      features.affordability,
      features.qualifications,
      features.childPoverty,
    ],
    k: 15,
    bands,
  },
];

/**
 * A council's neighbour group in words a person reads: a name that says how many councils and
 * which ones (the pages say "Barnsley among …"), and a description that names the council types
 * the model takes and, for a type whose name is not one of them (a metropolitan district among
 * the councils running social care), why the council is there.
 */
export function neighboursWords(
  model: NeighbourModel,
  subject: { name: string; type: AreaType },
  count: number,
): { label: string; description: string } {
  const types = model.areaTypes.map((t) => inSentence(typeLabels[t].plural));
  const chosenFrom = `${types.slice(0, -1).join(', ')} and ${types.at(-1) ?? ''}`;
  const why = model.runners.types.includes(subject.type)
    ? ''
    : ` ${subject.name} is among them because a ${inSentence(typeLabels[subject.type].singular)} runs ${model.services} itself, as ${model.runners.words} does.`;
  return {
    label: `${count} most similar councils that run ${model.services} (nearest neighbours)`,
    description:
      `The ${count} councils most like ${subject.name} in ${model.comparedOn}, chosen from the ` +
      `councils that run ${model.services}: ${chosenFrom}.${why}`,
  };
}

export function findModel(id: string): NeighbourModel | undefined {
  return neighbourModels.find((m) => m.id === id);
}

/** Every metric some model reads: an import that changes one of them recomputes the groups. */
export const modelInputMetrics: ReadonlySet<string> = new Set(
  neighbourModels.flatMap((m) => m.features.map((f) => f.metric)),
);
