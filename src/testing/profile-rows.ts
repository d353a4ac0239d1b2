import type { Polarity } from '../db/vocabulary.ts';
import type { Profile } from '../comparison/profile.presenter.ts';
import type { Significance } from '../comparison/statistics.ts';
import type { Direction } from '../comparison/trend.ts';

/*
 * Profiles made by hand for the presenter's and the page's unit tests: a metropolitan district
 * (Barnsley) with rows of figures or of reasons for none, as the comparison service builds them.
 */

export type Row = Profile['metrics'][number];

export const profileArea = {
  code: 'E08000016',
  name: 'Barnsley Metropolitan Borough Council',
  shortName: 'Barnsley',
  type: 'metropolitan-district',
  nation: 'england',
  validFrom: null,
  validTo: null,
  parents: {},
} as unknown as Profile['area'];

export interface Figure {
  slug: string;
  title?: string;
  theme?: Row['theme'];
  value: number;
  ci?: [number, number];
  rank?: number;
  band?: 1 | 2 | 3 | 4;
  polarity?: Polarity;
  significance?: Significance;
  direction?: Direction;
}

function base(
  slug: string,
  title: string,
  theme: Row['theme'],
  polarity: Polarity = 'higher-is-better',
) {
  return {
    slug,
    title,
    unit: '%',
    decimalPlaces: 1,
    polarity,
    theme,
    source: 'Office for National Statistics',
    licence: 'Open Government Licence v3.0',
  };
}

export function figure(f: Figure): Row {
  const value = {
    value: f.value,
    lci: f.ci?.[0] ?? null,
    uci: f.ci?.[1] ?? null,
    status: 'ok' as const,
  };
  const rank = f.rank ?? 1;
  return {
    ...base(f.slug, f.title ?? f.slug, f.theme ?? 'economy-and-skills', f.polarity),
    period: { code: '2024-01-01/P1Y', label: '2024' },
    value,
    standing: {
      area: profileArea.code,
      comparable: true,
      value: f.value,
      rank,
      outOf: 16,
      percentile: 0,
      quartileBand: f.band ?? 1,
      differenceFromMedian: 0,
    },
    rankedBy: 'higher-is-better',
    groupMedian: 50,
    compared: 16,
    leftOut: [],
    england: 50,
    significance: f.significance ?? 'not-tested',
    directionOfTravel: f.direction
      ? { from: { code: '2023-01-01/P1Y', label: '2023' }, direction: f.direction, change: -1 }
      : null,
    recentTrend: { trend: 'not-enough-data' },
    recent: [],
  } as unknown as Row;
}

export function noFigure(slug: string, reason: 'not-collected' | 'suppressed'): Row {
  return { ...base(slug, slug, 'economy-and-skills'), period: null, noFigure: reason } as Row;
}

export const profileGroup = {
  id: 'nn:openlg-upper-tier:e08000016',
  label: 'openlg nearest neighbours: counties and unitaries',
  kind: 'nearest-neighbours',
  size: 16,
};

export function profile(metrics: Row[]): Profile {
  return { area: profileArea, group: profileGroup, metrics, unpublished: false };
}
