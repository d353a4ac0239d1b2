import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../app/services.ts';
import { postedParameters } from '../shared/posted-parameters.ts';
import { chosenGroup } from '../saved-groups/saved-groups.choice.ts';
import { keySight } from '../api/key-sight.ts';
import { parseInput } from '../shared/validation.ts';
import { compareQuery } from './comparison.schema.ts';

/** Comparisons on the open data API (registered in its scope: public-api.ts). */
export function registerComparisonApi(app: FastifyInstance, services: Services) {
  const { comparison, data, savedGroups } = services;
  const answer = async (request: FastifyRequest, reply: FastifyReply, input: unknown) => {
    const query = parseInput(compareQuery, input);
    const group = query.group ? await chosenGroup(savedGroups, request, reply, query.group) : null;
    return comparison.compare(
      { metric: query.metric, area: query.area, period: query.period, ...(group ? { group } : {}) },
      await keySight(request, data),
    );
  };
  app.get('/api/v1/compare', async (request, reply) => answer(request, reply, request.query));
  app.post('/api/v1/compare', async (request, reply) =>
    answer(
      request,
      reply,
      postedParameters(
        request.body,
        '{"metric": "employment-rate", "area": "E06000001", "group": ["E06000002", "E06000003"]}',
      ),
    ),
  );
}
