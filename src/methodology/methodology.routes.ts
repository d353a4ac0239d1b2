import type { FastifyInstance } from 'fastify';
import { MethodologyService } from './methodology.service.ts';

export function registerMethodologyRoutes(app: FastifyInstance) {
  const methodology = new MethodologyService();
  app.get('/methodology', async (_request, reply) => {
    const page = await methodology.get();
    return reply.render('methodology/views/methodology.njk', {
      title: page.title,
      contents: page.contents,
      body: page.html,
      activeNav: 'methodology',
    });
  });
}
