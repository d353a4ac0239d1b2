import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { parseInput } from '../shared/validation.ts';
import { metricSearchQuery, metricSlugParam } from './metrics.schema.ts';

/** The catalogue of metrics on the open data API (registered in its scope: public-api.ts). */
export function registerMetricApi(app: FastifyInstance, { metrics }: Services) {
  app.get('/api/v1/metrics', async (request) => {
    const query = parseInput(metricSearchQuery, request.query);
    const result = await metrics.search(query);
    return { ...result, limit: query.limit, offset: query.offset };
  });

  app.get('/api/v1/metrics/:slug', async (request) => {
    const { slug } = parseInput(metricSlugParam, request.params);
    return { metric: await metrics.get(slug) };
  });
}
