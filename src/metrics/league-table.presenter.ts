/**
 * The league table page's view: filter choices, each comparable set's dot plot and sortable
 * table, England and the regions as reference rows. Pure: the route hands it the rows.
 */
import { inSentence, typeLabels } from '../areas/areas.schema.ts';
import { renderDotPlot } from '../charts/dot-plot.ts';
import { formatValue, missingWord, unitNote, type MetricFormat } from '../charts/format.ts';
import type { LeftOut } from '../comparison/comparable.ts';
import type { AreaType, Polarity } from '../db/vocabulary.ts';
import { formatMoment } from '../shared/format.ts';
import {
  defaultOrder,
  leagueTable,
  sortEntries,
  type LeagueEntry,
  type LeagueRow,
  type LeagueSort,
  type SortOrder,
  type Withheld,
} from './league-table.ts';
import { tierFilters, typesOf, type MeasurePageQuery } from './league-table.schema.ts';
import type { ComparableAcross } from './comparable-across.ts';

const englandCode = 'E92000001';

export interface LeaguePageInput {
  metric: {
    slug: string;
    title: string;
    unit: string | null;
    decimalPlaces: number;
    polarity: Polarity;
  };
  period: { code: string; label: string; startDate: string; endDate: string };
  /** Whether the period is the metric's latest: links then leave it out, to stay current. */
  latest: boolean;
  rows: readonly LeagueRow[];
  across: ComparableAcross;
  councilTypes: readonly AreaType[];
  regions: readonly { code: string; name: string }[];
  query: MeasurePageQuery;
}

interface Column {
  key: LeagueSort;
  text: string;
  numeric: boolean;
}

function notRankedWords(entry: LeagueEntry): string {
  if (entry.notRanked === 'outside-lifetime') return 'Not ranked: did not exist then';
  return entry.notRanked ? `Not ranked: ${missingWord(entry.notRanked)}` : '';
}

/** The reader's filters and period (left out when it is the latest, to stay current). */
function filterParams(input: LeaguePageInput): URLSearchParams {
  const params = new URLSearchParams();
  if (input.query.type) params.set('type', input.query.type);
  if (input.query.region) params.set('region', input.query.region);
  if (!input.latest) params.set('period', input.period.code);
  return params;
}

/** The page's address with the given sort, keeping the reader's filters and period. */
function sortHref(input: LeaguePageInput, sort: LeagueSort, order: SortOrder): string {
  const params = filterParams(input);
  params.set('sort', sort);
  params.set('order', order);
  return `/metrics/${input.metric.slug}?${params.toString()}#league-table`;
}

/** The table as shown, as a file: the same filters, period and sort as the page. */
function downloadLinks(input: LeaguePageInput) {
  const params = filterParams(input);
  if (input.query.sort) params.set('sort', input.query.sort);
  if (input.query.order) params.set('order', input.query.order);
  const query = params.size > 0 ? `?${params.toString()}` : '';
  return (['csv', 'xlsx'] as const).map((format) => ({
    text: format === 'csv' ? 'CSV' : 'Excel (XLSX)',
    href: `/metrics/${input.metric.slug}.${format}${query}`,
  }));
}

function headers(input: LeaguePageInput, sort: LeagueSort, order: SortOrder, columns: Column[]) {
  return columns.map((c) => {
    const current = c.key === sort;
    const next: SortOrder = current ? (order === 'asc' ? 'desc' : 'asc') : defaultOrder[c.key];
    return {
      text: c.text,
      numeric: c.numeric,
      href: sortHref(input, c.key, next),
      ariaSort: current ? (order === 'asc' ? 'ascending' : 'descending') : 'none',
      hint: `sort ${next === 'asc' ? 'ascending' : 'descending'}`,
    };
  });
}

function figure(value: number | null, status: LeagueRow['status'], format: MetricFormat) {
  return formatValue(value ?? (status === 'ok' ? 'no-value' : missingReason(status)), format);
}

/** How a figure the reader sees is held back from the public, in words; null when public. */
function withheldWords(withheld: Withheld | undefined): string | null {
  if (!withheld) return null;
  const state = withheld.state === 'embargoed' ? 'Embargoed' : 'Restricted';
  return withheld.until ? `${state} until ${formatMoment(withheld.until)}` : state;
}

function missingReason(status: LeagueRow['status']) {
  return status === 'suppressed' || status === 'not-applicable' ? status : 'not-available';
}

