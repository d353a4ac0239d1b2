import { z } from 'zod';
import { parseForm, type ParsedForm } from '../site/forms.ts';
import { mayDo, type ChallengePart } from './challenge-access.ts';
import { isIsoDate } from './dates.ts';
import {
  agreement,
  readyMadeSurveys,
  type RespondentRole,
  type SurveyDefinition,
  type SurveySet,
} from './surveys.ts';

/*
 * Answering the feedback surveys (issue 20): which survey a part in a challenge may answer, for
 * themselves or on someone's behalf, and the form each survey is, read with zod. Pure; the
 * access itself is decided in challenge-access.ts.
 */

/** The act each survey of the configuration needs, by its slug. */
export const surveyActs = {
  council: 'answer-council-survey',
  peer: 'answer-peer-survey',
} as const;
export type SurveySlug = keyof typeof surveyActs;
export const surveySlugs = Object.keys(surveyActs) as SurveySlug[];

/** The part that answers a survey for themselves; any other part allowed answers on behalf. */
const answersOwn: Record<SurveySlug, ChallengePart> = { council: 'council', peer: 'team' };

export interface Answerable {
  slug: SurveySlug;
  survey: SurveyDefinition;
  /** Whether the answer is recorded on a respondent's behalf (by the programme's managers). */
  onBehalf: boolean;
}

export function surveyBySlug(slug: SurveySlug, set: SurveySet = readyMadeSurveys) {
  const survey = set.surveys.find((s) => s.slug === slug);
  if (!survey) throw new RangeError(`No ${slug} survey in version ${set.version}`);
  return survey;
}

/** The surveys someone playing `parts` in a challenge may answer, and whether on behalf. */
export function answerableSurveys(
  parts: readonly ChallengePart[],
  set: SurveySet = readyMadeSurveys,
): Answerable[] {
  return surveySlugs
    .filter((slug) => mayDo(parts, surveyActs[slug]))
    .map((slug) => ({
      slug,
      survey: surveyBySlug(slug, set),
      onBehalf: !parts.includes(answersOwn[slug]),
    }));
}

/**
 * The roles still to answer a survey: a council's leader and chief executive answer once each
 * for a challenge, whoever records it; a peer once for themselves; on a peer's behalf the
 * programme team may record any number, since it names no one.
 */
export function openRoles(
  answerable: Answerable,
  answered: { roles: readonly RespondentRole[]; ownPeerAnswer: boolean },
): RespondentRole[] {
  if (answerable.slug === 'council')
    return answerable.survey.respondents.filter((r) => !answered.roles.includes(r));
  return answerable.onBehalf || !answered.ownPeerAnswer ? ['peer'] : [];
}

export interface SurveyAnswer {
  role: RespondentRole;
  answers: Record<string, string>;
  /** The day answered, when recorded on someone's behalf; else the day it is submitted. */
  submittedOn: string | null;
}

const text = z
  .string()
  .trim()
  .max(5_000, { error: 'Write 5,000 characters or fewer' })
  .optional()
  .transform((v) => (v === '' ? undefined : v));

/** A survey's form: who answers (of the roles still open), every rated question, the text. */
export function readSurveyForm(
  survey: SurveyDefinition,
  form: { roles: readonly RespondentRole[]; onBehalf: boolean },
  body: unknown,
): ParsedForm<SurveyAnswer> {
  const [firstRole, ...otherRoles] = form.roles;
  if (firstRole === undefined)
    throw new RangeError(`No one is left to answer the ${survey.slug} survey`);
  const shape: Record<string, z.ZodType> = {
    role: z.enum([firstRole, ...otherRoles], { error: 'Choose who is answering' }),
  };
  for (const question of survey.questions)
    shape[question.slug] =
      question.kind === 'scale'
        ? z.enum(agreement, { error: `Choose how far you agree: ${question.statement}` })
        : text;
  if (form.onBehalf)
    shape.submittedOn = z.string().refine(isIsoDate, {
      error: 'Enter the day it was answered, such as 2027-03-14',
    });
  const parsed = parseForm(z.object(shape), body);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const answers: Record<string, string> = {};
  for (const question of survey.questions) {
    const answer = value[question.slug];
    if (typeof answer === 'string') answers[question.slug] = answer;
  }
  const role = form.roles.find((r) => r === value.role) ?? firstRole;
  const submittedOn = typeof value.submittedOn === 'string' ? value.submittedOn : null;
  return { ok: true, value: { role, answers, submittedOn } };
}
