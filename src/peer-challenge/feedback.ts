import { z } from 'zod';
import { isIsoDate } from './dates.ts';
import {
  agreement,
  readyMadeSurveys,
  respondentRoles,
  surveyFor,
  type RespondentRole,
  type SurveySet,
} from './surveys.ts';

/*
 * The feedback surveys' results (issue 20), as the programme publishes them: for each programme
 * year and rated question, the share of those who answered it that agreed or strongly agreed,
 * with how many answered. Aggregates only: no free text and no respondent leaves this module.
 */

/** Fewer answers than this to a question in a year and its result is not published. */
export const smallestPublished = 5;

/** A response as the programme team enters it on a respondent's behalf. */
export const surveyResponseInput = z
  .object({
    challengeId: z.number().int().positive(),
    role: z.enum(respondentRoles, { error: 'Choose who answered' }),
    submittedOn: z.string().refine(isIsoDate, { error: 'must be a real date, such as 2013-04-30' }),
    /** Question slug to answer: a point of the scale, or free text; a question left out is unanswered. */
    answers: z.record(z.string(), z.string().trim().min(1).max(5_000)),
  })
  .strict();
export type SurveyResponseInput = z.input<typeof surveyResponseInput>;

/**
 * The problems with a response's answers against the survey its respondent answers: a question
 * the survey does not ask, or a rated question answered off the scale.
 */
export function answerProblems(
  role: RespondentRole,
  answers: Readonly<Record<string, string>>,
  set: SurveySet = readyMadeSurveys,
): { field: string; text: string }[] {
  const survey = surveyFor(role, set);
  return Object.entries(answers).flatMap(([slug, answer]) => {
    const question = survey.questions.find((q) => q.slug === slug);
    if (!question) return [{ field: slug, text: `The ${survey.slug} survey asks no ${slug}` }];
    if (question.kind === 'scale' && !agreement.some((a) => a === answer))
      return [{ field: slug, text: `${slug} must be answered on the five-point scale` }];
    return [];
  });
}

/** A stored response as the results count it. */
export interface CountedResponse {
  programmeYear: string;
  role: RespondentRole;
  version: number;
  answers: Readonly<Record<string, string>>;
}

export type QuestionResult = {
  survey: string;
  slug: string;
  statement: string;
  reported: string;
  /** How many answered it. */
  answered: number;
} & ({ published: true; agreeing: number; percent: number } | { published: false; reason: string });

export interface YearResults {
  year: string;
  /** Responses counted, to every survey. */
  responses: number;
  questions: QuestionResult[];
}

/**
 * The results of every year with a response, oldest first: each rated question of the surveys
 * in `set`, counted over the responses to that version; a question fewer than five answered in a
 * year is not published (too few to keep who answered from being guessed).
 */
export function surveyResults(
  responses: readonly CountedResponse[],
  set: SurveySet = readyMadeSurveys,
): YearResults[] {
  const counted = responses.filter((r) => r.version === set.version);
  const years = [...new Set(counted.map((r) => r.programmeYear))].sort();
  return years.map((year) => {
    const inYear = counted.filter((r) => r.programmeYear === year);
    const questions = set.surveys.flatMap((survey) => {
      const answering = inYear.filter((r) => survey.respondents.includes(r.role));
      return survey.questions.flatMap((question): QuestionResult[] => {
        if (question.kind !== 'scale') return [];
        const answers = answering.flatMap((r) => r.answers[question.slug] ?? []);
        const agreeing = answers.filter((a) => a === 'agree' || a === 'strongly-agree').length;
        const head = {
          survey: survey.slug,
          slug: question.slug,
          statement: question.statement,
          reported: question.reported,
          answered: answers.length,
        };
        if (answers.length < smallestPublished)
          return [
            { ...head, published: false, reason: `fewer than ${smallestPublished} answered` },
          ];
        const percent = Math.round((100 * agreeing) / answers.length);
        return [{ ...head, published: true, agreeing, percent }];
      });
    });
    return { year, responses: inYear.length, questions };
  });
}
