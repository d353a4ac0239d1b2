import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { areaCodeParam } from '../areas/areas.schema.ts';
import { parseInput } from '../shared/validation.ts';
import { groupIdParam, groupListQuery, neighboursQuery } from './groups.schema.ts';

/** Groups and neighbours on the open data API (registered in its scope: public-api.ts). */
export function registerGroupApi(app: FastifyInstance, { groups, areas }: Services) {
  app.get('/api/v1/groups', async (request) => {
    const query = parseInput(groupListQuery, request.query);
    return {
      groups: await groups.listGroups({
        ...(query.kind ? { kinds: query.kind } : {}),
        ...(query.area ? { area: query.area } : {}),
      }),
    };
  });

  app.get('/api/v1/groups/:id', async (request) => {
    const { id } = parseInput(groupIdParam, request.params);
    return { group: await groups.getGroup(id) };
  });

  app.get('/api/v1/areas/:code/neighbours', async (request) => {
    const { code } = parseInput(areaCodeParam, request.params);
    const { k, model } = parseInput(neighboursQuery, request.query);
    const area = await areas.getSummary(code);
    return {
      area: { code: area.code, name: area.shortName, type: area.type },
      ...(await groups.neighbours(area.code, area.type, k, model)),
    };
  });
}
