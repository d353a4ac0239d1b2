import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { renderDataTable } from '../charts/table.ts';
import { parseInput } from '../shared/validation.ts';
import { renderCoverageMap, statusTitles } from './coverage.map.ts';
import { coverageQuery } from './coverage.schema.ts';
import { challengeType } from './challenge-types.ts';
import { agreementTitles } from './surveys.ts';

const pageQuery = coverageQuery.omit({ format: true });

/**
 * Two maps, since county councils overlap their districts: every district-level council (the
 * districts and the single-tier councils), then the county councils; no council is on both.
 */
const maps = [
  {
    layer: 'ltla',
    id: 'coverage-lower',
    title: 'District, unitary, metropolitan and London borough councils by coverage status',
    counties: false,
  },
  {
    layer: 'utla',
    id: 'coverage-counties',
    title: 'County councils by coverage status',
    counties: true,
  },
] as const;

/**
 * /peer-challenge/coverage: every current English council's last corporate peer challenge or
 * finance peer review, whether another is due, by type and region, the due and overdue lists
 * and a map; /peer-challenge/feedback: the feedback surveys' results by year. Public like the
 * programme's published reports, the same page for every reader.
 */
export function registerCoveragePages(
  app: FastifyInstance,
  { peerCoverage, peerFeedback, areas }: Services,
) {
  app.get('/peer-challenge/coverage', async (request, reply) => {
    // The form sends its fields left empty: those mean "not given".
    const given = Object.entries(request.query as Record<string, unknown>).filter(
      ([, v]) => v !== '',
    );
    const query = parseInput(pageQuery, Object.fromEntries(given));
    const found = await peerCoverage.coverage(query);
    const charts = await Promise.all(
      maps.map(async (m) => {
        const chart = renderCoverageMap({
          id: m.id,
          title: m.title,
          shapes: await areas.layerShapes(m.layer),
          councils: found.councils.filter((c) => (c.type === 'county') === m.counties),
        });
        return { title: m.title, svg: chart.svg, table: renderDataTable(chart.table) };
      }),
    );
    const listed = (status: 'due' | 'overdue') =>
      found.councils
        .filter((c) => c.status === status)
        .map((c) => ({
          ...c,
          lastText: c.last ? `${challengeType(c.last.type).title}, ${c.last.on}` : 'None recorded',
        }));
    const api = (format?: string) => {
      const search = new URLSearchParams({
        ...(query.asAt ? { asAt: query.asAt } : {}),
        ...(format ? { format } : {}),
      }).toString();
      return `/api/v1/peer-challenge/coverage${search ? `?${search}` : ''}`;
    };
    return reply.render('peer-challenge/views/coverage.njk', {
      title: 'Peer challenge coverage',
      found,
      query: { asAt: query.asAt ?? '' },
      due: listed('due'),
      overdue: listed('overdue'),
      charts,
      statusTitles,
      api: { json: api(), csv: api('csv') },
    });
  });

  app.get('/peer-challenge/feedback', async (_request, reply) => {
    const results = await peerFeedback.results();
    return reply.render('peer-challenge/views/feedback.njk', {
      title: 'Peer challenge feedback',
      results,
      years: [...results.years].reverse().map((y) => ({ ...y, label: y.year.replace('-', '/') })),
      scale: Object.values(agreementTitles),
    });
  });
}
