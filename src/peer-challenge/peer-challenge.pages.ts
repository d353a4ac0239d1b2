import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { renderStackedBars, type StackedSeries } from '../charts/stacked-bars.ts';
import { renderDataTable } from '../charts/table.ts';
import { parseInput } from '../shared/validation.ts';
import type { YearFigures } from './figures.ts';
import { challengeType } from './challenge-types.ts';
import { figuresQuery } from './peer-challenge.schema.ts';

const pageQuery = figuresQuery.omit({ format: true });

/** Delivered, confirmed, in discussion: GOV.UK green, blue, and a pale grey outlined. */
const series: readonly StackedSeries[] = [
  { name: 'Delivered', fill: '#00703c', lightText: true },
  { name: 'Confirmed', fill: '#1d70b8', lightText: true },
  { name: 'In discussion', fill: '#f3f2f1', lightText: false, outline: '#505a5f' },
];

function yearsChart(years: readonly YearFigures[], asAt: string | null) {
  const when = asAt === null ? '' : ` as at ${asAt}`;
  const chart = renderStackedBars({
    id: 'peer-challenge-years',
    title: `Peer challenges by programme year${when}`,
    description: years
      .map(
        (y) =>
          `${y.label}: ${y.total.delivered} delivered, ${y.total.confirmed} confirmed, ${y.total.inDiscussion} in discussion.`,
      )
      .join(' '),
    series,
    unit: 'challenges',
    rowHeading: 'Programme year',
    bars: years.map((y) => ({
      label: y.label,
      counts: [y.total.delivered, y.total.confirmed, y.total.inDiscussion],
    })),
  });
  return { svg: chart.svg, table: renderDataTable(chart.table) };
}

/** The API's answers to the same question, JSON and CSV. */
function apiLinks(year: string | undefined, asAt: string | undefined) {
  const at = (format?: string) => {
    const params = new URLSearchParams();
    if (year) params.set('year', year);
    if (asAt) params.set('asAt', asAt);
    if (format) params.set('format', format);
    const search = params.toString();
    return `/api/v1/peer-challenge/figures${search ? `?${search}` : ''}`;
  };
  return { json: at(), csv: at('csv') };
}

/**
 * /peer-challenge/figures: the peer challenge programme's published figures, by programme year
 * and, for the year chosen, by type; as the records stand or as at a day. Counts only, public
 * like the programme's own reports, the same page for every reader.
 */
export function registerPeerChallengePages(app: FastifyInstance, { peerChallenges }: Services) {
  // The programme's front page: what it is, its record in one line, and the way to each part.
  app.get('/peer-challenge', async (_request, reply) => {
    const { years } = await peerChallenges.figures({});
    const delivered = years.reduce((sum, y) => sum + y.total.delivered, 0);
    return reply.render('peer-challenge/views/programme.njk', {
      title: 'Peer challenge programme',
      activeNav: 'peer-challenge',
      delivered,
      first: years[0]?.label ?? null,
      latest: years.at(-1)?.label ?? null,
    });
  });

  app.get('/peer-challenge/figures', async (request, reply) => {
    // The form sends its fields left empty: those mean "not given".
    const given = Object.entries(request.query as Record<string, unknown>).filter(
      ([, v]) => v !== '',
    );
    const query = parseInput(pageQuery, Object.fromEntries(given));
    const figures = await peerChallenges.figures(query);
    const { years } = figures;
    // Without a year, the latest: the one the programme reports on.
    const chosen = figures.chosen ?? years.at(-1) ?? null;
    return reply.render('peer-challenge/views/figures.njk', {
      title: chosen ? `Peer challenge figures, ${chosen.label}` : 'Peer challenge figures',
      activeNav: 'peer-challenge',
      figures,
      chosen,
      query: { year: chosen?.year ?? '', asAt: query.asAt ?? '' },
      api: apiLinks(chosen?.year, query.asAt),
      chart: years.length > 0 ? yearsChart(years, figures.asAt) : null,
      types: (chosen?.byType ?? [])
        .filter((t) => t.delivered + t.confirmed + t.inDiscussion > 0)
        .map((t) => ({ ...t, name: challengeType(t.type).title })),
    });
  });
}
