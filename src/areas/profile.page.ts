import type { AreaType } from '../db/vocabulary.ts';
import {
  presentProfile,
  profileSorts,
  type Profile,
  type ProfileSort,
  type ThemeSection,
} from '../comparison/profile.presenter.ts';
import { describeGroup, summariseProfile, tierServices } from '../comparison/profile-summary.ts';
import type { ProfileDownload } from './profile.download.ts';

export const sortLabels: Record<ProfileSort, string> = {
  theme: 'the usual order',
  worst: 'worst in the group first',
  england: 'worse than England first',
  change: 'worsened first',
  name: 'measure name, A to Z',
};

/**
 * The "Compare with" choices. A model's own label names two council types ("counties and
 * unitaries"); the choice names the services that decide its councils instead.
 */
export function groupOptions(
  options: readonly { id: string; label: string; kind: string }[],
  chosen: string,
) {
  return options.map((o) => ({
    value: o.id,
    text:
      o.kind === 'nearest-neighbours' && tierServices[o.id.split(':')[1] ?? '']
        ? `Nearest neighbours among ${tierServices[o.id.split(':')[1] ?? '']}`
        : o.label,
    selected: o.id === chosen,
  }));
}

interface Subject {
  code: string;
  shortName: string;
  type: AreaType;
}

/**
 * Everything the profile part of a council page shows, and what its downloads write: the group
 * in words, the summary, the sort links and the tables. `groupQuery` carries a chosen group into
 * every link ("&group=…"), or is empty for the default group.
 */
export function profileView(
  profile: Profile,
  area: Subject,
  options: {
    groupQuery: string;
    sort: ProfileSort;
    typePlural: string;
    /** The theme of other measures opened, and its page, when they are folded. */
    open?: { theme: string; page: number };
  },
) {
  const group = describeGroup(profile.group, area);
  const shown = presentProfile(profile, {
    query: options.groupQuery,
    sort: options.sort,
    typePlural: options.typePlural,
  });
  const base = `/areas/${area.code}`;
  const groupOnly = options.groupQuery ? `?${options.groupQuery.slice(1)}` : '';
  const query = (sort: ProfileSort, ...more: string[]) =>
    [options.groupQuery.slice(1), sort === 'theme' ? '' : `sort=${sort}`, ...more]
      .filter(Boolean)
      .join('&');
  const withSort = (sort: ProfileSort) => `${base}?${query(sort)}`;
  const summary = summariseProfile(shown.rows, area.shortName);
  return {
    group: { ...profile.group, ...group },
    title: `${area.shortName} compared with ${group.name}`,
    summary: { ...summary, ...glanceLists(summary, `${withSort('worst')}#measures`) },
    sort: options.sort,
    sorts: profileSorts.map((sort) => ({
      text: sortLabels[sort],
      href: `${withSort(sort).replace(/\?$/, '')}#measures`,
      current: sort === options.sort,
    })),
    headlines: shown.headlines,
    others: shown.others,
    folded: foldOthers(
      shown.others,
      options.open,
      (...more) => `${base}?${query(options.sort, ...more)}`,
    ),
    rows: shown.rows,
    downloads: {
      csv: `${base}.csv${sortedQuery(groupOnly, options.sort)}`,
      xlsx: `${base}.xlsx${sortedQuery(groupOnly, options.sort)}`,
    },
  };
}

/** At a glance means a few: each list shows its first ones and links to the rest, in order. */
export const glanceLength = 20;

type Summary = ReturnType<typeof summariseProfile>;
const glanceKeys = ['worst', 'best', 'worsened', 'improved', 'worse', 'better'] as const;

function glanceLists(summary: Summary, allHref: string) {
  return Object.fromEntries(
    glanceKeys.map((key) => {
      const links = summary[key];
      return [
        key,
        {
          count: links.length,
          links: links.slice(0, glanceLength),
          more:
            links.length > glanceLength
              ? { count: links.length - glanceLength, href: allHref }
              : null,
        },
      ];
    }),
  ) as Record<(typeof glanceKeys)[number], GlanceList>;
}

interface GlanceList {
  count: number;
  links: Summary['worst'];
  more: { count: number; href: string } | null;
}

/**
 * Past this many other measures the page lists their themes and shows one theme's rows at a
 * time, a page at a time: at national scale a council has 5,000 measures, and all of them on one
 * page were 3.6 MB of HTML that took a quarter of a second to write. Below it every row is on
 * the page, each theme folded in a details element.
 */
export const inlineOtherRows = 1000;
export const foldedPageRows = 200;

function foldOthers(
  others: readonly ThemeSection[],
  open: { theme: string; page: number } | undefined,
  href: (...more: string[]) => string,
) {
  if (others.reduce((n, t) => n + t.rows.length, 0) <= inlineOtherRows) return null;
  const themes = others.map((section) => {
    const pages = Math.ceil(section.rows.length / foldedPageRows);
    const isOpen = open?.theme === section.theme;
    const page = isOpen ? Math.min(Math.max(open.page, 1), pages) : 1;
    const at = (n: number) =>
      `${href(`theme=${section.theme}`, n > 1 ? `page=${n}` : '')}#other-${section.theme}`;
    return {
      theme: section.theme,
      label: section.label,
      count: section.rows.length,
      worst: section.rows.filter((r) => r.band === 4 && r.polarity !== 'no-judgement').length,
      worse: section.rows.filter((r) => r.significance === 'worse').length,
      href: at(1),
      open: isOpen
        ? {
            rows: section.rows.slice((page - 1) * foldedPageRows, page * foldedPageRows),
            first: (page - 1) * foldedPageRows + 1,
            pagination: pagination(page, pages, at),
          }
        : null,
    };
  });
  return { pageRows: foldedPageRows, themes };
}

/** govukPagination's items: every page when there are a few, else the first, last and nearby. */
function pagination(page: number, pages: number, at: (n: number) => string) {
  const shown = [...Array(pages).keys()]
    .map((i) => i + 1)
    .filter((n) => pages <= 9 || n === 1 || n === pages || Math.abs(n - page) <= 2);
  const items = shown.flatMap((n, i) => [
    ...(i > 0 && n - (shown[i - 1] ?? n) > 1 ? [{ ellipsis: true }] : []),
    { number: String(n), href: at(n), current: n === page },
  ]);
  return {
    items,
    previous: page > 1 ? { href: at(page - 1) } : null,
    next: page < pages ? { href: at(page + 1) } : null,
  };
}

function sortedQuery(groupOnly: string, sort: ProfileSort): string {
  if (sort === 'theme') return groupOnly;
  return `${groupOnly ? `${groupOnly}&` : '?'}sort=${sort}`;
}

export type ProfileView = ReturnType<typeof profileView>;

/** The page's profile as a download: its title, group, order, summary and rows, as shown. */
export function profileDownload(view: ProfileView, url: string): ProfileDownload {
  return {
    title: view.title,
    group: view.group.standalone,
    groupWhy: view.group.why,
    sort: `Rows in ${sortLabels[view.sort]}, headline measures first`,
    summary: view.summary.sentence,
    url,
    rows: view.rows,
  };
}
