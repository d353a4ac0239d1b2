import type { ChallengeType } from './vocabulary.ts';

/** Each type of challenge as the programme names it. */
export const challengeTypeNames: Readonly<Record<ChallengeType, string>> = {
  'corporate-peer-challenge': 'Corporate peer challenge',
  'finance-peer-review': 'Finance peer review',
  'childrens-safeguarding': 'Children’s safeguarding',
  'adult-social-care': 'Adult social care',
  health: 'Health',
  send: 'Special educational needs and disabilities (SEND)',
  planning: 'Planning',
  'place-based': 'Place-based',
  'open-for-growth': 'Open for growth',
  'progress-review': 'Progress review',
};