function filterWords(input: LeaguePageInput): string {
  const type = input.query.type;
  const what = !type
    ? 'Every council'
    : type === 'upper-tier' || type === 'lower-tier'
      ? tierFilters[type].label.replace(/ \(.*$/, '')
      : typeLabels[type].plural.replace(/ \(.*$/, '');
  const region = input.regions.find((r) => r.code === input.query.region);
  return region ? `${what} in ${region.name}` : what;
}

function presentSet(
  input: LeaguePageInput,
  set: ReturnType<typeof leagueTable>[number],
  index: number,
  many: boolean,
) {
  const format = { decimalPlaces: input.metric.decimalPlaces, unit: input.metric.unit };
  const sort = input.query.sort ?? 'rank';
  const order = input.query.order ?? defaultOrder[sort];
  const rankText = (e: LeagueEntry) => (e.rank === null ? '' : `${e.rank}${e.joint ? '=' : ''}`);
  const ranked = sortEntries(set.entries, 'rank', 'asc').filter((e) => e.rank !== null);
  const title = `${input.metric.title}, ${input.period.label}: ${set.label ?? 'every council'} ranked`;
  // England is no council type: beside a measure compared only within types (a district's share
  // of council tax against England's whole bill) its line would mislead, so only the table has it.
  const england =
    input.across === null ? (input.rows.find((r) => r.code === englandCode)?.value ?? null) : null;
  const unit = unitNote(input.metric.unit);
  return {
    id: `league-${index + 1}`,
    heading: many && set.label ? set.label.charAt(0).toUpperCase() + set.label.slice(1) : null,
    chart: renderDotPlot({
      id: `league-chart-${index + 1}`,
      title,
      format,
      england,
      rows: ranked.map((e) => ({
        // A figure the public may not see yet is never drawn as if published.
        name: e.withheld ? `${e.name} (not public yet)` : e.name,
        value: e.value ?? 0,
        rank: rankText(e),
      })),
    }),
    caption: `${title}: ${set.ranked} ranked`,
    headers: headers(input, sort, order, [
      { key: 'rank', text: 'Rank', numeric: true },
      { key: 'name', text: 'Council', numeric: false },
      { key: 'value', text: unit ? `Figure (${unit})` : 'Figure', numeric: true },
    ]),
    label: set.label,
    rows: sortEntries(set.entries, sort, order).map((e) => ({
      code: e.code,
      name: e.name,
      type: typeLabels[e.type].singular,
      rank: rankText(e),
      rankNumber: e.rank,
      notRanked: notRankedWords(e),
      value: figure(e.value, e.status, format),
      withheld: withheldWords(e.withheld),
      // The downloads write the figure unrounded and its status beside what the page shows.
      unrounded: e.value,
      status: e.status,
    })),
    leftOut: set.leftOut satisfies LeftOut[],
  };
}

/** England, and the chosen region or every region: figures to read the ranking against. */
function referenceRows(input: LeaguePageInput) {
  const format = { decimalPlaces: input.metric.decimalPlaces, unit: input.metric.unit };
  const wanted = (r: LeagueRow) =>
    r.code === englandCode ||
    (r.type === 'region' && (!input.query.region || r.code === input.query.region));
  return input.rows
    .filter(wanted)
    .sort((a, b) =>
      a.code === englandCode ? -1 : b.code === englandCode ? 1 : a.name.localeCompare(b.name),
    )
    .map((r) => ({
      code: r.code,
      name: r.name,
      type: typeLabels[r.type].singular,
      value: figure(r.value, r.status, format),
      withheld: withheldWords(r.withheld),
      unrounded: r.value,
      status: r.status,
    }));
}

function filterOptions(input: LeaguePageInput) {
  const present = input.councilTypes.filter((t) => input.rows.some((r) => r.type === t));
  const type = input.query.type ?? '';
  const region = input.query.region ?? '';
  return {
    types: [
      { value: '', text: 'All councils', selected: type === '' },
      ...Object.entries(tierFilters).map(([value, t]) => ({
        value,
        text: t.label,
        selected: type === value,
      })),
      ...present.map((t) => ({ value: t, text: typeLabels[t].plural, selected: type === t })),
    ],
    regions: [
      { value: '', text: 'All regions', selected: region === '' },
      ...input.regions.map((r) => ({ value: r.code, text: r.name, selected: region === r.code })),
    ],
  };
}

export function presentLeagueTable(input: LeaguePageInput) {
  const sets = leagueTable({
    rows: input.rows,
    councilTypes: input.councilTypes,
    across: input.across,
    period: input.period,
    polarity: input.metric.polarity,
    filter: { types: typesOf(input.query.type), region: input.query.region ?? null },
  }).filter((s) => s.entries.length > 0);
  const shown = filterWords(input);
  return {
    heading: `${shown}, ${input.period.label}`,
    periodLabel: input.period.label,
    /** The period to keep when a council is then chosen; null for the latest. */
    periodCode: input.latest ? null : input.period.code,
    title: `${input.metric.title}: ${inSentence(shown)} ranked, ${input.period.label}`,
    councils: sets.reduce((n, s) => n + s.entries.length, 0),
    separateSets: sets.length > 1,
    sets: sets.map((s, i) => presentSet(input, s, i, sets.length > 1)),
    reference: referenceRows(input),
    options: filterOptions(input),
    downloads: downloadLinks(input),
  };
}
