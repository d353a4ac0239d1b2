import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../app/services.ts';
import { typeLabels } from '../areas/areas.schema.ts';
import { publicSight, type Sight } from '../db/visibility.ts';
import type { AreaType } from '../db/vocabulary.ts';
import { themeLabels } from '../metrics/metrics.schema.ts';
import { parseInput } from '../shared/validation.ts';
import { searchQuery } from './search.schema.ts';
import type { AreaFilter, SearchOutcome, SearchService } from './search.service.ts';

/** A council as the search page lists it. */
export interface ListedArea {
  code: string;
  name: string;
  type: AreaType;
  abolished: string | null;
}

export function registerSearchRoutes(app: FastifyInstance, { search, data }: Services) {
  app.get('/search', async (request, reply) => {
    const { q } = parseInput(searchQuery, request.query);
    return searchPage(reply, search, q ?? '', {}, await data.sightOf(request.viewer));
  });
}

/**
 * The search page (also /areas?q=): an exact hit goes to its page, anything else is listed.
 * Measures are those a reader with `sight` (the public's by default) may know.
 */
export async function searchPage(
  reply: FastifyReply,
  search: SearchService,
  q: string,
  filter: AreaFilter = {},
  sight: Sight = publicSight,
) {
  const outcome: SearchOutcome = await search.search(q, filter, sight);
  if (outcome.kind === 'exact') return reply.redirect(outcome.location, 302);
  const results = outcome.kind === 'results' ? outcome : { areas: [], metrics: [] };
  return renderSearch(reply, {
    q,
    searched: q !== '',
    areas: results.areas,
    // A search narrowed to kinds of council lists councils only.
    ...(filter.types
      ? {}
      : {
          metrics: results.metrics.map((m) => ({
            ...m,
            theme: m.theme ? themeLabels[m.theme] : null,
          })),
        }),
  });
}

/** The search page listing these councils (and measures), or the empty form. */
export function renderSearch(
  reply: FastifyReply,
  view: {
    q: string;
    searched: boolean;
    areas: readonly ListedArea[];
    metrics?: readonly { slug: string; title: string; theme: string | null }[];
  },
) {
  return reply.render('search/views/search.njk', {
    title: view.q ? `Results for “${view.q}”` : 'Find a council or a measure',
    activeNav: 'areas',
    ...view,
    areas: view.areas.map((a) => ({ ...a, typeLabel: typeLabels[a.type].singular })),
    metrics: view.metrics ?? null,
    breadcrumbs: [{ text: 'Councils', href: '/' }],
    hideHeaderSearch: true,
  });
}
