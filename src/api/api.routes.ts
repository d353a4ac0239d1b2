import type { FastifyInstance } from 'fastify';
import { maxCells, maxHistoryMetrics } from '../data/data.schema.ts';
import { apiMaxAgeSeconds } from './api.service.ts';

/** The human guide to the open data API (a page; its machine-readable one is openapi.api.ts). */
export function registerApiDocsRoutes(app: FastifyInstance) {
  app.get('/api', async (_request, reply) =>
    reply.render('api/views/api.njk', {
      title: 'Open data API',
      activeNav: 'api',
      maxAge: apiMaxAgeSeconds,
      maxCells: maxCells.toLocaleString('en-GB'),
      maxHistoryMetrics,
    }),
  );
}
