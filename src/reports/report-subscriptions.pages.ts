import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Viewer } from '../accounts/accounts.service.ts';
import { actorOf } from '../accounts/actor.ts';
import { AuditService } from '../admin/admin.service.ts';
import type { Services } from '../app/services.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { formatMoment } from '../shared/format.ts';
import { fieldError, formErrorView } from '../site/forms.ts';
import {
  ReportSubscriptionsService,
  subscriptionLimit,
  TooManySubscriptionsError,
} from './report-subscriptions.service.ts';

type SubscriptionServices = Pick<Services, 'reports' | 'areas' | 'database'>;

/** The subscriptions service on these services: the pages' and the report page's. */
export function reportSubscriptions(services: SubscriptionServices): ReportSubscriptionsService {
  const db = services.database.db;
  return new ReportSubscriptionsService(db, {
    reports: services.reports,
    areas: services.areas,
    audit: new AuditService(db),
  });
}

const subscribeForm = z.object({ area: z.string().max(20) });
const stopForm = z.object({ back: z.enum(['report', 'list']).optional() });
const slugParams = z.object({ slug: z.string().max(300) });
const idParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/**
 * Report emails (issue 18): "Email me when these figures change" on a run report, and the
 * person's list of them, each with a button to stop. Registered in an account pages' scope:
 * every form is CSRF-checked, every answer `private, no-store`; signed out, a form is refused.
 */
export function registerReportSubscriptionPages(
  app: FastifyInstance,
  services: SubscriptionServices,
) {
  const subscriptions = reportSubscriptions(services);

  const listPage = async (reply: FastifyReply, viewer: Viewer, problem: string | null) => {
    const listed = await subscriptions.list(viewer);
    return reply.render('reports/views/subscriptions.njk', {
      title: 'Your report emails',
      limit: subscriptionLimit,
      ...formErrorView(problem ? [fieldError('', problem)] : []),
      subscriptions: listed.map((s) => ({
        id: s.id,
        reportName: s.reportName,
        areaName: s.areaName,
        href: `/reports/${s.slug}?area=${s.area}`,
        since: formatMoment(s.createdAt),
      })),
    });
  };

  app.post('/reports/:slug/subscribe', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const params = slugParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError('Report', request.url);
    const form = subscribeForm.safeParse(request.body ?? {});
    if (!form.success) throw new BadRequestError('Choose the area to be emailed about', 'area');
    try {
      const actor = actorOf(request, viewer);
      const made = await subscriptions.subscribe(actor, params.data.slug, form.data.area);
      return reply.redirect(`/reports/${made.slug}?area=${made.area}#report-emails`, 303);
    } catch (error) {
      if (!(error instanceof TooManySubscriptionsError)) throw error;
      return listPage(reply.code(400), viewer, error.message);
    }
  });

  app.post('/account/subscriptions/:id/stop', async (request, reply) => {
    const viewer = request.viewer as Viewer;
    const params = idParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError('Subscription', request.url);
    const form = stopForm.safeParse(request.body ?? {});
    const gone = await subscriptions.stop(actorOf(request, viewer), params.data.id);
    const back =
      form.success && form.data.back === 'report'
        ? `/reports/${gone.slug}?area=${gone.area}#report-emails`
        : '/account/subscriptions';
    return reply.redirect(back, 303);
  });

  app.get('/account/subscriptions', async (request, reply) => {
    const viewer = request.viewer;
    if (!viewer) return reply.redirect('/sign-in?next=/account/subscriptions', 303);
    return listPage(reply, viewer, null);
  });
}
