import { z } from 'zod';

/*
 * The feedback surveys after each peer challenge (issue 20), as versioned configuration reviewed
 * in the repository like the challenge types: one for the council's leader and chief executive,
 * one for the peers on the team. A response records the version it answered, so that a question
 * reworded in a later version never counts with the answers to the old wording.
 */

/** The five-point scale every rated question is answered on, most agreeing first. */
export const agreement = [
  'strongly-agree',
  'agree',
  'neither',
  'disagree',
  'strongly-disagree',
] as const;
export type Agreement = (typeof agreement)[number];

export const agreementTitles: Record<Agreement, string> = {
  'strongly-agree': 'Strongly agree',
  agree: 'Agree',
  neither: 'Neither agree nor disagree',
  disagree: 'Disagree',
  'strongly-disagree': 'Strongly disagree',
};

/** Who answers a survey: the council's leader or chief executive, or a peer on the team. */
export const respondentRoles = ['leader', 'chief-executive', 'peer'] as const;
export type RespondentRole = (typeof respondentRoles)[number];

export const respondentRoleTitles: Record<RespondentRole, string> = {
  leader: 'Leader',
  'chief-executive': 'Chief executive',
  peer: 'Peer',
};

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a slug is lower-case words joined by hyphens');

export const surveyQuestion = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('scale'),
      slug,
      /** The statement the respondent agrees or disagrees with. */
      statement: z.string().min(1),
      /** How the published result reads, before "n%": "found their peer challenge well tailored". */
      reported: z.string().min(1),
    })
    .strict(),
  z.object({ kind: z.literal('text'), slug, prompt: z.string().min(1) }).strict(),
]);
export type SurveyQuestion = z.infer<typeof surveyQuestion>;

export const surveyDefinition = z
  .object({
    slug,
    title: z.string().min(1),
    /** Who may answer it. */
    respondents: z.array(z.enum(respondentRoles)).min(1),
    questions: z.array(surveyQuestion).min(1),
  })
  .strict()
  .superRefine((survey, context) => {
    const seen = new Set<string>();
    survey.questions.forEach((q, i) => {
      if (seen.has(q.slug))
        context.addIssue({ code: 'custom', path: ['questions', i, 'slug'], message: 'repeated' });
      seen.add(q.slug);
    });
  });
export type SurveyDefinition = z.infer<typeof surveyDefinition>;

export const surveySet = z
  .object({ version: z.number().int().positive(), surveys: z.array(surveyDefinition).min(1) })
  .strict()
  .superRefine((set, context) => {
    const roles = set.surveys.flatMap((s) => s.respondents);
    if (new Set(roles).size !== roles.length)
      context.addIssue({ code: 'custom', path: ['surveys'], message: 'a role answers one survey' });
  });
export type SurveySet = z.infer<typeof surveySet>;

const readyMade: z.input<typeof surveySet> = {
  version: 1,
  surveys: [
    {
      slug: 'council',
      title: 'The council’s view of its peer challenge',
      respondents: ['leader', 'chief-executive'],
      questions: [
        {
          kind: 'scale',
          slug: 'well-tailored',
          statement: 'The peer challenge was well tailored to our council’s needs',
          reported: 'found their peer challenge well tailored',
        },
        {
          kind: 'scale',
          slug: 'peer-team-quality',
          statement: 'The quality of the peer team was good or very good',
          reported: 'agreed the quality of the peer team was good or very good',
        },
        {
          kind: 'scale',
          slug: 'will-act',
          statement: 'The challenge will make a difference to how we improve',
          reported: 'agreed the challenge will make a difference to how they improve',
        },
        {
          kind: 'scale',
          slug: 'would-recommend',
          statement: 'I would recommend a peer challenge to another council',
          reported: 'would recommend a peer challenge to another council',
        },
        { kind: 'text', slug: 'comments', prompt: 'Anything else you would like to tell us' },
      ],
    },
    {
      slug: 'peer',
      title: 'The peer’s view of the challenge they were on',
      respondents: ['peer'],
      questions: [
        {
          kind: 'scale',
          slug: 'well-prepared',
          statement: 'The team was well prepared before going on site',
          reported: 'agreed the team was well prepared',
        },
        {
          kind: 'scale',
          slug: 'well-managed',
          statement: 'The challenge was well managed',
          reported: 'agreed the challenge was well managed',
        },
        {
          kind: 'scale',
          slug: 'own-learning',
          statement: 'I learnt something I will take back to my own council',
          reported: 'learnt something to take back to their own council',
        },
        { kind: 'text', slug: 'comments', prompt: 'Anything else you would like to tell us' },
      ],
    },
  ],
};

/** The surveys in use; a change is a new version, not an edit of this one. */
export const readyMadeSurveys: SurveySet = surveySet.parse(readyMade);

/** The survey a role answers. */
export function surveyFor(role: RespondentRole, set: SurveySet = readyMadeSurveys) {
  const survey = set.surveys.find((s) => s.respondents.includes(role));
  if (!survey) throw new RangeError(`No survey for ${role} in version ${set.version}`);
  return survey;
}
