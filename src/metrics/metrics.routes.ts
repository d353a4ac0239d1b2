import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { parseInput } from '../shared/validation.ts';
import { themes } from '../db/vocabulary.ts';
import { splitDownload } from '../areas/profile.schema.ts';
import { sendTable } from '../data/formats/table-download.ts';
import { chosenGroup, savedGroupOptions } from '../saved-groups/saved-groups.choice.ts';
import { BadRequestError } from '../shared/errors.ts';
import { leagueDownload } from './league-table.download.ts';
import { measurePageQuery } from './league-table.schema.ts';
import { comparisonView, leagueView } from './measure-page.ts';
import { metricBrowseQuery, metricSlugParam, themeLabels } from './metrics.schema.ts';

const councilTablesElsewhere =
  'This download is the table of every council. With a council chosen, download each table from the link below it';

export function registerMetricRoutes(app: FastifyInstance, services: Services) {
  const { metrics, data } = services;
  app.get('/metrics', async (request, reply) => {
    const query = parseInput(metricBrowseQuery, request.query);
    const limit = 500;
    const sight = await data.sightOf(request.viewer);
    const result = await metrics.search({ ...query, limit, offset: 0 }, sight);
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
    // "/metrics/employment-rate.csv" (or .xlsx) downloads the league table the page shows.
    const { code: slug, format } = splitDownload(parseInput(metricSlugParam, request.params).slug);
    const query = parseInput(measurePageQuery, request.query);
    const sight = await data.sightOf(request.viewer);
    const metric = await services.metrics.get(slug, sight);
    if (format) {
      if (query.area) throw new BadRequestError(councilTablesElsewhere, 'area');
      const { league } = await leagueView(services, metric, query, sight);
      const name = `${slug}-league-table-${league.periodLabel.replace(/[^\w-]+/g, '-')}`;
      return sendTable(reply, format, name, leagueDownload(metric, league, request.url));
    }
    const { group: asked, ...rest } = query;
    const group =
      rest.area && asked
        ? await chosenGroup(services.savedGroups, request, reply, asked)
        : undefined;
    const view = rest.area
      ? await comparisonView(
          services,
          metric,
          { ...rest, area: rest.area, ...(group ? { group } : {}) },
          await savedGroupOptions(services.savedGroups, request, group),
          sight,
        )
      : await leagueView(services, metric, query, sight);
    return reply.render('metrics/views/metric.njk', view);
  });
}
