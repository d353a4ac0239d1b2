import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../accounts/actor.ts';
import type { Viewer } from '../accounts/accounts.service.ts';
import { signInFirst } from '../accounts/next-path.ts';
import type { Services } from '../app/services.ts';
import { sendTable } from '../data/formats/table-download.ts';
import { BadRequestError, ForbiddenError, NotFoundError } from '../shared/errors.ts';
import { ukTimeText } from '../uploads/london-time.ts';
import { parseInput } from '../shared/validation.ts';
import { fieldError, formErrorView, type FieldError, type FormValues } from '../site/forms.ts';
import { councilTaxLevels } from './balance.ts';
import { registerCommentPages } from './comments.pages.ts';
import type { ResultsView, SimulationResultsService } from './results.service.ts';
import { level, resultsDownload, resultsPage } from './results.view.ts';
import { dayIn, say, wordsIn } from './resident-words.ts';
import { localised, rulesOf, type Language } from './simulation.schema.ts';
import { inLanguage, languageOf, languageView } from './simulations.pages.ts';

// Not strict: the downloads' address names its format as well.
const slugParams = z.object({ slug: z.string().max(80) });
const responseParams = z
  .object({ slug: z.string().max(80), id: z.coerce.number().int().positive() })
  .strict();
const resultsQuery = z
  .object({
    version: z.coerce.number().int().positive().optional(),
    question: z.string().max(60).optional(),
  })
  .strip();
const formatParams = z.object({ slug: z.string().max(80), format: z.enum(['csv', 'xlsx']) });

/** How long a public results page may be kept by any cache: results change as residents answer. */
const publicCache = 'public, max-age=60';

/** The page's figures for whoever asks; the public sees them only once the council chose. */
async function resultsFor(results: SimulationResultsService, request: FastifyRequest) {
  const { slug } = parseInput(slugParams, request.params);
  const query = parseInput(resultsQuery, request.query);
  const view = await results.view(request.viewer ?? null, slug);
  const chosen =
    view.versions.find((v) => v.version === query.version) ??
    view.versions.findLast((v) => v.definition.aboutYou.length > 0);
  const question =
    chosen?.definition.aboutYou.find((q) => q.id === query.question) ??
    chosen?.definition.aboutYou[0];
  const breakdown =
    chosen && question
      ? await results.breakdown(request.viewer ?? null, slug, chosen, question.id)
      : null;
  const language = view.audience === 'public' ? languageOf(request) : 'en';
  const comments = await results.comments(request.viewer ?? null, slug);
  const page = resultsPage(view, breakdown, language, comments);
  return { view, chosen, question, language, page };
}

/** The addresses of the results' downloads, in the page's language and version. */
function downloadLinks(slug: string, language: Language, version: number | null) {
  const query = new URLSearchParams();
  if (language !== 'en') query.set('lang', language);
  if (version !== null) query.set('version', String(version));
  const search = query.size > 0 ? `?${query.toString()}` : '';
  const base = `/simulations/${encodeURIComponent(slug)}/results`;
  return { csv: `${base}.csv${search}`, xlsx: `${base}.xlsx${search}` };
}

/** The results' title in a language: "Results: Help us balance the budget". */
function resultsTitle(view: ResultsView, language: Language) {
  const latest = view.versions.at(-1)?.definition.title;
  return say(language, 'resultsTitle', {
    title: latest ? localised(latest, language).text : view.slug,
  });
}

/** An answer the public may keep while the results are public; anything else is private. */
function cacheFor(request: FastifyRequest, reply: FastifyReply, audience: string) {
  if (audience === 'public' && !request.viewer) reply.header('cache-control', publicCache);
}

/** The signed-in page itself asks the public to sign in when the results are not public. */
async function signedInOrPublic(
  results: SimulationResultsService,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  if (request.viewer) return true;
  const { slug } = parseInput(slugParams, request.params);
  if (await results.isPublic(slug)) return true;
  await signInFirst(request, reply);
  return false;
}

