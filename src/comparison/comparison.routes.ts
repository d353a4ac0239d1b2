import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/app.ts';
import { parseInput } from '../shared/validation.ts';
import { compareQuery } from './comparison.schema.ts';

export function registerComparisonRoutes(app: FastifyInstance, { comparison }: Services) {
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
