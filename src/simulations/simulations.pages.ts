import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../app/services.ts';
import { formErrorView } from '../site/forms.ts';
import { BadRequestError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { svgToPng } from '../charts/rasterise.ts';
import { ukTimeOf } from '../uploads/london-time.ts';
import { budgetPicture, budgetSvg } from './budget-image.ts';
import { say, sayHtml, wordsIn } from './resident-words.ts';
import {
  choiceProblems,
  readForm,
  residentPage,
  shown,
  simulatorJson,
  type ProblemText,
} from './resident.view.ts';
import {
  aboutYouAnswers,
  languages,
  type AboutYouQuestion,
  type Language,
} from './simulation.schema.ts';
import {
  SubmissionLimited,
  type PublishedSimulation,
  type SimulationsService,
} from './simulations.service.ts';
import { noLimits, type SubmissionLimits } from './visit-guards.ts';

const slugParams = z.object({ slug: z.string().max(80) }).strict();

/*
 * The resident's language is in the address, `?lang=cy`: the form posts to its own address, so
 * the language survives every Recalculate and Submit without JavaScript, the thank-you it leads
 * to keeps it, a link shared is read in the language it was sent in, and a cache (public results
 * are cached for a minute) keeps each language apart. A cookie would do none of these.
 */
const languageQuery = z.object({ lang: z.enum(languages).catch('en') }).strip();

/** The language a page was asked for: Welsh with `?lang=cy`, English otherwise. */
export function languageOf(request: FastifyRequest): Language {
  return languageQuery.safeParse(request.query ?? {}).data?.lang ?? 'en';
}

/** An address in a language: English needs no `lang`. */
export function inLanguage(path: string, language: Language): string {
  if (language === 'en') return path;
  return `${path}${path.includes('?') ? '&' : '?'}lang=${language}`;
}

/** What every resident page in a language needs: `<html lang>`, its words, the switch. */
export function languageView(path: string, language: Language) {
  const other: Language = language === 'en' ? 'cy' : 'en';
  return {
    htmlLang: language,
    language,
    words: wordsIn(language),
    switchTo: { href: inLanguage(path, other), lang: other },
  };
}

/** The hidden fields that carry a resident's visit through recalculations to the submit. */
const visit = z.object({
  version: z.coerce.number().int().positive(),
  key: z.uuid(),
  /** The signed time the form was shown (signStart): believed only when the signature holds. */
  started: z.string().max(100),
  /**
   * recalculate and change show the form again; review checks everything and shows the
   * "Check your budget" page; submit checks everything again and records it.
   */
  action: z.enum(['recalculate', 'review', 'change', 'submit']),
});

const thankYouQuery = z
  .object({ budget: z.string().max(100).optional(), lang: z.string().max(10).optional() })
  .strict();

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

function aboutView(
  questions: readonly AboutYouQuestion[],
  typed: Record<string, string>,
  language: Language,
) {
  return questions.map((q) => ({
    field: aboutField(q.id),
    kind: q.kind,
    label: shown(q.label, language),
    value: typed[aboutField(q.id)] ?? '',
    options:
      q.kind === 'choice'
        ? [
            { value: '', text: say(language, 'preferNotToSay'), selected: false },
            ...q.options.map((o) => {
              const label = shown(o.label, language);
              return {
                value: o.id,
                shown: label,
                text: label.text,
                attributes: label.lang ? { lang: label.lang } : {},
                selected: typed[aboutField(q.id)] === o.id,
              };
            }),
          ]
        : [],
  }));
}

/** The resident's answers about themselves, and a problem per answer the questions refuse. */
function readAbout(
  questions: readonly AboutYouQuestion[],
  body: Record<string, unknown>,
  language: Language,
) {
  const typed: Record<string, string> = {};
  const answers: Record<string, string> = {};
  for (const q of questions) {
    const value = String(body[aboutField(q.id)] ?? '').trim();
    typed[aboutField(q.id)] = value;
    answers[q.id] = value;
  }
  const parsed = aboutYouAnswers(questions).safeParse(answers);
  const kinds = new Map(questions.map((q) => [q.id, q.kind]));
  const problems: ProblemText[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => {
        const id = String(i.path[0]);
        const text = say(
          language,
          kinds.get(id) === 'postcode-district' ? 'postcodeProblem' : 'choiceProblem',
        );
        return { field: aboutField(id), text, html: text };
      });
  return { typed, answers: parsed.success ? parsed.data : {}, problems };
}

/**
 * Where the form is shown: the resident's own page, or an editor's preview of it (the same
 * page, posting to the preview, which never records a budget).
 */
export interface FormPlace {
  csrf: string;
  /** The form's own address, in the page's language. */
  path: string;
  preview: boolean;
  language: Language;
}

/** The free-text question, if the simulation asks one, as the form shows it. */
function commentView(simulation: PublishedSimulation, language: Language) {
  const question = simulation.definition.comment;
  return (
    question && {
      label: shown(question.label, language),
      hint: say(language, 'commentHint', { max: String(question.maxCharacters) }),
    }
  );
}

/** The resident's comment as typed, and the problem when it is too long for the question. */
function readComment(
  simulation: PublishedSimulation,
  body: Record<string, unknown>,
  language: Language,
) {
  const question = simulation.definition.comment;
  const typed = typeof body['comment'] === 'string' ? body['comment'] : '';
  const length = [...typed.trim()].length;
  const problems: ProblemText[] = [];
  if (question && length > question.maxCharacters) {
    const text = say(language, 'commentTooLong', {
      max: String(question.maxCharacters),
      length: String(length),
    });
    problems.push({ field: 'comment', text, html: text });
  }
  return { typed, comment: question ? typed : '', problems };
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
    errors: ProblemText[];
    /** In a preview: the budget sent would have been recorded. */
    wouldRecord?: boolean;
  },
) =>
  reply.render('simulations/views/simulation.njk', {
    title: fields.page.title.text,
    pageTitleLang: fields.page.title.lang,
    simulation,
    ...place,
    action: inLanguage(place.path, place.language),
    ...languageView(place.path, place.language),
    commentQuestion: commentView(simulation, place.language),
    ...fields,
    ...residentErrors(fields.errors, place.language),
    // The sliders' script is given its words in the page's language with its data.
    simulator: simulatorJson(simulation.definition, place.language),
  });

