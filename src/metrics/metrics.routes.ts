import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/app.ts';
import { parseInput } from '../shared/validation.ts';
import { themes } from '../db/vocabulary.ts';
import { measurePageQuery } from './league-table.schema.ts';
import { comparisonView, leagueView } from './measure-page.ts';
import {
  metricBrowseQuery,
  metricSearchQuery,
  metricSlugParam,
  themeLabels,
} from './metrics.schema.ts';

export function registerMetricRoutes(app: FastifyInstance, services: Services) {
  const { metrics } = services;
  app.get('/metrics', async (request, reply) => {
    const query = parseInput(metricBrowseQuery, request.query);
    const limit = 500;
    const result = await metrics.search({ ...query, limit, offset: 0 });
    const byTheme = themes.flatMap((theme) => {
      const list = result.metrics.filter((m) => m.theme === theme);
      return list.length > 0 ? [{ label: themeLabels[theme], metrics: list }] : [];
    });
    const unthemed = result.metrics.filter((m) => m.theme === null);
    return reply.render('metrics/views/metrics.njk', {
      title: 'Measures',
      activeNav: 'metrics',
      q: query.q ?? '',
      total: result.total,
      shown: result.metrics.length,
      themeLabel: query.theme ? themeLabels[query.theme] : null,
      themeOptions: [
        { value: '', text: 'All themes' },
        ...themes.map((t) => ({ value: t, text: themeLabels[t], selected: t === query.theme })),
      ],
      themes: unthemed.length > 0 ? [...byTheme, { label: 'Other', metrics: unthemed }] : byTheme,
    });
  });

  app.get('/metrics/:slug', async (request, reply) => {
    const { slug } = parseInput(metricSlugParam, request.params);
    const query = parseInput(measurePageQuery, request.query);
    const metric = await services.metrics.get(slug);
    const view = query.area
      ? await comparisonView(services, metric, { ...query, area: query.area })
      : await leagueView(services, metric, query);
    return reply.render('metrics/views/metric.njk', view);
  });

  app.get('/api/v1/metrics', async (request) => {
    const query = parseInput(metricSearchQuery, request.query);
    const result = await metrics.search(query);
    return { ...result, limit: query.limit, offset: query.offset };
  });

  app.get('/api/v1/metrics/:slug', async (request) => {
    const { slug } = parseInput(metricSlugParam, request.params);
    return { metric: await metrics.get(slug) };
  });
}