function registerResultsPage(app: FastifyInstance, results: SimulationResultsService) {
  app.get('/simulations/:slug/results', async (request, reply) => {
    if (!(await signedInOrPublic(results, request, reply))) return reply;
    const { view, chosen, question, language, page } = await resultsFor(results, request);
    cacheFor(request, reply, view.audience);
    const path = `/simulations/${encodeURIComponent(view.slug)}/results`;
    return reply.render('simulations/views/results.njk', {
      title: resultsTitle(view, language),
      view,
      page,
      // The public reads results in English or Welsh; the council's editors in English.
      ...(view.audience === 'public' ? languageView(path, language) : { words: wordsIn('en') }),
      downloads: downloadLinks(view.slug, language, chosen?.version ?? null),
      adopted: view.adopted
        ? {
            ...view.adopted,
            entered:
              language === 'en'
                ? ukTimeText(view.adopted.enteredAt)
                : dayIn(language, view.adopted.enteredAt.toISOString().slice(0, 10)),
          }
        : null,
      questions: (chosen?.definition.aboutYou ?? []).map((q) => ({
        value: q.id,
        text: localised(q.label, language).text,
        selected: q.id === question?.id,
      })),
      version: chosen?.version ?? null,
    });
  });

  app.get('/simulations/:slug/results.:format', async (request, reply) => {
    if (!(await signedInOrPublic(results, request, reply))) return reply;
    const { format } = parseInput(formatParams, request.params);
    const { view, page, language } = await resultsFor(results, request);
    cacheFor(request, reply, view.audience);
    const download = resultsDownload(page, request.url, language);
    return sendTable(reply, format, `${view.slug}-results`, download);
  });

  // The summary without the site's header and footer, for a council's own pages to frame.
  app.get('/simulations/:slug/results/embed', async (request, reply) => {
    const { slug } = parseInput(slugParams, request.params);
    if (!(await results.isPublic(slug))) throw new NotFoundError('Public results', slug);
    const view = await results.view(null, slug);
    const language = languageOf(request);
    const page = resultsPage(view, null, language);
    if (!request.viewer) reply.header('cache-control', publicCache);
    reply.removeHeader('x-frame-options');
    const policy = String(reply.getHeader('content-security-policy') ?? '');
    reply.header(
      'content-security-policy',
      policy.replace("frame-ancestors 'none'", 'frame-ancestors *'),
    );
    return reply.render('simulations/views/results-embed.njk', {
      title: resultsTitle(view, language),
      view,
      page,
      htmlLang: language,
      words: wordsIn(language),
      allResults: inLanguage(`/simulations/${encodeURIComponent(slug)}/results`, language),
    });
  });
}

const reasonForm = z.object({
  reason: z
    .string()
    .trim()
    .min(1, { error: 'Give the reason' })
    .max(500, { error: 'Give the reason in 500 characters at most' }),
});

function registerModeration(
  app: FastifyInstance,
  results: SimulationResultsService,
  services: Services,
) {
  const moderationPage = async (
    reply: FastifyReply,
    request: FastifyRequest,
    viewer: Viewer,
    form: { id: number; errors: FieldError[]; values: FormValues } | null = null,
  ) => {
    const { slug } = parseInput(slugParams, request.params);
    const actor = actorOf(request, viewer);
    const flagged = await results.flagged(actor, slug);
    const view = await results.view(viewer, slug);
    const names = new Map(
      view.versions.flatMap((v) =>
        [...v.definition.services, ...v.definition.income].map((l) => [l.id, l.name.en]),
      ),
    );
    return reply.render('simulations/views/moderation.njk', {
      title: 'Responses to check',
      slug,
      total: flagged.total,
      shown: flagged.rows.length,
      form,
      ...formErrorView(form?.errors ?? []),
      responses: flagged.rows.map((r) => ({
        id: r.id,
        version: r.version,
        submitted: ukTimeText(r.submittedAt),
        seconds: r.seconds,
        flags: [
          ...(r.duplicateOf !== null
            ? [`Same answers from the same source as response ${r.duplicateOf}`]
            : []),
          ...(r.tooFast ? ['Sent too fast'] : []),
          ...(r.honeypot ? ['The field hidden from people was filled'] : []),
        ],
        choices: Object.entries(r.choices)
          .filter(([, p]) => p !== 0)
          .map(([id, p]) => `${names.get(id) ?? id} ${p > 0 ? '+' : ''}${p}%`)
          .join(', '),
        councilTax: level(r.councilTaxBasisPoints),
        aboutYou: Object.entries(r.aboutYou)
          .map(([q, a]) => `${q}: ${a}`)
          .join(', '),
        excluded: r.excludedAt !== null,
        excludedReason: r.excludedReason,
      })),
    });
  };

  app.get('/simulations/:slug/moderation', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    return moderationPage(reply, request, request.viewer);
  });

  for (const action of ['exclude', 'restore'] as const)
    app.post(`/simulations/:slug/responses/:id/${action}`, async (request, reply) => {
      const viewer = request.viewer;
      if (!viewer) throw new ForbiddenError('Sign in to moderate responses');
      const { slug, id } = parseInput(responseParams, request.params);
      const parsed = reasonForm.safeParse(request.body);
      if (!parsed.success)
        return moderationPage(reply.code(400), request, viewer, {
          id,
          errors: [
            fieldError(`reason-${id}`, parsed.error.issues[0]?.message ?? 'Give the reason'),
          ],
          values: {},
        });
      const actor = actorOf(request, viewer);
      await services.simulations[action](actor, slug, id, parsed.data.reason);
      return reply.redirect(`/simulations/${encodeURIComponent(slug)}/moderation`, 303);
    });
}

