import { profileRows, type ProfileRow } from '../comparison/profile.presenter.ts';
import type { TileReading } from './dashboards.service.ts';

/** One tile as the dashboard shows it: the measure's row for the council, or why none. */
export interface TileView {
  id: number;
  title: string;
  href: string;
  areaName: string;
  groupLabel: string;
  row: ProfileRow | null;
  /** Why the tile has no figure to show, in plain words. */
  missing: string | null;
  first: boolean;
  last: boolean;
}

const missingWords = {
  metric: 'This measure is not published for the council any more, or you may not see it.',
  'area-or-group': 'The council, or the group it was compared with, no longer exists.',
} as const;

/**
 * A dashboard's tiles, in their order: each drawn as the profile draws the measure's row
 * (benchmark tags with their words, change, and the recent figures as a sparkline).
 */
export function presentDashboard(readings: readonly TileReading[]): {
  tiles: TileView[];
  unpublished: boolean;
} {
  const tiles = readings.map((reading, index): TileView => {
    const place = { first: index === 0, last: index === readings.length - 1 };
    const { tile } = reading;
    if ('missing' in reading)
      return {
        id: tile.id,
        title: tile.metricSlug,
        href: `/metrics/${tile.metricSlug}`,
        areaName: tile.areaCode,
        groupLabel: '',
        row: null,
        missing: missingWords[reading.missing],
        ...place,
      };
    const { profile } = reading;
    const query = tile.groupId ? `&group=${encodeURIComponent(tile.groupId)}` : '';
    const [row] = profileRows({ ...profile, metrics: [reading.row] }, query, 'councils', true);
    return {
      id: tile.id,
      title: reading.row.title,
      href: row?.href ?? `/metrics/${tile.metricSlug}`,
      areaName: profile.area.shortName,
      groupLabel: profile.group.label,
      row: row ?? null,
      missing: null,
      ...place,
    };
  });
  return { tiles, unpublished: tiles.some((t) => t.row?.notYetPublic === true) };
}
