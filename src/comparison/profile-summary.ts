import type { AreaType } from '../db/vocabulary.ts';
import { findModel } from '../groups/models.ts';
import type { ProfileRow } from './profile.presenter.ts';

/** A measure named in the summary, linked to its page. */
export interface SummaryLink {
  title: string;
  href: string;
  detail: string;
}

function link(row: ProfileRow, detail: string): SummaryLink {
  return { title: row.title, href: row.href, detail };
}

function measures(n: number): string {
  return n === 1 ? '1 measure' : `${n} measures`;
}

/** "4 are", "1 is": a count as the subject of a sentence. */
function are(n: number): string {
  return n === 1 ? '1 is' : `${n} are`;
}

/**
 * The profile at a glance: where the council is worst and best in its group, what worsened and
 * improved since the previous figure, and what is significantly worse or better than England.
 * Only measures with a judgement (higher or lower is better) count: a population is neither.
 */
export function summariseProfile(rows: readonly ProfileRow[], areaName: string) {
  const figured = rows.filter((r) => r.noFigure === null);
  const judged = figured.filter((r) => r.polarity !== 'no-judgement');
  const rankDetail = (r: ProfileRow) => `${r.standing}, ${r.value} (${r.period})`;
  const worst = judged.filter((r) => r.band === 4).map((r) => link(r, rankDetail(r)));
  const best = judged.filter((r) => r.band === 1).map((r) => link(r, rankDetail(r)));
  const worsened = judged.filter((r) => r.direction === 'worsened').map((r) => link(r, r.change));
  const improved = judged.filter((r) => r.direction === 'improved').map((r) => link(r, r.change));
  const worse = judged.filter((r) => r.significance === 'worse').map((r) => link(r, r.england));
  const better = judged.filter((r) => r.significance === 'better').map((r) => link(r, r.england));
  const missing = rows.length - figured.length;
  const sentence =
    `Of the ${measures(figured.length)} with a figure for ${areaName}, ` +
    `${are(worst.length)} in the worst quarter of the group and ${best.length} in the best; ` +
    `${worsened.length} got worse since the previous figure and ${improved.length} got better; ` +
    `${are(worse.length)} significantly worse than England and ${better.length} significantly better.` +
    (missing > 0
      ? ` ${measures(missing)} ${missing === 1 ? 'has' : 'have'} no figure, each with the reason.`
      : '');
  return { sentence, worst, best, worsened, improved, worse, better, missing };
}

export interface ProfileGroup {
  id: string;
  label: string;
  kind: string;
  size: number;
}

const tierTypes: Record<string, string> = {
  'openlg-upper-tier':
    'councils that run upper-tier services such as social care and children’s services: county councils, unitary authorities, metropolitan districts, London boroughs and the two sui generis councils',
  'openlg-lower-tier':
    'councils that run lower-tier services such as housing, planning and waste collection: district councils, unitary authorities, metropolitan districts, London boroughs and the two sui generis councils',
};

/** What decides each nearest-neighbour model's councils: the services they run. */
export const tierServices: Record<string, string> = {
  'openlg-upper-tier': 'councils running social care and education',
  'openlg-lower-tier': 'councils running housing, planning and waste',
};

/** Why a council of a type that is not in a model's name is among its councils. */
const whyAmong: Partial<Record<AreaType, Record<string, string>>> = {
  'metropolitan-district': {
    'openlg-upper-tier':
      'A metropolitan district runs social care, children’s services and education itself, as a county or unitary council does, so it is compared with every council that runs them.',
    'openlg-lower-tier':
      'A metropolitan district runs housing, planning and waste collection itself, as a district council does, so it is compared with every council that runs them.',
  },
  'london-borough': {
    'openlg-upper-tier':
      'A London borough runs social care, children’s services and education itself, as a county or unitary council does, so it is compared with every council that runs them.',
    'openlg-lower-tier':
      'A London borough runs housing, planning and waste collection itself, as a district council does, so it is compared with every council that runs them.',
  },
};

/**
 * The comparison group in words a reader follows: what it is (the page title and the ranks say
 * "among" it) and why the council is in it. A nearest-neighbour model's own label ("counties and
 * unitaries") would misdescribe a metropolitan district, so the words name every type it takes.
 */
export function describeGroup(group: ProfileGroup, area: { shortName: string; type: AreaType }) {
  const modelId = group.kind === 'nearest-neighbours' ? group.id.split(':')[1] : undefined;
  const model = modelId ? findModel(modelId) : undefined;
  if (!model || !modelId) return { name: group.label, standalone: group.label, why: null };
  const neighbours = group.size - 1;
  const among = tierTypes[modelId] ?? model.description;
  return {
    name: `its ${neighbours} nearest neighbours`,
    standalone: `The ${neighbours} nearest neighbours of ${area.shortName} among ${tierServices[modelId] ?? 'councils'}`,
    why:
      `The ${neighbours} councils most like ${area.shortName} in size, density, deprivation, incomes, jobs, housing costs and qualifications, chosen from ${among}.` +
      (whyAmong[area.type]?.[modelId] ? ` ${whyAmong[area.type]?.[modelId]}` : ''),
  };
}
