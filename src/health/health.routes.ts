import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/app.ts';
import { checkHealth } from './health.service.ts';

export function registerHealthRoutes(app: FastifyInstance, services: Services) {
  app.get('/healthz', async (_request, reply) => {
    const health = await checkHealth(services.database);
    return reply
      .code(health.status === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(health);
  });
}
