import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/app.ts';
import { formatValue, shown } from '../charts/format.ts';
import { renderRankedBars } from '../charts/ranked-bars.ts';
import { renderDataTable } from '../charts/table.ts';
import { parseInput } from '../shared/validation.ts';
import { comparePageQuery } from './comparison.schema.ts';
import { headlineMetrics } from './headlines.ts';

/** The compare page: up to 10 councils across up to 10 measures, as a table and small multiples. */
export function registerComparisonPages(app: FastifyInstance, { comparison, metrics }: Services) {
  app.get('/compare', async (request, reply) => {
    const query = parseInput(comparePageQuery, request.query);
    const areas = query.areas ?? [];
    const chosen = query.metrics ?? [];
    const result =
      areas.length > 0 && chosen.length > 0 ? await comparison.compareMany(areas, chosen) : null;
    const titles = await metrics.titles(headlineMetrics);
    const choices = headlineMetrics.flatMap((slug) => {
      const title = titles.get(slug);
      return title ? [{ value: slug, text: title, checked: chosen.includes(slug) }] : [];
    });
    return reply.render('comparison/views/compare.njk', {
      title: 'Compare councils',
      activeNav: 'areas',
      areasText: areas.join(', '),
      choices,
      result: result && {
        areas: result.areas,
        rows: result.areas.map((area, i) => ({
          name: area.name,
          code: area.code,
          cells: result.metrics.map((m) => {
            const format = { decimalPlaces: m.decimalPlaces, unit: m.unit };
            const v = m.values[i];
            return v ? formatValue(shown(v), format) : '';
          }),
        })),
        metrics: result.metrics.map((m) => ({
          slug: m.slug,
          title: m.title,
          period: m.period?.label ?? 'no figures',
          // Each set of comparable councils is ranked on its own chart.
          charts: m.sets.map((set, i) => {
            const chart = renderRankedBars({
              id: `compare-${m.slug}${i > 0 ? `-${i + 1}` : ''}`,
              title: `${m.title}${m.period ? `, ${m.period.label}` : ''}${set.label && m.sets.length > 1 ? `: ${set.label}` : ''}`,
              format: { decimalPlaces: m.decimalPlaces, unit: m.unit },
              polarity: m.polarity,
              areas: m.values.filter((v) => set.codes.includes(v.code)),
              highlight: null,
            });
            return { svg: chart.svg, table: renderDataTable(chart.table) };
          }),
          leftOut: m.sets.flatMap((set) => set.leftOut.map((l) => l.explanation)),
        })),
      },
    });
  });
}
