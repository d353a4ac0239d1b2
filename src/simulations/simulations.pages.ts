import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../app/services.ts';
import { formErrorView } from '../site/forms.ts';
import { BadRequestError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { svgToPng } from '../charts/rasterise.ts';
import { budgetPicture, budgetSvg } from './budget-image.ts';
import { choiceProblems, readForm, residentPage, simulatorJson } from './resident.view.ts';
import { ukTimeOf } from './results-maths.ts';
import { aboutYouAnswers, type AboutYouQuestion } from './simulation.schema.ts';
import {
  SubmissionLimited,
  type PublishedSimulation,
  type SimulationsService,
} from './simulations.service.ts';
import { noLimits, type SubmissionLimits } from './visit-guards.ts';

const slugParams = z.object({ slug: z.string().max(80) }).strict();

/** The hidden fields that carry a resident's visit through recalculations to the submit. */
const visit = z.object({
  version: z.coerce.number().int().positive(),
  key: z.uuid(),
  /** The signed time the form was shown (signStart): believed only when the signature holds. */
  started: z.string().max(100),
  action: z.enum(['recalculate', 'submit']),
});

const thankYouQuery = z.object({ budget: z.string().max(100).optional() }).strict();

/** `<key>.svg` or `<key>.png`: a response's idempotency key is 8 to 100 such characters. */
const budgetImageFile = /^([\w-]{8,100})\.(svg|png)$/;
const budgetImageParams = z
  .object({ slug: z.string().max(80), file: z.string().regex(budgetImageFile) })
  .strict();

/**
 * A PNG holds the server's one thread while resvg draws it: admission's expensive lane runs it
 * one at a time (app/admit.ts), as the charts' PNGs (charts.routes.ts).
 */
const imageCost = {
  cost: (request: FastifyRequest) =>
    String((request.params as { file?: unknown }).file ?? '').endsWith('.png') ? 20_000 : 1,
};

const aboutField = (id: string) => `about-${id}`;

function aboutView(questions: readonly AboutYouQuestion[], typed: Record<string, string>) {
  return questions.map((q) => ({
    field: aboutField(q.id),
    kind: q.kind,
    label: q.label.en,
    value: typed[aboutField(q.id)] ?? '',
    options:
      q.kind === 'choice'
        ? [
            { value: '', text: 'Prefer not to say', selected: false },
            ...q.options.map((o) => ({
              value: o.id,
              text: o.label.en,
              selected: typed[aboutField(q.id)] === o.id,
            })),
          ]
        : [],
  }));
}

/** The resident's answers about themselves, and a problem per answer the questions refuse. */
function readAbout(questions: readonly AboutYouQuestion[], body: Record<string, unknown>) {
  const typed: Record<string, string> = {};
  const answers: Record<string, string> = {};
  for (const q of questions) {
    const value = String(body[aboutField(q.id)] ?? '').trim();
    typed[aboutField(q.id)] = value;
    answers[q.id] = value;
  }
  const parsed = aboutYouAnswers(questions).safeParse(answers);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ field: aboutField(String(i.path[0])), text: i.message }));
  return { typed, answers: parsed.success ? parsed.data : {}, problems };
}

/**
 * Where the form is shown: the resident's own page, or an editor's preview of it (the same
 * page, posting to the preview, which never records a budget).
 */
export interface FormPlace {
  csrf: string;
  action: string;
  preview: boolean;
}

/** The resident's form, with what they typed and every problem. */
const render = (
  reply: FastifyReply,
  simulation: PublishedSimulation,
  place: FormPlace,
  fields: {
    key: string;
    started: string;
    typed: Record<string, string>;
    page: ReturnType<typeof residentPage>;
    about: ReturnType<typeof aboutView>;
    errors: { field: string; text: string }[];
    /** In a preview: the budget sent would have been recorded. */
    wouldRecord?: boolean;
  },
) =>
  reply.render('simulations/views/simulation.njk', {
    title: fields.page.title,
    simulation,
    ...place,
    ...fields,
    ...formErrorView(fields.errors),
    simulator: simulatorJson(simulation.definition),
  });

