import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { areaCodeParam } from '../areas/areas.schema.ts';
import { parseInput } from '../shared/validation.ts';
import { neighboursPageQuery } from './groups.schema.ts';

export function registerGroupRoutes(app: FastifyInstance, { groups, areas }: Services) {
  app.get('/areas/:code/neighbours', async (request, reply) => {
    const { code } = parseInput(areaCodeParam, request.params);
    const { model } = parseInput(neighboursPageQuery, request.query);
    const area = await areas.getSummary(code);
    if (area.code !== code) return reply.redirect(`/areas/${area.code}/neighbours`, 301);
    const result = await groups.neighbours(area.code, area.type, 15, model);
    const available = (
      await groups.listGroups({
        area: area.code,
        kinds: ['nearest-neighbours', 'statistical-neighbours'],
      })
    ).filter((g) => g.subject === area.code && g.model);
    return reply.render('groups/views/neighbours.njk', {
      title: `Councils similar to ${area.shortName}`,
      activeNav: 'areas',
      area: { code: area.code, name: area.shortName },
      result,
      // The compare page takes up to ten councils: this one and its nine nearest.
      compareCodes: [area.code, ...result.neighbours.slice(0, 9).map((n) => n.code)],
      models: available.map((g) => ({
        value: g.model,
        text: g.label,
        selected: g.model === result.group.model,
      })),
      breadcrumbs: [
        { text: 'Councils', href: '/' },
        { text: area.shortName, href: `/areas/${area.code}` },
      ],
    });
  });
}