/** The error summary and each field's message, as HTML (a council's English marked). */
function residentErrors(errors: readonly ProblemText[], language: Language) {
  const view = formErrorView(errors);
  const error = say(language, 'errorPrefix');
  const fieldErrors: Record<string, { html: string; visuallyHiddenText: string }> = {};
  for (const { field, html } of errors) {
    const earlier = fieldErrors[field];
    fieldErrors[field] = {
      html: earlier ? `${earlier.html}. ${html}` : html,
      visuallyHiddenText: error,
    };
  }
  return {
    errorTitle: view.errorTitle,
    errorList: view.errorList.map((e, at) => ({ href: e.href, html: errors[at]?.html ?? '' })),
    fieldErrors,
  };
}

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
    page: residentPage(simulation.definition, typed, choice, [], place.language),
    about: aboutView(simulation.definition.aboutYou, {}, place.language),
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
  path: `/simulations/${encodeURIComponent(slug)}`,
  preview: false,
  language: languageOf(request),
});

/**
 * The resident's pages (issue 21), without JavaScript: /simulations lists the open ones;
 * /simulations/{slug} is a form of number inputs and council-tax levels with a Recalculate
 * button, the money still to find and the summary of changes; Continue shows a balanced budget
 * on the "Check your budget" page (the same address), whose Submit budget records it and shows
 * the thank-you only once it is committed; an unbalanced one comes back with the error summary.
 * Residents need no account: the form is checked against the form cookie.
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
    const language = languageOf(request);
    const path = `/simulations/${encodeURIComponent(slug)}/thank-you${budget ? `?budget=${encodeURIComponent(budget)}` : ''}`;
    return reply.render('simulations/views/thank-you.njk', {
      title: say(language, 'thanksTitle'),
      simulation,
      ...languageView(path, language),
      heading: sayHtml(language, 'thanksNext', {
        title: shown(simulation.definition.title, language),
      }),
      budget: shared && {
        picture: budgetPicture(shared.simulation.definition, shared.choice, language),
        // The picture's language is in its address, so each language is cached apart.
        svg: inLanguage(`${image}.svg`, language),
        png: inLanguage(`${image}.png`, language),
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
    const svg = budgetSvg(budgetPicture(simulation.definition, choice, languageOf(request)));
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
 * A posted form: recalculated, shown again to change, refused with every problem, checked on
 * the "Check your budget" page, or recorded and thanked; in a preview, a budget that would be
 * recorded is said to be, and nothing is recorded.
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
  const about = readAbout(definition.aboutYou, body, where.language);
  const comment = readComment(simulation, body, where.language);
  // Continue and Submit judge the whole budget; Recalculate and Change only show it again.
  const checking = hidden.action === 'review' || hidden.action === 'submit';
  const problems = choiceProblems(definition, choice, unreadable).filter(
    (p) => checking || p.field !== 'balance',
  );
  const page = residentPage(definition, typed, choice, problems, where.language);
  const errors = [...page.problems, ...(checking ? [...about.problems, ...comment.problems] : [])];
  const accepted = checking && errors.length === 0;
  const answers = { ...typed, ...about.typed, comment: comment.typed };
  const aboutShown = aboutView(definition.aboutYou, about.typed, where.language);
  if (accepted && hidden.action === 'review')
    return reply.render('simulations/views/check.njk', {
      title: say(where.language, 'checkTitle'),
      simulation,
      ...where,
      action: inLanguage(where.path, where.language),
      ...languageView(where.path, where.language),
      key: hidden.key,
      started: hidden.started,
      page,
      check: checkView(page, aboutShown, comment.comment, where.language),
      // Every answer goes on to Submit or back to the form; the field hidden from people too.
      carried: Object.entries({ ...answers, website: honeypotOf(body) }).map(([name, value]) => ({
        name,
        value,
      })),
    });
  if (accepted && !where.preview) {
    const refused = await record(simulations, request, simulation, {
      hidden,
      limits,
      csrf: where.csrf,
      choice,
      aboutYou: about.answers,
      comment: comment.comment,
    });
    if (refused) return limitedPage(reply, simulation, refused, { ...where, limits });
    // The thank-you names the response by its key, for the image of the budget to share.
    const thanks = `/simulations/${encodeURIComponent(simulation.slug)}/thank-you?budget=${encodeURIComponent(hidden.key)}`;
    return reply.redirect(inLanguage(thanks, where.language), 303);
  }
  return render(reply.code(errors.length > 0 ? 400 : 200), simulation, where, {
    key: hidden.key,
    started: hidden.started,
    typed: answers,
    page,
    about: aboutShown,
    errors,
    wouldRecord: accepted,
  });
}

const honeypotOf = (body: Record<string, unknown>) =>
  typeof body['website'] === 'string' ? body['website'] : '';

/** A budget sent to be recorded: nothing when it is, or the limit it reached. */
async function record(
  simulations: SimulationsService,
  request: FastifyRequest,
  simulation: PublishedSimulation,
  sent: {
    hidden: z.output<typeof visit>;
    limits: SubmissionLimits;
    csrf: string;
    choice: ReturnType<typeof readForm>['choice'];
    aboutYou: Record<string, string>;
    comment: string;
  },
): Promise<SubmissionLimited | null> {
  const { hidden, choice } = sent;
  const body = (request.body ?? {}) as Record<string, unknown>;
  try {
    // The server checks it again with the same maths: it never trusts this page's total.
    await simulations.submit(
      {
        slug: simulation.slug,
        version: hidden.version,
        percents: choice.percents,
        councilTaxBasisPoints: choice.councilTaxBasisPoints,
        aboutYou: sent.aboutYou,
        startedAt: await simulations.startOf(simulation.slug, hidden.key, hidden.started),
        idempotencyKey: hidden.key,
        source: `${request.ip} ${request.headers['user-agent'] ?? ''}`,
        address: request.ip,
        // The form cookie's token: the form is only taken with it (anonymousForm).
        session: sent.csrf,
        honeypot: honeypotOf(body),
        comment: sent.comment,
      },
      sent.limits,
    );
    return null;
  } catch (error) {
    if (error instanceof SubmissionLimited) return error;
    throw error;
  }
}