/** The form as a visit starts: every line at no change, and the time it was shown, signed. */
export async function showForm(
  simulations: SimulationsService,
  reply: FastifyReply,
  simulation: PublishedSimulation,
  place: FormPlace,
) {
  const { typed, choice } = readForm(simulation.definition, {});
  const key = randomUUID();
  return render(reply, simulation, place, {
    key,
    started: await simulations.startToken(simulation.slug, key),
    typed,
    page: residentPage(simulation.definition, typed, choice, []),
    about: aboutView(simulation.definition.aboutYou, {}),
    errors: [],
  });
}

type FormToken = (request: FastifyRequest, reply: FastifyReply) => string;

const residentPlace = (
  formToken: FormToken,
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
): FormPlace => ({
  csrf: formToken(request, reply),
  action: `/simulations/${encodeURIComponent(slug)}`,
  preview: false,
});

/**
 * The resident's pages (issue 21), without JavaScript: /simulations lists the open ones;
 * /simulations/{slug} is a form of number inputs and council-tax levels with a Recalculate
 * button, the money still to find and the summary of changes; Submit records a balanced budget
 * and shows the thank-you only once it is committed, and an unbalanced one comes back with the
 * error summary. Residents need no account: the form is checked against the form cookie.
 */
export function registerSimulationPages(
  app: FastifyInstance,
  { simulations, simulationResults }: Services,
  formToken: FormToken,
  limits: SubmissionLimits,
) {
  app.get('/simulations', async (_request, reply) =>
    reply.render('simulations/views/simulations.njk', {
      title: 'Budget simulations',
      simulations: await simulations.openSimulations(),
    }),
  );

  app.get('/simulations/:slug', async (request, reply) => {
    const { slug } = parseInput(slugParams, request.params);
    const simulation = await simulations.published(slug);
    // The form first shown (recalculations are posts): what the completion rate is of.
    await simulationResults.countFormView(slug, new Date());
    return showForm(simulations, reply, simulation, residentPlace(formToken, request, reply, slug));
  });

  app.post('/simulations/:slug', { config: { anonymousForm: true } }, async (request, reply) => {
    const { slug } = parseInput(slugParams, request.params);
    const hidden = visitOf(request.body);
    const simulation = await simulations.published(slug, hidden.version);
    return answerForm(simulations, request, reply, simulation, {
      ...residentPlace(formToken, request, reply, slug),
      hidden,
      limits,
    });
  });

  app.get('/simulations/:slug/thank-you', async (request, reply) => {
    const { slug } = parseInput(slugParams, request.params);
    const { budget } = parseInput(thankYouQuery, request.query);
    const shared = budget === undefined ? null : await simulations.sharedBudget(slug, budget);
    const simulation = shared?.simulation ?? (await simulations.published(slug));
    const image = `/simulations/${encodeURIComponent(slug)}/budgets/${encodeURIComponent(budget ?? '')}`;
    return reply.render('simulations/views/thank-you.njk', {
      title: 'Thank you: your budget is recorded',
      simulation,
      heading: simulation.definition.title.en,
      budget: shared && {
        picture: budgetPicture(shared.simulation.definition, shared.choice),
        svg: `${image}.svg`,
        png: `${image}.png`,
      },
    });
  });

  registerBudgetImages(app, simulations);
}

/**
 * A resident's budget as an image, at an address only their thank-you page gives (the
 * response's random key): the choices alone, never the "about you" answers, so it may be kept
 * by any cache (`public`) and shared; it never changes, and search engines are asked not to list
 * it.
 */
function registerBudgetImages(app: FastifyInstance, simulations: SimulationsService) {
  app.get('/simulations/:slug/budgets/:file', { config: imageCost }, async (request, reply) => {
    const { slug, file } = parseInput(budgetImageParams, request.params);
    const [, key = '', format] = budgetImageFile.exec(file) ?? [];
    const { simulation, choice } = await simulations.sharedBudget(slug, key);
    const svg = budgetSvg(budgetPicture(simulation.definition, choice));
    reply
      .header('cache-control', 'public, max-age=86400, immutable')
      .header('x-robots-tag', 'noindex')
      .header('content-disposition', `inline; filename="my-budget-${slug}.${format}"`);
    if (format === 'png') return reply.type('image/png').send(Buffer.from(await svgToPng(svg)));
    return reply.type('image/svg+xml; charset=utf-8').send(svg);
  });
}

