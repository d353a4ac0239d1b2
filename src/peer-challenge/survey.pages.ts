import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Viewer } from '../accounts/accounts.service.ts';
import { actorOf } from '../accounts/actor.ts';
import { signInFirst } from '../accounts/next-path.ts';
import type { Services } from '../app/services.ts';
import { NotFoundError } from '../shared/errors.ts';
import { fieldError, formErrorView, type FieldError, type FormValues } from '../site/forms.ts';
import { challengeType } from './challenge-types.ts';
import type { IsoDate } from './dates.ts';
import {
  SurveyAlreadyAnswered,
  SurveyResponseRefused,
  type OpenSurvey,
  type SurveyPage,
} from './feedback.service.ts';
import { readSurveyForm, surveySlugs } from './survey-forms.ts';
import { agreement, agreementTitles, respondentRoleTitles } from './surveys.ts';

const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const surveyQuery = z.object({
  survey: z.enum(surveySlugs).optional().catch(undefined),
  answered: z.enum(surveySlugs).optional().catch(undefined),
});
const today = (): IsoDate => new Date().toISOString().slice(0, 10);

function idOf(request: FastifyRequest): number {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw new NotFoundError('Peer challenge', request.url);
  return params.data.id;
}

interface Form {
  errors: FieldError[];
  values: FormValues;
}

/** A survey's questions as the form shows them, with what was chosen or typed. */
function questionsView(survey: OpenSurvey, values: FormValues) {
  const value = (slug: string) => (typeof values[slug] === 'string' ? values[slug] : '');
  return survey.survey.questions.map((q) =>
    q.kind === 'scale'
      ? {
          kind: q.kind,
          slug: q.slug,
          label: q.statement,
          items: agreement.map((a) => ({
            value: a,
            text: agreementTitles[a],
            checked: value(q.slug) === a,
          })),
        }
      : { kind: q.kind, slug: q.slug, label: q.prompt, value: value(q.slug) },
  );
}

/**
 * /peer-challenge/challenges/:id/survey: the feedback survey after a challenge, for those who
 * take part in it (challenge-access.ts): its council's administrator answers as the leader or
 * the chief executive, each peer of the team for themselves, and the programme's managers
 * record an answer on someone's behalf. Anyone else is told there is no such page. Registered
 * in an account pages' scope: CSRF-checked, `private, no-store`.
 */
export function registerSurveyPages(app: FastifyInstance, { peerFeedback, areas }: Services) {
  const render = async (
    reply: FastifyReply,
    page: SurveyPage,
    chosen: OpenSurvey | null,
    form: Form = { errors: [], values: {} },
    answered: string | undefined = undefined,
  ) => {
    const [area] = (await areas.namesOf([page.challenge.areaCode])).values();
    const type = challengeType(page.challenge.type).title;
    const values = form.values;
    return reply.render('peer-challenge/views/survey.njk', {
      title: `Feedback survey: ${type}, ${area ?? page.challenge.areaCode}`,
      id: page.challenge.id,
      heading: `${type}: ${area ?? page.challenge.areaCode}`,
      delivered: page.delivered,
      answered: answered !== undefined,
      surveys: page.surveys.map((s) => ({ slug: s.slug, title: s.survey.title, open: s.open })),
      chosen: chosen && {
        slug: chosen.slug,
        title: chosen.survey.title,
        onBehalf: chosen.onBehalf,
        open: chosen.open,
        roleItems: chosen.open.map((r) => ({
          value: r,
          text: respondentRoleTitles[r],
          checked: values.role === r,
        })),
        questions: questionsView(chosen, values),
        submittedOn: typeof values.submittedOn === 'string' ? values.submittedOn : today(),
      },
      ...formErrorView(form.errors),
    });
  };

  /** The survey asked for, or the only one the viewer answers; null while they must choose. */
  const chosenOf = (page: SurveyPage, slug: string | undefined): OpenSurvey | null => {
    if (slug !== undefined) {
      const found = page.surveys.find((s) => s.slug === slug);
      if (!found) throw new NotFoundError('Survey', slug);
      return found;
    }
    return page.surveys.length === 1 ? (page.surveys[0] ?? null) : null;
  };

  app.get('/peer-challenge/challenges/:id/survey', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    const page = await peerFeedback.surveyPage(request.viewer, idOf(request));
    const query = surveyQuery.parse(request.query);
    return render(reply, page, chosenOf(page, query.survey), undefined, query.answered);
  });

  app.post('/peer-challenge/challenges/:id/survey', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const id = idOf(request);
    const page = await peerFeedback.surveyPage(viewer, id);
    const body = z.record(z.string(), z.unknown()).catch({}).parse(request.body);
    const chosen = chosenOf(page, typeof body.survey === 'string' ? body.survey : 'none');
    if (!chosen) throw new NotFoundError('Survey', String(id));
    const refused = (message: string) =>
      render(reply.code(409), page, chosen, { errors: [fieldError('', message)], values: {} });
    const role = chosen.survey.respondents.find((r) => r === body.role);
    if (page.delivered && role !== undefined && !chosen.open.includes(role))
      return refused(new SurveyAlreadyAnswered(role).message);
    if (chosen.open.length === 0 || !page.delivered)
      return refused(
        page.delivered
          ? 'Everyone this survey asks has answered it already'
          : 'The survey opens once the team has given its feedback',
      );
    const form = readSurveyForm(
      chosen.survey,
      { roles: chosen.open, onBehalf: chosen.onBehalf },
      body,
    );
    if (!form.ok)
      return render(reply.code(400), page, chosen, { errors: form.errors, values: form.values });
    try {
      await peerFeedback.answer(actorOf(request, viewer), id, chosen.slug, form.value, today());
    } catch (error) {
      if (!(error instanceof SurveyResponseRefused || error instanceof SurveyAlreadyAnswered))
        throw error;
      const problems =
        error instanceof SurveyResponseRefused
          ? error.problems
          : [{ field: 'role', text: error.message }];
      const values = Object.fromEntries(
        Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      return render(reply.code(error instanceof SurveyAlreadyAnswered ? 409 : 400), page, chosen, {
        errors: problems.map((p) => fieldError(p.field, p.text)),
        values,
      });
    }
    return reply.redirect(`/peer-challenge/challenges/${id}/survey?answered=${chosen.slug}`, 303);
  });
}
