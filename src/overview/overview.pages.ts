import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { parseInput } from '../shared/validation.ts';
import { overviewQuery } from './overview.schema.ts';
import { councilChart, measureRows, sectorCharts } from './overview.presenter.ts';
import { england } from './overview.service.ts';

const pageQuery = overviewQuery.omit({ format: true });

/**
 * /overview: the direction of travel of the sector, by theme against the basket's baselines, and
 * of one council beside England and its nearest neighbours. Public figures only, looked up from
 * the kept overview: the same page for every reader.
 */
export function registerOverviewPages(app: FastifyInstance, { overview }: Services) {
  app.get('/overview', async (request, reply) => {
    const query = parseInput(pageQuery, request.query);
    const basket = overview.basket(query.basket);
    const baskets = overview.baskets.map((b) => ({ value: b.slug, text: b.title }));
    const councils = (await overview.councils()).map((c) => ({
      value: c.code,
      text: c.shortName,
    }));
    const common = {
      title: 'Direction of travel',
      activeNav: 'overview',
      basket,
      baskets,
      councils,
    };
    if (query.area !== undefined && query.area !== england) {
      const council = await overview.council(basket.slug, query.area, query.baseline);
      return reply.render('overview/views/overview.njk', {
        ...common,
        title: `Direction of travel: ${council.area.name}`,
        council,
        chosen: { baseline: council.baseline.id, area: council.area.code },
        chart: councilChart(
          council.area.name,
          council.baseline.label,
          council.totals,
          council.sector,
        ),
        measures: measureRows(council.measures),
      });
    }
    const baseline = overview.baselineOf(basket, query.baseline);
    const overviews = [];
    for (const each of basket.baselines)
      overviews.push(await overview.sector(basket.slug, each.id));
    const chosen = overviews.find((o) => o.baseline.id === baseline.id);
    return reply.render('overview/views/overview.njk', {
      ...common,
      sector: chosen,
      chosen: { baseline: baseline.id, area: '' },
      charts: sectorCharts(basket.title, overviews),
      measures: measureRows(chosen?.measures ?? []),
      spread: [...(chosen?.councils ?? [])].sort((a, b) => b.worsened - a.worsened),
    });
  });
}
