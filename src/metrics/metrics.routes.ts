import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/app.ts';
import { parseInput } from '../shared/validation.ts';
import { metricPageQuery } from '../comparison/comparison.schema.ts';
import { polarityWords, presentMetricPage } from '../comparison/metric-page.presenter.ts';
import { themes } from '../db/vocabulary.ts';
import { councilTypes } from '../groups/groups.service.ts';
import { renderCaveats } from './caveats.ts';
import {
  metricBrowseQuery,
  metricSearchQuery,
  metricSlugParam,
  themeLabels,
} from './metrics.schema.ts';

export function registerMetricRoutes(
  app: FastifyInstance,
  { metrics, comparison, groups, areas }: Services,
) {
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
    const query = parseInput(metricPageQuery, request.query);
    const metric = await metrics.get(slug);
    const councils = await areas.listAreas({ types: councilTypes, current: true });
    const page = query.area
      ? await comparison.metricPage(slug, {
          area: query.area,
          period: query.period,
          ...(query.group ? { group: query.group } : {}),
        })
      : null;
    const options = page ? await groups.comparisonOptions(page.area) : [];
    const shown = page
      ? new URLSearchParams({ metric: slug, group: page.group.id, period: page.period.code })
      : null;
    return reply.render('metrics/views/metric.njk', {
      title: metric.title,
      activeNav: 'metrics',
      metric,
      themeLabel: metric.theme ? themeLabels[metric.theme] : null,
      polarity: polarityWords[metric.polarity],
      caveatsHtml: metric.caveats ? renderCaveats(metric.caveats) : null,
      page,
      charts: page ? presentMetricPage(page) : null,
      councils: councils.map((c) => ({
        value: c.code,
        text: c.shortName,
        selected: c.code === page?.area.code,
      })),
      groupOptions: options.map((o) => ({
        value: o.id,
        text: o.label,
        selected: o.id === page?.group.id,
      })),
      periodOptions: [...metric.periods].reverse().map((p) => ({
        value: p.code,
        text: p.label,
        selected: p.code === page?.period.code,
      })),
      downloads: shown
        ? ['csv', 'jsonstat', 'xlsx'].map((format) => ({
            format,
            href: `/api/v1/data?${shown.toString()}&format=${format}`,
          }))
        : [],
    });
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
