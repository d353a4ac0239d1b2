import { actorOf } from '../accounts/actor.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccountsService, Viewer } from '../accounts/accounts.service.ts';
import { getWhenSignedIn } from '../accounts/next-path.ts';
import type { Services } from '../app/services.ts';
import { resolveTyped } from '../comparison/compare.form.service.ts';
import { entryFor } from '../comparison/compare.form.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { fieldError, formErrorView, parseForm, type FieldError } from '../site/forms.ts';
import { presentDashboard } from './dashboard.presenter.ts';
import { ownerKey, type DashboardsService, type Owner } from './dashboards.service.ts';

type DashboardServices = Pick<Services, 'areas' | 'search' | 'metrics'> & {
  dashboards: DashboardsService;
};

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const pinForm = z.object({
  to: z.string().min(1, { error: 'Choose the dashboard to add the measure to' }).max(100),
  area: z.string().trim().min(1, { error: 'Enter the council, by name or code' }).max(200),
  metric: z
    .string()
    .trim()
    .min(1, { error: 'Enter the measure’s name in addresses, such as employment-rate' })
    .max(200)
    .regex(slugPattern, {
      error: 'Enter the measure’s name in addresses: lower-case words joined by hyphens',
    }),
  group: z
    .string()
    .max(20_000)
    .regex(/^[A-Za-z0-9:,_.-]*$/, { error: 'The group in the link is not one openlg knows' })
    .optional(),
});

const tileParams = z.object({ id: z.string().regex(/^\d{1,9}$/) });
const moveForm = z.object({ direction: z.enum(['up', 'down']) });

function tileIdOf(request: FastifyRequest): number {
  const params = tileParams.safeParse(request.params);
  if (!params.success) throw new NotFoundError('Dashboard tile', '');
  return Number(params.data.id);
}

/** `me`, or an organisation's code, as the form names a dashboard: the owner it means. */
function ownerOf(viewer: Viewer, to: string): Owner {
  return to === 'me' ? { kind: 'user', userId: viewer.userId } : { kind: 'organisation', code: to };
}

/** The dashboards the viewer may pin to, named, as radios; `chosen` checked. */
async function dashboardChoices(
  services: DashboardServices,
  accounts: AccountsService,
  viewer: Viewer,
  chosen: string,
) {
  const held = await accounts.memberships(viewer.userId);
  const named = new Map(held.map((m) => [m.organisation, m.organisationName]));
  return services.dashboards.pinnable(viewer).map((owner) => {
    const value = owner.kind === 'user' ? 'me' : owner.code;
    const text =
      owner.kind === 'user'
        ? 'Your own dashboard'
        : `${named.get(owner.code) ?? owner.code}’s dashboard`;
    return { value, text, checked: value === chosen };
  });
}

/**
 * /dashboard: the signed-in person's landing page, with their organisations' dashboards and
 * their own; /dashboard/add pins a measure (reached from a measure's page, which fills it in);
 * tiles move and go by small forms. Registered in an account pages' scope: every form is
 * CSRF-checked and every answer `private, no-store`. The service decides who may do what.
 */
export function registerDashboardPages(
  app: FastifyInstance,
  services: DashboardServices,
  accounts: AccountsService,
) {
  const { dashboards } = services;

  getWhenSignedIn(app, '/dashboard', async (reply, viewer) => {
    const held = await accounts.memberships(viewer.userId);
    const named = new Map(held.map((m) => [m.organisation, m.organisationName]));
    const sections = [];
    for (const owner of dashboards.owners(viewer)) {
      const readings = await dashboards.read(viewer, owner);
      sections.push({
        id: `dashboard-${owner.kind === 'user' ? 'me' : owner.code}`,
        title:
          owner.kind === 'user'
            ? 'Your own dashboard'
            : `${named.get(owner.code) ?? owner.code}’s dashboard`,
        addHref: `/dashboard/add?to=${owner.kind === 'user' ? 'me' : owner.code}`,
        changeable: dashboards.mayChange(viewer, owner),
        ...presentDashboard(readings),
      });
    }
    return reply.render('dashboards/views/dashboard.njk', {
      title: 'Your dashboards',
      activeNav: 'account',
      sections,
    });
  });

  const formPage = async (
    reply: FastifyReply,
    viewer: Viewer,
    values: Record<string, string>,
    errors: FieldError[],
  ) =>
    reply.render('dashboards/views/pin.njk', {
      title: 'Add a measure to a dashboard',
      activeNav: 'account',
      values,
      choices: await dashboardChoices(services, accounts, viewer, values['to'] ?? ''),
      ...formErrorView(errors),
    });

  getWhenSignedIn(app, '/dashboard/add', async (reply, viewer) => {
    const query = reply.request.query as Record<string, unknown>;
    const text = (name: string) => (typeof query[name] === 'string' ? query[name] : '');
    const area = text('area');
    const known = area === '' ? null : await services.areas.namesOf([area]);
    const values = {
      to: text('to'),
      area: known?.has(area) ? entryFor({ code: area, shortName: known.get(area) ?? area }) : area,
      metric: text('metric'),
      group: text('group'),
    };
    return formPage(reply, viewer, values, []);
  });

  app.post('/dashboard/tiles', async (request, reply) => pin(request, reply));

  async function pin(request: FastifyRequest, reply: FastifyReply) {
    const viewer = request.viewer as Viewer;
    const body = (request.body ?? {}) as Record<string, string>;
    const values = {
      to: body.to ?? '',
      area: body.area ?? '',
      metric: body.metric ?? '',
      group: body.group ?? '',
    };
    const form = parseForm(pinForm, request.body);
    if (!form.ok) return formPage(reply.code(400), viewer, values, form.errors);
    const resolved = await resolveTyped(services, form.value.area, new Set());
    if (resolved.kind !== 'found')
      return formPage(reply.code(400), viewer, values, [
        fieldError('area', `Enter one council: “${form.value.area}” is not one openlg knows`),
      ]);
    try {
      await dashboards.pin(actorOf(request, viewer), ownerOf(viewer, form.value.to), {
        areaCode: resolved.area.code,
        metricSlug: form.value.metric,
        groupId: form.value.group || null,
      });
    } catch (error) {
      const field =
        error instanceof BadRequestError
          ? (error.parameter ?? '')
          : error instanceof NotFoundError
            ? error.thing === 'Group'
              ? 'group'
              : error.thing === 'Dashboard'
                ? 'to'
                : 'area'
            : null;
      if (field === null) throw error;
      const message =
        error instanceof NotFoundError
          ? field === 'to'
            ? 'Choose one of your dashboards'
            : `${error.thing} not found: ${error.identifier}`
          : (error as Error).message;
      return formPage(reply.code(400), viewer, values, [fieldError(field, message)]);
    }
    const to = form.value.to === 'me' ? 'me' : form.value.to;
    return reply.redirect(`/dashboard#dashboard-${to}`, 303);
  }

  app.post('/dashboard/tiles/:id/move', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const form = moveForm.safeParse(request.body);
    if (!form.success)
      throw new BadRequestError('Choose to move the measure up or down', 'direction');
    await dashboards.move(actorOf(request, viewer), tileIdOf(request), form.data.direction);
    return reply.redirect('/dashboard', 303);
  });

  app.post('/dashboard/tiles/:id/remove', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    await dashboards.remove(actorOf(request, viewer), tileIdOf(request));
    return reply.redirect('/dashboard', 303);
  });
}

export { ownerKey };
