import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireAccess } from '../accounts/access.ts';
import type { Viewer } from '../accounts/accounts.service.ts';
import { getWhenSignedIn } from '../accounts/next-path.ts';
import type { PublicationChoice } from '../imports/imports.service.ts';
import { BadRequestError } from '../shared/errors.ts';
import { fieldError, formErrorView, parseForm, type FieldError } from '../site/forms.ts';
import { actorOf } from '../accounts/actor.ts';
import { collectionId, stateWords, when } from './collections.view.ts';
import { collectionForm, trackerQuery } from './collections.schema.ts';
import type { CollectionsService } from './collections.service.ts';
import { returnStates, type ReturnState } from './collections.tables.ts';

const publishForm = z
  .object({
    council: z.string().max(20).default(''),
    when: z.enum(['now', 'embargo'], { error: 'Choose when the figures are published' }),
    until: z.string().trim().max(40).default(''),
  })
  .transform((form, ctx) => {
    if (form.when === 'now')
      return { council: form.council || null, publication: { state: 'published' } as const };
    const until = new Date(`${form.until}:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(form.until) || Number.isNaN(until.getTime())) {
      ctx.addIssue({
        code: 'custom',
        path: ['until'],
        message: 'Enter the date and time the embargo ends, such as 2027-02-01T09:30',
      });
      return z.NEVER;
    }
    if (until.getTime() <= Date.now()) {
      ctx.addIssue({
        code: 'custom',
        path: ['until'],
        message: 'The embargo must end in the future',
      });
      return z.NEVER;
    }
    const publication: PublicationChoice = { state: 'embargoed', until };
    return { council: form.council || null, publication };
  });

/**
 * /admin/collections: the administrators' pages for data collections, the list, a new one and
 * its tracker (each council's return, filtered by state), where submitted returns are
 * published. Registered in a signed-in scope (CSRF, `private, no-store`); the service checks
 * 'manage-service' for every read and change.
 */
export function registerCollectionAdminPages(app: FastifyInstance, service: CollectionsService) {
  getWhenSignedIn(app, '/admin/collections', async (reply, viewer) => {
    const collections = await service.list(viewer);
    return reply.render('collections/views/admin-list.njk', {
      title: 'Data collections',
      collections: collections.map((c) => ({
        ...c,
        due: when(c.deadline),
        total: returnStates.reduce((sum, state) => sum + c.counts[state], 0),
      })),
    });
  });

  const newPage = (reply: FastifyReply, values: Record<string, unknown>, errors: FieldError[]) =>
    reply.render('collections/views/admin-new.njk', {
      title: 'New data collection',
      values,
      ...formErrorView(errors),
    });

  getWhenSignedIn(app, '/admin/collections/new', async (reply, viewer) => {
    requireAccess(viewer, 'manage-service', null);
    return newPage(reply, {}, []);
  });

  app.post('/admin/collections', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    requireAccess(viewer, 'manage-service', null);
    const form = parseForm(collectionForm, request.body, { forget: ['csrf'] });
    if (!form.ok) return newPage(reply.code(400), form.values, form.errors);
    try {
      const id = await service.create(actorOf(request, viewer), form.value);
      return reply.redirect(`/admin/collections/${id}?created=1`, 303);
    } catch (error) {
      if (!(error instanceof BadRequestError)) throw error;
      const errors = [fieldError(error.parameter ?? '', error.message)];
      return newPage(reply.code(400), request.body as Record<string, unknown>, errors);
    }
  });

  registerTracker(app, service);
}

function registerTracker(app: FastifyInstance, service: CollectionsService) {
  const trackerPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Viewer,
    extra: { errors?: FieldError[]; values?: Record<string, unknown> } = {},
  ) => {
    const id = collectionId(request);
    const query = request.query as Record<string, unknown>;
    const state = trackerQuery.parse(query).state;
    const t = await service.tracker(viewer, id, state);
    const counts = (s: ReturnState) => t.all.filter((r) => r.state === s).length;
    const reminded = (code: string) =>
      [...t.reminded].flatMap((k) => (k.startsWith(`${code}:`) ? [`${k.split(':')[1]} days`] : []));
    return reply.render('collections/views/admin-tracker.njk', {
      title: t.collection.title,
      collection: { ...t.collection, due: when(t.collection.deadline) },
      metricTitles: t.metrics.map((m) => m.title).join(', '),
      states: [
        { value: '', text: `Every council (${t.all.length})`, selected: !state },
        ...returnStates.map((s) => ({
          value: s,
          text: `${stateWords[s].text} (${counts(s)})`,
          selected: s === state,
        })),
      ],
      rows: t.returns.map((r) => ({
        ...r,
        name: t.names.get(r.areaCode) ?? r.areaCode,
        tag: stateWords[r.state],
        changed: r.changedAt ? when(r.changedAt) : '',
        who: r.changedByName ? `${r.changedByName} (${r.changedByEmail})` : '',
        reminders: reminded(r.areaCode).join(', '),
      })),
      submitted: t.all
        .filter((r) => r.state === 'submitted')
        .map((r) => ({ value: r.areaCode, text: t.names.get(r.areaCode) ?? r.areaCode })),
      created: query['created'] === '1',
      published: typeof query['published'] === 'string' ? query['published'] : null,
      values: extra.values ?? { when: 'now' },
      ...formErrorView(extra.errors ?? []),
    });
  };

  app.get('/admin/collections/:id', async (request, reply) => {
    if (!request.viewer)
      return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    return trackerPage(request, reply, request.viewer);
  });

  app.post('/admin/collections/:id/publish', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    requireAccess(viewer, 'manage-service', null);
    const id = collectionId(request);
    const form = parseForm(publishForm, request.body, { forget: ['csrf'] });
    if (!form.ok) return trackerPage(request, reply.code(400), viewer, form);
    const { council, publication } = form.value;
    const outcome = await service.publish(actorOf(request, viewer), id, council, publication);
    return reply.redirect(`/admin/collections/${id}?published=${outcome.published.length}`, 303);
  });
}