const publicForm = z.object({ public: z.enum(['yes', 'no']) });

function registerSettings(app: FastifyInstance, results: SimulationResultsService) {
  app.post('/simulations/:slug/results/public', async (request, reply) => {
    const viewer = request.viewer;
    if (!viewer) throw new ForbiddenError('Sign in to change the results’ setting');
    const { slug } = parseInput(slugParams, request.params);
    const form = publicForm.safeParse(request.body);
    if (!form.success) throw new BadRequestError('Choose whether the results are public');
    await results.setPublic(actorOf(request, viewer), slug, form.data.public === 'yes');
    return reply.redirect(`/simulations/${encodeURIComponent(slug)}/results`, 303);
  });
}

/** The budget the council adopted, entered by its editors in the latest version's terms. */
function registerAdopted(app: FastifyInstance, results: SimulationResultsService) {
  const adoptedPage = async (
    reply: FastifyReply,
    request: FastifyRequest,
    viewer: Viewer,
    form: { errors: FieldError[]; values: FormValues } = { errors: [], values: {} },
  ) => {
    const { slug } = parseInput(slugParams, request.params);
    const view = await results.view(viewer, slug);
    if (view.audience !== 'editors')
      throw new ForbiddenError('Only the council’s editors enter its budget');
    const latest = view.versions.at(-1);
    if (!latest) throw new NotFoundError('Simulation version', slug);
    const adopted = view.adopted?.version === latest.version ? view.adopted : null;
    const value = (field: string, fallback: string) => {
      const typed = form.values[field];
      return typeof typed === 'string' ? typed : fallback;
    };
    const rules = rulesOf(latest.definition);
    return reply.render('simulations/views/adopted.njk', {
      title: 'The budget the council adopted',
      slug,
      version: latest.version,
      ...formErrorView(form.errors),
      lines: [...latest.definition.services, ...latest.definition.income].map((l) => ({
        field: `line-${l.id}`,
        name: l.name.en,
        hint: `From ${l.minPercent}% to ${l.maxPercent}% in steps of ${l.stepPercent}%`,
        value: value(`line-${l.id}`, adopted?.choices[l.id]?.toString() ?? ''),
      })),
      levels: rules.councilTax
        ? councilTaxLevels(rules.councilTax).map((bp) => ({
            value: String(bp),
            text: level(bp),
            checked:
              value('council-tax', adopted?.councilTaxBasisPoints?.toString() ?? '') === String(bp),
          }))
        : [],
    });
  };

  app.get('/simulations/:slug/adopted', async (request, reply) => {
    if (!request.viewer) return signInFirst(request, reply);
    return adoptedPage(reply, request, request.viewer);
  });

  app.post('/simulations/:slug/adopted', async (request, reply) => {
    const viewer = request.viewer;
    if (!viewer) throw new ForbiddenError('Sign in to enter the adopted budget');
    const { slug } = parseInput(slugParams, request.params);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values: Record<string, string> = Object.fromEntries(
      Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const percents: Record<string, number> = {};
    const errors: FieldError[] = [];
    for (const [field, text] of Object.entries(values)) {
      if (!field.startsWith('line-') || text.trim() === '') continue;
      const n = Number(text.trim());
      if (Number.isInteger(n)) percents[field.slice(5)] = n;
      else errors.push(fieldError(field, 'Enter the change as a whole number, like -10'));
    }
    const tax = values['council-tax'];
    const version = Number(values['version']);
    if (errors.length === 0)
      try {
        await results.setAdopted(actorOf(request, viewer), slug, {
          version,
          percents,
          councilTaxBasisPoints: tax === undefined || tax === '' ? null : Number(tax),
        });
        return reply.redirect(`/simulations/${encodeURIComponent(slug)}/results`, 303);
      } catch (error) {
        if (!(error instanceof BadRequestError)) throw error;
        errors.push(fieldError(error.parameter ?? '', error.message));
      }
    return adoptedPage(reply.code(400), request, viewer, { errors, values });
  });
}

/**
 * A budget simulation's results (issue 21): the page for the council's editors (or the public,
 * once the council made them public), its CSV and Excel downloads and an embeddable summary;
 * the moderation of flagged responses, the public setting and the adopted budget's form.
 * Registered in an account pages' scope: forms CSRF-checked, answers `private, no-store`
 * unless the public reads public results.
 */
export function registerResultsPages(app: FastifyInstance, services: Services) {
  registerResultsPage(app, services.simulationResults);
  registerModeration(app, services.simulationResults, services);
  registerSettings(app, services.simulationResults);
  registerAdopted(app, services.simulationResults);
  registerCommentPages(app, services);
}
