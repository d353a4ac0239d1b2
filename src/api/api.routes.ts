import type { FastifyInstance } from 'fastify';

/** The human guide to the open data API; it grows with each endpoint. */
export function registerApiDocsRoutes(app: FastifyInstance) {
  app.get('/api', async (_request, reply) =>
    reply.render('api/views/api.njk', { title: 'Open data API', activeNav: 'api' }),
  );
}
