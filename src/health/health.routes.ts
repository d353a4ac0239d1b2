import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { HealthCheck } from './health.service.ts';

export function registerHealthRoutes(app: FastifyInstance, services: Services) {
  const check = new HealthCheck(services.database);
  app.get('/healthz', async (_request, reply) => {
    const health = await check.check();
    return reply
      .code(health.status === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(health);
  });
}
