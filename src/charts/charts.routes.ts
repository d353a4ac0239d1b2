/**
 * Every chart of a measure page as an SVG or PNG file with its title, subtitle, source and
 * licence inside the image: /metrics/{slug}/charts/{chart}.{svg|png} with the page's own query.
 * The chart is drawn again from the same data the page used, so the file is what the page shows.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../app/services.ts';
import { polarityWords, presentMetricPage } from '../comparison/metric-page.presenter.ts';
import { chosenGroup } from '../saved-groups/saved-groups.choice.ts';
import { parseInput } from '../shared/validation.ts';
import { chartFileParams, chartQuery, type DownloadableChart } from './charts.schema.ts';
import { sendTable } from '../data/formats/table-download.ts';
import { svgToPng } from './rasterise.ts';
import { dataTableDownload } from './table.download.ts';
import { standaloneSvg } from './standalone.ts';

type MetricPage = Awaited<ReturnType<Services['comparison']['metricPage']>>;

/** A file name that says what is in the file, from parts that are already safe slugs and codes. */
function fileName(slug: string, chart: string, page: MetricPage, format: string): string {
  const period = page.period.code.replace(/[^\w-]+/g, '-');
  return `${slug}-${chart}-${page.area.code}-${period}.${format}`;
}

/**
 * A PNG holds the server's one thread for hundreds of milliseconds while resvg draws it: it runs
 * in admission's expensive lane (app/admit.ts), one at a time, so that pages keep answering.
 */
const pngCost = 20_000;

const chartCost = {
  cost: (request: FastifyRequest) =>
    String((request.params as { file?: unknown }).file ?? '').endsWith('.png') ? pngCost : 1,
};

export function registerChartRoutes(
  app: FastifyInstance,
  { comparison, data, metrics, savedGroups }: Services,
) {
  app.get('/metrics/:slug/charts/:file', { config: chartCost }, async (request, reply) => {
    const { slug, file } = parseInput(chartFileParams, request.params);
    const query = parseInput(chartQuery, request.query);
    const [chart = 'ranked', format = 'svg'] = file.split('.') as [DownloadableChart, string];
    // Signed in, the chart draws what the viewer may see (and is then theirs alone).
    const sight = await data.sightOf(request.viewer);
    const metric = await metrics.get(slug, sight);
    const group = query.group ? await chosenGroup(savedGroups, request, reply, query.group) : null;
    const page = await comparison.metricPage(
      slug,
      { area: query.area, period: query.period, ...(group ? { group } : {}) },
      sight,
    );
    const charts = presentMetricPage(page);
    const drawn = { ranked: charts.bars, 'over-time': charts.trend, map: charts.map }[chart];
    const source = [metric.source.organisation ?? 'Not stated', metric.source.url]
      .filter((part): part is string => part !== null && part !== undefined)
      .join(', ');
    if (format === 'csv' || format === 'xlsx') {
      const name = fileName(slug, `${chart}-table`, page, format).replace(/\.\w+$/, '');
      return sendTable(
        reply,
        format,
        name,
        dataTableDownload(drawn.data, {
          unit: metric.unit,
          decimalPlaces: metric.decimalPlaces,
          source,
          licence: metric.source.licence ?? 'Not stated',
          url: request.url,
        }),
      );
    }
    const svg = standaloneSvg(drawn.svg, `download-${chart}`, {
      // The chart's title names the measure, council, group and period; this says how to read it.
      subtitle: `${polarityWords[metric.polarity]}.`,
      source,
      licence: `${metric.source.licence ?? 'Not stated'}. Chart drawn by openlg.`,
    });
    reply.header(
      'content-disposition',
      `attachment; filename="${fileName(slug, chart, page, format)}"`,
    );
    if (format === 'png') return reply.type('image/png').send(Buffer.from(await svgToPng(svg)));
    return reply.type('image/svg+xml; charset=utf-8').send(svg);
  });
}