/** The hidden fields a posted form carries, or refused when it was not sent whole. */
export function visitOf(body: unknown) {
  const hidden = visit.safeParse(body ?? {});
  if (!hidden.success) throw new BadRequestError('The form was not sent whole: start again');
  return hidden.data;
}

/**
 * A posted form: recalculated, refused with every problem, or recorded and thanked; in a
 * preview, a budget that would be recorded is said to be, and nothing is recorded.
 */
export async function answerForm(
  simulations: SimulationsService,
  request: FastifyRequest,
  reply: FastifyReply,
  simulation: PublishedSimulation,
  place: FormPlace & { hidden: z.output<typeof visit>; limits?: SubmissionLimits },
) {
  const { hidden, limits = noLimits, ...where } = place;
  const body = (request.body ?? {}) as Record<string, unknown>;
  const definition = simulation.definition;
  const { typed, choice, unreadable } = readForm(definition, body);
  const about = readAbout(definition.aboutYou, body);
  const submitting = hidden.action === 'submit';
  const problems = choiceProblems(definition, choice, unreadable).filter(
    (p) => submitting || p.field !== 'balance',
  );
  const page = residentPage(definition, typed, choice, problems);
  const errors = [...page.problems, ...(submitting ? about.problems : [])];
  const accepted = submitting && errors.length === 0;
  if (accepted && !where.preview) {
    try {
      // The server checks it again with the same maths: it never trusts this page's total.
      await simulations.submit(
        {
          slug: simulation.slug,
          version: hidden.version,
          percents: choice.percents,
          councilTaxBasisPoints: choice.councilTaxBasisPoints,
          aboutYou: about.answers,
          startedAt: await simulations.startOf(simulation.slug, hidden.key, hidden.started),
          idempotencyKey: hidden.key,
          source: `${request.ip} ${request.headers['user-agent'] ?? ''}`,
          address: request.ip,
          // The form cookie's token: the form is only taken with it (anonymousForm).
          session: where.csrf,
          honeypot: typeof body['website'] === 'string' ? body['website'] : '',
        },
        limits,
      );
    } catch (error) {
      if (error instanceof SubmissionLimited) return limitedPage(reply, simulation, error, limits);
      throw error;
    }
    // The thank-you names the response by its key, for the image of the budget to share.
    const thanks = `/simulations/${encodeURIComponent(simulation.slug)}/thank-you`;
    return reply.redirect(`${thanks}?budget=${encodeURIComponent(hidden.key)}`, 303);
  }
  return render(reply.code(errors.length > 0 ? 400 : 200), simulation, where, {
    key: hidden.key,
    started: hidden.started,
    typed: { ...typed, ...about.typed },
    page,
    about: aboutView(definition.aboutYou, about.typed),
    errors,
    wouldRecord: accepted,
  });
}

/** A budget over a limit: nothing recorded, said plainly, with when to come back. */
function limitedPage(
  reply: FastifyReply,
  simulation: PublishedSimulation,
  refused: SubmissionLimited,
  limits: SubmissionLimits,
) {
  const { limit, retryAfterSeconds } = refused.reached;
  const back = new Date(Date.now() + retryAfterSeconds * 1000);
  return reply
    .code(429)
    .header('retry-after', String(retryAfterSeconds))
    .render('simulations/views/limited.njk', {
      title:
        limit === 'session'
          ? 'You have already sent a budget: this one is not recorded'
          : 'Too many budgets from your connection: this one is not recorded',
      simulation,
      heading: simulation.definition.title.en,
      limit,
      perAddress: limits.perAddressPerHour,
      minutes: Math.ceil(retryAfterSeconds / 60),
      backAt: ukTimeOf(back),
    });
}
