import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { parseInput } from '../shared/validation.ts';
import { areaListQuery } from './areas.schema.ts';
import { parseCode, toApiArea, toApiAreaDetail } from './areas.routes.ts';

/** The register of areas on the open data API (registered in its scope: public-api.ts). */
export function registerAreaApi(app: FastifyInstance, { areas }: Services) {
  app.get('/api/v1/areas', async (request) => {
    const query = parseInput(areaListQuery, request.query);
    const list = await areas.listAreas({
      ...(query.type ? { types: query.type } : {}),
      ...(query.current !== undefined ? { current: query.current } : {}),
    });
    return { areas: list.map(toApiArea) };
  });

  app.get('/api/v1/areas/:code', async (request, reply) => {
    const code = parseCode(request.params);
    const result = await areas.getArea(code);
    if ('movedTo' in result) return reply.redirect(`/api/v1/areas/${result.movedTo}`, 301);
    return toApiAreaDetail(result.found);
  });
}
