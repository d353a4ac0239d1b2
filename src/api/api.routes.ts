import type { FastifyInstance } from 'fastify';
import { maxCells, maxHistoryMetrics } from '../data/data.schema.ts';
import { apiMaxAgeSeconds } from './api.service.ts';
import { buildOpenApiDocument } from './openapi.ts';

/** The human guide to the open data API, and its machine-readable description. */
export function registerApiDocsRoutes(app: FastifyInstance) {
  // Built on first request, so that an undocumented parameter fails this endpoint and its
  // tests, not the start of the whole service.
  let openApi: ReturnType<typeof buildOpenApiDocument> | undefined;
  app.get('/api', async (_request, reply) =>
    reply.render('api/views/api.njk', {
      title: 'Open data API',
      activeNav: 'api',
      maxAge: apiMaxAgeSeconds,
      maxCells: maxCells.toLocaleString('en-GB'),
      maxHistoryMetrics,
    }),
  );
  app.get('/api/v1/openapi.json', async () => (openApi ??= buildOpenApiDocument()));
}