/**
 * The "Check your budget" page's rows: each change with its consequence, the council-tax level
 * with its extra per Band D home, the money still to find, the "about you" answers (said to be
 * unanswered when left empty) and the comment.
 */
function checkView(
  page: ReturnType<typeof residentPage>,
  about: ReturnType<typeof aboutView>,
  comment: string,
  language: Language,
) {
  const notAnswered = { text: say(language, 'notAnswered') };
  return {
    changes: page.groups.flatMap((g) => g.lines.filter((l) => l.change !== null)),
    councilTax: page.councilTax?.levels.find((l) => l.checked)?.text ?? null,
    balance: page.balance.text,
    about: about.map((q) => ({ label: q.label, value: answerShown(q) ?? notAnswered })),
    comment: comment.trim(),
  };
}

function answerShown(question: ReturnType<typeof aboutView>[number]) {
  if (question.kind !== 'choice') return question.value === '' ? null : { text: question.value };
  const chosen = question.options.find((o) => o.selected && o.value !== '');
  return chosen && 'shown' in chosen ? chosen.shown : null;
}

/** A budget over a limit: nothing recorded, said plainly, with when to come back. */
function limitedPage(
  reply: FastifyReply,
  simulation: PublishedSimulation,
  refused: SubmissionLimited,
  place: { limits: SubmissionLimits; path: string; language: Language },
) {
  const { limit, retryAfterSeconds } = refused.reached;
  const { language } = place;
  const title = shown(simulation.definition.title, language);
  const session = limit === 'session';
  return reply
    .code(429)
    .header('retry-after', String(retryAfterSeconds))
    .render('simulations/views/limited.njk', {
      title: say(language, session ? 'limitedSessionTitle' : 'limitedAddressTitle'),
      simulation,
      ...languageView(place.path, language),
      limit,
      explanation: session
        ? sayHtml(language, 'limitedSession', { title })
        : sayHtml(language, 'limitedAddress', {
            title,
            count: String(place.limits.perAddressPerHour),
          }),
      tryAgain: say(language, 'limitedTryAgain', {
        time: clockIn(language, new Date(Date.now() + retryAfterSeconds * 1000)),
        minutes: String(Math.ceil(retryAfterSeconds / 60)),
      }),
    });
}

/** A UK clock time as each language writes it: 2:30pm, or in Welsh 2:30yh. */
const clockIn = (language: Language, at: Date) =>
  language === 'en' ? ukTimeOf(at) : ukTimeOf(at).replace(/am$/, 'yb').replace(/pm$/, 'yh');
