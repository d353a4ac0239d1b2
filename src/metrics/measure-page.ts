/**
 * What a measure page shows: with no council chosen, the league table of every council; with
 * one, that council against a group. Either way the council picker offers only the councils
 * whose type the measure is published for, and a council of another type is told why in words.
 */
import { inSentence, typeLabels } from '../areas/areas.schema.ts';
import type { AreaSummary } from '../areas/areas.service.ts';
import type { Services } from '../app/services.ts';
import { polarityWords, presentMetricPage } from '../comparison/metric-page.presenter.ts';
import type { GroupRequest } from '../comparison/comparison.service.ts';
import type { Sight } from '../db/visibility.ts';
import type { AreaType } from '../db/vocabulary.ts';
import { councilTypes } from '../groups/groups.service.ts';
import { renderCaveats } from './caveats.ts';
import { presentLeagueTable } from './league-table.presenter.ts';
import type { MeasurePageQuery } from './league-table.schema.ts';
import { themeLabels } from './metrics.schema.ts';

type Metric = Awaited<ReturnType<Services['metrics']['get']>>;

/** "district councils and unitary authorities": the types a measure is published for. */
function typesInWords(types: readonly AreaType[]): string {
  const names = types.map((t) => inSentence(typeLabels[t].plural.replace(/ \(.*\)$/, '')));
  return names.length <= 1
    ? (names[0] ?? 'no councils')
    : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Why a council has no figure of this measure at all, in plain words; null when it may have. */
export function notPublishedFor(metric: Metric, area: AreaSummary): string | null {
  if (metric.areaTypes.includes(area.type)) return null;
  const kinds = metric.areaTypes.filter((t) => councilTypes.includes(t));
  return (
    `${area.shortName} is a ${inSentence(typeLabels[area.type].singular)}. ` +
    `${metric.title} is published for ${typesInWords(kinds)} only, so there is no figure for ` +
    `${area.shortName}. Choose one of the councils listed, or see the league table of every council.`
  );
}

/** The page's parts that do not depend on the council: the measure's facts and the picker. */
async function common(
  { areas }: Services,
  metric: Metric,
  chosen: string | undefined,
  chosenPeriod: string | undefined,
) {
  const fits = metric.areaTypes.filter((t) => councilTypes.includes(t));
  const councils = fits.length > 0 ? await areas.listAreas({ types: fits, current: true }) : [];
  return {
    activeNav: 'metrics',
    metric,
    themeLabel: metric.theme ? themeLabels[metric.theme] : null,
    polarity: polarityWords[metric.polarity],
    caveatsHtml: metric.caveats ? renderCaveats(metric.caveats) : null,
    councils: [
      { value: '', text: 'Choose a council' },
      ...councils.map((c) => ({ value: c.code, text: c.shortName, selected: c.code === chosen })),
    ],
    periodOptions: [...metric.periods].reverse().map((p, i) => ({
      value: i === 0 ? '' : p.code,
      text: p.label,
      selected: chosenPeriod === undefined ? i === 0 : p.code === chosenPeriod,
    })),
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Measures', href: '/metrics' },
    ],
  };
}

/** The league table: every council with the measure in the period a reader with `sight` sees, ranked. */
export async function leagueView(
  services: Services,
  metric: Metric,
  query: MeasurePageQuery,
  sight: Sight,
) {
  const { metrics, areas } = services;
  const { period, across, rows } = await metrics.leagueTable(metric.slug, query.period, sight);
  const regions = await areas.listAreas({ types: ['region'], current: true });
  const league = presentLeagueTable({
    metric: {
      slug: metric.slug,
      title: metric.title,
      unit: metric.unit,
      decimalPlaces: metric.decimalPlaces,
      polarity: metric.polarity,
    },
    period,
    latest: period.code === metric.periods.at(-1)?.code,
    rows,
    across,
    councilTypes,
    regions: regions.map((r) => ({ code: r.code, name: r.shortName })),
    query,
  });
  return {
    ...(await common(services, metric, undefined, period.code)),
    title: league.title,
    league,
    page: null,
  };
}

/** The "Compare with" choices, with a custom group from the address shown as chosen. */
function groupChoices(
  options: readonly { id: string; label: string }[],
  group: { id: string; label: string; size: number },
) {
  const items = options.map((o) => ({ value: o.id, text: o.label, selected: o.id === group.id }));
  if (items.some((i) => i.selected)) return items;
  return [
    { value: group.id, text: `${group.label} (${group.size} councils)`, selected: true },
    ...items,
  ];
}

/** A council of a type the measure is not published for: the page says so instead. */
async function notPublishedView(
  services: Services,
  metric: Metric,
  area: AreaSummary,
  why: string,
) {
  return {
    ...(await common(services, metric, undefined, undefined)),
    title: `${metric.title}: not published for ${area.shortName}`,
    notPublished: why,
    page: null,
    league: null,
  };
}

/**
 * One council against a group: today's comparison page, with the way back to its profile.
 * `saved` are the saved groups offered beside the stored ones (the viewer's own).
 */
export async function comparisonView(
  services: Services,
  metric: Metric,
  query: Omit<MeasurePageQuery, 'group'> & { area: string; group?: GroupRequest },
  saved: readonly { id: string; label: string }[],
  sight: Sight,
) {
  const { comparison, groups, areas } = services;
  const area = await areas.getSummary(query.area);
  const why = notPublishedFor(metric, area);
  if (why) return notPublishedView(services, metric, area, why);
  const page = await comparison.metricPage(
    metric.slug,
    { area: area.code, period: query.period, ...(query.group ? { group: query.group } : {}) },
    sight,
  );
  const [options, base] = await Promise.all([
    groups.comparisonOptions(page.area),
    common(services, metric, page.area.code, page.period.code),
  ]);
  const shown = new URLSearchParams({
    metric: metric.slug,
    group: page.group.id,
    period: page.period.code,
  });
  const profile = `/areas/${page.area.code}?${new URLSearchParams({ group: page.group.id }).toString()}`;
  return {
    ...base,
    title: `${metric.title}: ${page.area.shortName} among ${page.group.label}, ${page.period.label}`,
    breadcrumbs: [...base.breadcrumbs, { text: metric.title, href: `/metrics/${metric.slug}` }],
    profileLink: {
      href: profile,
      text: `${page.area.shortName}'s profile, compared with ${page.group.label}`,
    },
    page,
    league: null,
    charts: presentMetricPage(page),
    groupOptions: groupChoices([...options, ...saved], page.group),
    downloads: ['csv', 'jsonstat', 'xlsx'].map((format) => ({
      format,
      href: `/api/v1/data?${shown.toString()}&format=${format}`,
    })),
  };
}
