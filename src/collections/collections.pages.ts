import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccountsService, Viewer } from '../accounts/accounts.service.ts';
import { AuditService } from '../admin/admin.service.ts';
import type { Services } from '../app/services.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { fieldError, formErrorView, parseForm, type FieldError } from '../site/forms.ts';
import { registerCollectionAdminPages } from './collections.admin.pages.ts';
import { fieldsOf, placesAllowed, returnForm } from './collections.schema.ts';
import { CollectionsService, type ReturnView } from './collections.service.ts';
import { actorOf } from '../accounts/actor.ts';
import { collectionId, stateWords, when } from './collections.view.ts';

const councilParams = z.object({ code: z.string().regex(/^[EWSN]\d{8}$/) });

function councilOf(request: FastifyRequest): string {
  const params = councilParams.safeParse(request.params);
  if (!params.success) throw new NotFoundError('Council', '');
  return params.data.code;
}

/** The collections service on these services, its councils' organisations made as accounts do. */
export function collectionsService(
  services: Pick<Services, 'areas' | 'imports' | 'database'>,
  accounts: Pick<AccountsService, 'organisation'>,
): CollectionsService {
  const db = services.database.db;
  return new CollectionsService(db, {
    areas: services.areas,
    imports: services.imports,
    audit: new AuditService(db),
    organisationOf: (code) => accounts.organisation(code),
  });
}

/**
 * Data collections' pages: the administrators' (/admin/collections) and each council's
 * (/organisations/{code}/collections, its stewards'), in a signed-in scope with CSRF checks
 * and `private, no-store`.
 */
export function registerCollectionPages(
  app: FastifyInstance,
  services: Pick<Services, 'areas' | 'imports' | 'database'>,
  accounts: AccountsService,
) {
  const service = collectionsService(services, accounts);
  registerCollectionAdminPages(app, service);
  registerStewardPages(app, service);
}

/** The form's fields as saved, to show again: the figure, or the reason it is missing. */
function savedValues(view: ReturnView): Record<string, string> {
  const values: Record<string, string> = {};
  for (const v of view.values) {
    const names = fieldsOf(v.metricSlug);
    values[names.value] = v.value === null ? '' : String(v.value);
    values[names.missing] = v.status === 'ok' ? '' : v.status;
    values[names.note] = v.note ?? '';
  }
  return values;
}

function registerStewardPages(app: FastifyInstance, service: CollectionsService) {
  app.get('/organisations/:code/collections', async (request, reply) => {
    if (!request.viewer)
      return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    const code = councilOf(request);
    const collections = await service.forCouncil(request.viewer, code);
    return reply.render('collections/views/council-list.njk', {
      title: 'Data collections',
      code,
      collections: collections.map((c) => ({
        ...c,
        due: when(c.deadline),
        tag: stateWords[c.state],
      })),
    });
  });

  const formPage = (
    reply: FastifyReply,
    view: ReturnView,
    values: Record<string, unknown>,
    errors: FieldError[],
  ) => {
    const query = reply.request.query as Record<string, unknown>;
    return reply.render('collections/views/council-return.njk', {
      title: `${view.collection.title}: ${view.councilName}`,
      view: {
        ...view,
        due: when(view.collection.deadline),
        tag: stateWords[view.record.state],
        submitted: view.record.submittedAt ? when(view.record.submittedAt) : null,
      },
      fields: view.metrics.map((m) => ({
        ...m,
        names: fieldsOf(m.slug),
        hint: [m.unit ? `In ${m.unit}.` : '', `Up to ${placesAllowed(m)} decimal places.`]
          .filter(Boolean)
          .join(' '),
      })),
      action: `/organisations/${view.record.areaCode}/collections/${view.collection.id}`,
      saved: typeof query['saved'] === 'string' ? query['saved'] : null,
      values,
      ...formErrorView(errors),
    });
  };

  app.get('/organisations/:code/collections/:id', async (request, reply) => {
    if (!request.viewer)
      return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    const view = await service.returnFor(request.viewer, collectionId(request), councilOf(request));
    return formPage(reply, view, savedValues(view), []);
  });

  app.post('/organisations/:code/collections/:id', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const [id, code] = [collectionId(request), councilOf(request)];
    const view = await service.returnFor(viewer, id, code);
    const form = parseForm(returnForm(view.metrics), request.body, { forget: ['csrf'] });
    if (!form.ok) return formPage(reply.code(400), view, form.values, form.errors);
    try {
      await service.save(actorOf(request, viewer), id, code, form.value);
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error;
      const errors = [fieldError(error.parameter ?? '', error.message)];
      return formPage(reply.code(400), view, request.body as Record<string, unknown>, errors);
    }
    return reply.redirect(
      `/organisations/${code}/collections/${id}?saved=${form.value.intent}`,
      303,
    );
  });
}
