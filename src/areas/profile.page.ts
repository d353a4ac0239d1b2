import type { AreaType } from '../db/vocabulary.ts';
import {
  presentProfile,
  profileSorts,
  type Profile,
  type ProfileSort,
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
  options: { groupQuery: string; sort: ProfileSort; typePlural: string },
) {
  const group = describeGroup(profile.group, area);
  const shown = presentProfile(profile, {
    query: options.groupQuery,
    sort: options.sort,
    typePlural: options.typePlural,
  });
  const base = `/areas/${area.code}`;
  const groupOnly = options.groupQuery ? `?${options.groupQuery.slice(1)}` : '';
  const withSort = (sort: ProfileSort) =>
    `${base}?${[options.groupQuery.slice(1), sort === 'theme' ? '' : `sort=${sort}`].filter(Boolean).join('&')}`;
  return {
    group: { ...profile.group, ...group },
    title: `${area.shortName} compared with ${group.name}`,
    summary: summariseProfile(shown.rows, area.shortName),
    sort: options.sort,
    sorts: profileSorts.map((sort) => ({
      text: sortLabels[sort],
      href: `${withSort(sort).replace(/\?$/, '')}#measures`,
      current: sort === options.sort,
    })),
    headlines: shown.headlines,
    others: shown.others,
    rows: shown.rows,
    downloads: {
      csv: `${base}.csv${sortedQuery(groupOnly, options.sort)}`,
      xlsx: `${base}.xlsx${sortedQuery(groupOnly, options.sort)}`,
    },
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
