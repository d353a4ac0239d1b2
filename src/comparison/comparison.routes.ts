import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { postedParameters } from '../shared/posted-parameters.ts';
import { parseInput } from '../shared/validation.ts';
import { registerComparisonPages } from './comparison.pages.ts';
import { compareQuery } from './comparison.schema.ts';

export function registerComparisonRoutes(app: FastifyInstance, services: Services) {
  const { comparison } = services;
  registerComparisonPages(app, services);
  const answer = (input: unknown) => {
    const query = parseInput(compareQuery, input);
    return comparison.compare({
      metric: query.metric,
      area: query.area,
      period: query.period,
      ...(query.group ? { group: query.group } : {}),
    });
  };
  app.get('/api/v1/compare', async (request) => answer(request.query));
  app.post('/api/v1/compare', async (request) =>
    answer(
      postedParameters(
        request.body,
        '{"metric": "employment-rate", "area": "E06000001", "group": ["E06000002", "E06000003"]}',
      ),
    ),
  );
}
