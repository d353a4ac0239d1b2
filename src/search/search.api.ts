import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { keySight } from '../api/key-sight.ts';
import { parseInput } from '../shared/validation.ts';
import { searchQuery } from './search.schema.ts';

/** Search on the open data API (registered in its scope: public-api.ts). */
export function registerSearchApi(app: FastifyInstance, { data, search }: Services) {
  app.get('/api/v1/search', async (request) => {
    const { q } = parseInput(searchQuery, request.query);
    return { q: q ?? '', ...(await search.find(q ?? '', await keySight(request, data))) };
  });
}
