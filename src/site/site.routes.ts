import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import type { Config } from '../config/config.ts';
import { HealthCheck, serviceStatus } from '../health/health.service.ts';
import { statusView } from './status.presenter.ts';

/**
 * The pages a public service owes its users (accessibility statement, privacy notice, contact)
 * and the service status in words. Whoever runs a copy of openlg is named on them from the
 * configuration; until they are, the pages say so plainly.
 */
export function registerSiteRoutes(app: FastifyInstance, config: Config, services: Services) {
  const operator = config.operator;
  for (const [path, template, title] of [
    ['/accessibility', 'site/views/accessibility.njk', 'Accessibility statement'],
    ['/privacy', 'site/views/privacy.njk', 'Privacy notice'],
    ['/contact', 'site/views/contact.njk', 'Contact and feedback'],
  ] as const)
    app.get(path, async (_request, reply) => reply.render(template, { title, operator }));

  const check = new HealthCheck(services.database);
  app.get('/status', async (_request, reply) => {
    const status = await serviceStatus(check, services.database, async () => {
      const [latest] = await services.imports.listImports(1);
      return latest ?? null;
    });
    return reply
      .code(status.health.status === 'ok' ? 200 : 503)
      .header('cache-control', 'no-store')
      .render('site/views/status.njk', { title: 'Service status', ...statusView(status) });
  });
}
