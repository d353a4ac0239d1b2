import type { FastifyInstance } from 'fastify';
import type { Services } from '../app/services.ts';
import { principalCouncilTypes, type AreaType, type ParentRelation } from '../db/vocabulary.ts';
import { renderAreaMap } from '../maps/area-map.ts';
import { formatDate } from '../shared/format.ts';
import { NotFoundError } from '../shared/errors.ts';
import { parseInput } from '../shared/validation.ts';
import { chosenGroup, savedGroupOptions } from '../saved-groups/saved-groups.choice.ts';
import { renderSearch, searchPage } from '../search/search.routes.ts';
import { profileCsv, profileXlsx } from './profile.download.ts';
import { groupOptions, profileDownload, profileView } from './profile.page.ts';
import { profilePageQuery, splitDownload } from './profile.schema.ts';
import {
  areaCodeParam,
  areaCodePattern,
  areaSearchQuery,
  relationLabels,
  typeLabels,
} from './areas.schema.ts';
import type { AreaDetail, AreaSummary } from './areas.service.ts';
import { councilTypes } from '../groups/groups.service.ts';

export function toApiArea(area: AreaSummary) {
  return {
    code: area.code,
    name: area.name,
    shortName: area.shortName,
    type: area.type,
    nation: area.nation,
    validFrom: area.validFrom,
    validTo: area.validTo,
    parents: area.parents,
  };
}

export function toApiAreaDetail(area: AreaDetail) {
  const identifiers: Record<string, string[]> = {};
  for (const { scheme, identifier } of area.identifiers)
    (identifiers[scheme] ??= []).push(identifier);
  return {
    ...toApiArea(area),
    identifiers,
    children: area.children.map((c) => ({
      code: c.code,
      name: c.shortName,
      type: c.type,
      relation: c.relation,
      validTo: c.validTo,
    })),
    predecessors: area.predecessors,
    successors: area.successors,
  };
}

// Nearest first, as a reader places a council: its county, then the wider bodies around it.
const parentDisplayOrder = [
  'upper-tier',
  'combined-authority',
  'region',
  'nation',
  'fire-and-rescue-authority',
  'police-force-area',
] as const satisfies readonly ParentRelation[];

const identifierLabels: Record<string, string> = {
  mysociety: 'mySociety register code',
  'dfe-la': 'DfE local authority number',
  'mhclg-ecode': 'MHCLG finance code',
  'former-gss': 'Former GSS codes',
};

/** Rows for the facts summary list, in the order a reader looks for them. */
function areaFacts(area: AreaDetail, typeLabel: string) {
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  const rows = [
    row('Official name', area.name),
    row('GSS code', area.code),
    row('Type', typeLabel),
  ];
  if (area.validFrom) rows.push(row('In existence from', formatDate(area.validFrom)));
  if (area.validTo) rows.push(row('Abolished', formatDate(area.validTo)));
  for (const [scheme, ids] of Object.entries(toApiAreaDetail(area).identifiers))
    rows.push(row(identifierLabels[scheme] ?? scheme, ids.join(', ')));
  return rows;
}

export function parseCode(params: unknown): string {
  const { code } = parseInput(areaCodeParam, params);
  if (!areaCodePattern.test(code)) throw new NotFoundError('Area', code);
  return code;
}

function groupByType(areas: AreaSummary[], order: readonly AreaType[]) {
  return order
    .map((type) => ({
      type,
      label: typeLabels[type].plural,
      areas: areas.filter((a) => a.type === type),
    }))
    .filter((group) => group.areas.length > 0);
}

