import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/app.ts';
import { parseInput } from '../shared/validation.ts';
import { registerComparisonPages } from './comparison.pages.ts';
import { compareQuery } from './comparison.schema.ts';

export function registerComparisonRoutes(app: FastifyInstance, services: Services) {
  const { comparison } = services;
  registerComparisonPages(app, services);
  app.get('/api/v1/compare', async (request) => {
    const query = parseInput(compareQuery, request.query);
    return comparison.compare({
      metric: query.metric,
      area: query.area,
      period: query.period,
      ...(query.group ? { group: query.group } : {}),
    });
  });
}
