import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { publicBase } from '../accounts/users.command.ts';
import { areaCodePattern } from '../areas/areas.schema.ts';
import type { Services } from '../app/services.ts';
import type { Config } from '../config/config.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { atomFeed, feedEntries } from './report-feed.ts';
import { reportMetrics } from './report.model.ts';

const feedParams = z.object({ slug: z.string().max(300) });
const feedQuery = z.object({ area: z.string().max(20).optional() });

/** Where a report's feed of changes is, for an area. */
export function feedPath(slug: string, area: string): string {
  return `/reports/${slug}/changes.atom?area=${area}`;
}

/**
 * `/reports/{slug}/changes.atom?area=`: the publications and revisions of a report's figures for
 * an area, as an Atom feed. A feed reader carries no session, so the feed is the public's alone:
 * of a report the public may see (ready-made, or a public stored report; any other is 404 for
 * everyone, signed in or not), with the public's values only.
 */
export function registerReportFeed(
  app: FastifyInstance,
  services: Pick<Services, 'reports' | 'areas' | 'values'>,
  config: Config,
) {
  const base = publicBase(config);
  app.get('/reports/:slug/changes.atom', async (request, reply) => {
    const params = feedParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError('Report', request.url);
    const report = await services.reports.open(params.data.slug, null);
    const code = (feedQuery.safeParse(request.query).data?.area ?? '').toUpperCase();
    if (!areaCodePattern.test(code))
      throw new BadRequestError('Give the area as a GSS code such as E06000001', 'area');
    const area = await services.areas.getSummary(code);
    const states = await services.values.publishedStates(reportMetrics(report), area.code);
    const entries = feedEntries(states, (s) => `${base}/metrics/${s.slug}/areas/${area.code}`);
    const feed = atomFeed({
      self: `${base}${feedPath(report.slug, area.code)}`,
      alternate: `${base}/reports/${report.slug}?area=${area.code}`,
      title: `${report.name} for ${area.name}: figures published and revised`,
      author: config.operator.name ?? 'openlg',
      entries,
    });
    return reply.type('application/atom+xml; charset=utf-8').send(feed);
  });
}
