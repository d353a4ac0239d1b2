import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { keySight } from '../api/key-sight.ts';
import { parseInput } from '../shared/validation.ts';
import { metricSearchQuery, metricSlugParam } from './metrics.schema.ts';

/** The catalogue of metrics on the open data API (registered in its scope: public-api.ts). */
export function registerMetricApi(app: FastifyInstance, { data, metrics }: Services) {
  // With a key, the catalogue is what its holder may know (answered `private, no-store`).
  app.get('/api/v1/metrics', async (request) => {
    const query = parseInput(metricSearchQuery, request.query);
    const result = await metrics.search(query, await keySight(request, data));
    return { ...result, limit: query.limit, offset: query.offset };
  });

  app.get('/api/v1/metrics/:slug', async (request) => {
    const { slug } = parseInput(metricSlugParam, request.params);
    return { metric: await metrics.get(slug, await keySight(request, data)) };
  });
}