export function registerAreaRoutes(
  app: FastifyInstance,
  { areas, comparison, data, groups, metrics, search, savedGroups }: Services,
) {
  app.get('/', async (_request, reply) => {
    const councils = await areas.listAreas({ types: principalCouncilTypes, current: true });
    const regions = await areas.listAreas({ types: ['region'], current: true });
    return reply.render('areas/views/home.njk', {
      title: 'Compare councils with councils like them',
      activeNav: 'areas',
      hideHeaderSearch: true,
      total: councils.length,
      themes: await metrics.themes(),
      regions: regions
        .filter((r) => r.nation === 'england')
        .map((r) => ({
          code: r.code,
          name: r.shortName,
          count: councils.filter((c) => c.parents.region?.code === r.code).length,
        })),
      groups: groupByType(
        councils.filter((a) => a.nation === 'england'),
        principalCouncilTypes,
      ),
    });
  });

  // The one search box (src/search) answers here too, narrowed by type and current if given.
  app.get('/areas', async (request, reply) => {
    const query = parseInput(areaSearchQuery, request.query);
    const filter = {
      ...(query.type ? { types: query.type } : {}),
      ...(query.current !== undefined ? { current: query.current } : {}),
    };
    if (query.q) return searchPage(reply, search, query.q, filter);
    const listed = query.type ? await areas.listAreas(filter) : [];
    return renderSearch(reply, {
      q: '',
      searched: Boolean(query.type),
      areas: listed.map((a) => ({
        code: a.code,
        name: a.shortName,
        type: a.type,
        abolished: a.validTo,
      })),
    });
  });

  app.get('/areas/:code', async (request, reply) => {
    // "/areas/E06000001.csv" downloads the profile the page shows, as "?format=csv" does.
    const split = splitDownload(String((request.params as { code?: unknown }).code ?? ''));
    const code = parseCode({ code: split.code });
    const query = parseInput(profilePageQuery, request.query);
    const format = split.format ?? query.format ?? 'html';
    const result = await areas.getArea(code);
    if ('movedTo' in result) {
      const suffix = split.format ? `.${split.format}` : '';
      const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.redirect(`/areas/${result.movedTo}${suffix}${search}`, 301);
    }
    const area = result.found;
    const { group, sort, theme, page } = query;
    const principal = councilTypes.includes(area.type);
    // An abolished council has no neighbours computed; it is compared with its former type.
    const chosen = group && (await chosenGroup(savedGroups, request, reply, group));
    const requested = chosen ?? (area.validTo ? { id: `type:${area.type}` } : undefined);
    // Signed in, the profile counts what the viewer's organisations lodged or were shared.
    const sight = await data.sightOf(request.viewer);
    // Without groups yet (a register loaded but no data), the page shows the council's facts.
    const profile = principal
      ? await comparison.councilProfile(area.code, requested, sight).catch((error: unknown) => {
          if (error instanceof NotFoundError && !group) return null;
          throw error;
        })
      : null;
    const groupQuery = group ? `&group=${encodeURIComponent(profile?.group.id ?? '')}` : '';
    const view = profile
      ? profileView(profile, area, {
          groupQuery,
          sort,
          typePlural: typeLabels[area.type].plural,
          ...(theme ? { open: { theme, page } } : {}),
        })
      : null;
    if (format !== 'html') {
      if (!view) throw new NotFoundError('Profile of area', area.code);
      const download = profileDownload(view, request.url);
      const name = `${area.code}-profile`;
      return format === 'csv'
        ? reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name}.csv"`)
            .send(profileCsv(download))
        : reply
            .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .header('content-disposition', `attachment; filename="${name}.xlsx"`)
            .send(profileXlsx(download));
    }
    const options = principal
      ? [
          ...(await groups.comparisonOptions(area)),
          ...(await savedGroupOptions(savedGroups, request, chosen)),
        ]
      : [];
    const boundary = await areas.getBoundaryMap(code);
    const map = boundary
      ? renderAreaMap({
          id: 'area-map',
          title: `Map of ${area.shortName}`,
          description: `The boundary of ${area.shortName} (highlighted) and the neighbouring areas around it.`,
          shapes: [
            ...boundary.context.map((s) => ({ ...s, role: 'context' as const })),
            { ...boundary.focus, role: 'focus' as const },
          ],
        })
      : undefined;
    return reply.render('areas/views/area.njk', {
      title: view ? view.title : area.name,
      activeNav: 'areas',
      area,
      typeLabel: typeLabels[area.type].singular,
      parents: parentDisplayOrder.flatMap((relation) => {
        const parent = area.parents[relation];
        return parent
          ? [{ label: relationLabels[relation], ...parent, held: relation !== 'police-force-area' }]
          : [];
      }),
      childGroups: groupByType(
        area.children.map((c) => ({
          code: c.code,
          name: c.shortName,
          shortName: c.shortName,
          type: c.type,
          nation: area.nation,
          validFrom: null,
          validTo: c.validTo,
          parents: {},
        })),
        Object.keys(typeLabels) as AreaType[],
      ),
      facts: areaFacts(area, typeLabels[area.type].singular),
      map,
      profile: view
        ? {
            ...view,
            options: groupOptions(options, view.group.id),
            unpublished: profile?.unpublished ?? false,
          }
        : null,
      breadcrumbs: [
        { text: 'Councils', href: '/' },
        ...(area.parents.region && area.parents.region.code !== area.code
          ? [{ text: area.parents.region.name, href: `/areas/${area.parents.region.code}` }]
          : []),
      ],
    });
  });
}
