/**
 * Closed vocabularies shared by the schema's CHECK constraints, the TypeScript types and the
 * API's zod schemas, so that the three can never disagree.
 */
export const areaTypes = [
  'county',
  'district',
  'unitary',
  'metropolitan-district',
  'london-borough',
  'sui-generis',
  'combined-authority',
  'strategic-authority',
  'fire-and-rescue-authority',
  'region',
  'nation',
  // Authorities outside England are held so that UK-wide sources resolve, but they are
  // typed apart so that "all unitaries" means the English ones.
  'welsh-unitary',
  'scottish-unitary',
  'northern-ireland-district',
] as const;
export type AreaType = (typeof areaTypes)[number];

/** The principal councils: those that set council tax and deliver services directly. */
export const principalCouncilTypes = [
  'county',
  'district',
  'unitary',
  'metropolitan-district',
  'london-borough',
  'sui-generis',
] as const satisfies readonly AreaType[];

export const nations = ['england', 'wales', 'scotland', 'northern-ireland'] as const;
export type Nation = (typeof nations)[number];

export const parentRelations = [
  'nation',
  'region',
  'upper-tier',
  'combined-authority',
  'fire-and-rescue-authority',
  'police-force-area',
] as const;
export type ParentRelation = (typeof parentRelations)[number];

export const successionKinds = ['merger', 'code-change', 'abolition'] as const;
export type SuccessionKind = (typeof successionKinds)[number];

export const identifierSchemes = ['mysociety', 'dfe-la', 'mhclg-ecode', 'former-gss'] as const;
export type IdentifierScheme = (typeof identifierSchemes)[number];

export const boundaryLayers = ['ltla', 'utla', 'cauth', 'rgn', 'ctry'] as const;
export type BoundaryLayer = (typeof boundaryLayers)[number];

export const groupKinds = [
  'type',
  'region',
  'type-in-region',
  'county-districts',
  'combined-authority',
  'fire-and-rescue-authority',
  'statistical-neighbours',
  'nearest-neighbours',
  'cluster',
  'custom',
] as const;
export type GroupKind = (typeof groupKinds)[number];

export const polarities = ['higher-is-better', 'lower-is-better', 'no-judgement'] as const;
export type Polarity = (typeof polarities)[number];

export const themes = [
  'children-and-young-people',
  'adult-social-care-and-health',
  'economy-and-skills',
  'environment-housing-and-planning',
  'safer-and-stronger-communities',
  'culture-tourism-and-sport',
  'finance-and-value-for-money',
  'workforce',
  'context-and-demographics',
] as const;
export type Theme = (typeof themes)[number];

export const periodTypes = [
  'financial-year',
  'academic-year',
  'calendar-year',
  'quarter',
  'month',
  'multi-year',
  'other',
] as const;
export type PeriodType = (typeof periodTypes)[number];

/**
 * Why a value is missing or needs a caveat. Missing data is always one of these, never a bare
 * null: the value column is null exactly when the status is one of `missingStatuses`.
 */
export const valueStatuses = [
  'ok',
  'low-reliability',
  'provisional',
  'estimated',
  'not-available',
  'suppressed',
  'not-applicable',
] as const;
export type ValueStatus = (typeof valueStatuses)[number];
export const missingStatuses = [
  'not-available',
  'suppressed',
  'not-applicable',
] as const satisfies readonly ValueStatus[];

export const publicationStates = ['published', 'embargoed', 'restricted'] as const;
export type PublicationState = (typeof publicationStates)[number];
