/**
 * Reads a compare page submission against the database: which councils the typed names and
 * codes mean, which measures were ticked and which the catalogue search offers, and what is
 * wrong in plain words. The page, the CSV and the workbook all read a submission this way.
 */
import type { Services } from '../app/services.ts';
import { nameKey } from '../areas/register/register.reader.ts';
import { principalCouncilTypes } from '../db/vocabulary.ts';
import type { GroupViewer } from '../saved-groups/saved-groups.service.ts';
import { NotFoundError } from '../shared/errors.ts';
import {
  codeOf,
  describeCandidate,
  entryFor,
  formErrors,
  maxCouncils,
  resolveEntry,
  splitEntries,
  type Candidate,
  type FormError,
  type Resolution,
} from './compare.form.ts';
import type { ComparePageQuery } from './comparison.schema.ts';
import { headlineMetrics } from './headlines.ts';

/** How many measures a catalogue search lists: enough to scan, few enough to tick from. */
const searchLimit = 50;

type Lookup = Pick<Services, 'areas' | 'metrics' | 'groups' | 'search' | 'savedGroups' | 'data'>;

export interface CompareForm {
  /** The councils box as the page shows it again: resolved names with their codes. */
  areasText: string;
  resolutions: Resolution[];
  /** The resolved councils' codes, in the order typed, when every name resolved. */
  codes: string[];
  slugs: string[];
  measureChoices: { value: string; text: string; checked: boolean }[];
  /** How many measures the catalogue search found, or null when nothing was searched. */
  found: number | null;
  q: string;
  errors: FormError[];
  /** Said above the form when a group's members were filled in. */
  notice: string | null;
}

/**
 * The councils an entry may mean: by code, by an exact name (any spelling the register knows),
 * or else the search's ranked matches, typos included. A match that is not exact is never taken
 * on trust unless the name contains what was typed: the person is asked, so a misspelt name
 * cannot silently become another council.
 */
async function candidatesFor(
  lookup: Pick<Lookup, 'areas' | 'search'>,
  entry: string,
): Promise<{ candidates: Candidate[]; confirm: boolean }> {
  const code = codeOf(entry);
  if (code) {
    const areas = await lookup.areas.searchAreas(code, {});
    return { candidates: areas.filter((a) => a.code === code), confirm: false };
  }
  const found = await lookup.search.search(entry, { types: principalCouncilTypes });
  if (found.kind === 'exact') {
    const area = await lookup.areas.getSummary(found.location.replace(/^\/areas\//, ''));
    return { candidates: [area], confirm: false };
  }
  if (found.kind === 'empty') return { candidates: [], confirm: false };
  const candidates = found.areas.map((a) => ({
    code: a.code,
    name: a.name,
    shortName: a.name,
    type: a.type,
    validTo: a.abolished,
  }));
  const key = nameKey(entry);
  const contains = candidates.filter((c) => nameKey(c.shortName).includes(key));
  return contains.length > 0
    ? { candidates: contains, confirm: false }
    : { candidates, confirm: true };
}

/** Which council a typed entry means, or which it might: see candidatesFor and resolveEntry. */
export async function resolveTyped(
  lookup: Pick<Lookup, 'areas' | 'search'>,
  entry: string,
  picks: ReadonlySet<string>,
): Promise<Resolution> {
  const { candidates, confirm } = await candidatesFor(lookup, entry);
  return resolveEntry(entry, candidates, picks, confirm);
}

/** A stored group's members, or a saved group's (`saved:<id>`) if the viewer may see it. */
async function membersOf(lookup: Lookup, id: string, viewer: GroupViewer | null) {
  if (!id.startsWith('saved:')) return lookup.groups.memberCodes(id);
  const saved = await lookup.savedGroups.usable(viewer, id.slice('saved:'.length));
  return { group: { label: saved.name, subject: null }, codes: saved.codes };
}

/** A group's first ten councils, its subject first, as the councils box holds them. */
async function groupEntries(lookup: Lookup, id: string, viewer: GroupViewer | null) {
  try {
    const { group, codes } = await membersOf(lookup, id, viewer);
    const all = [...new Set([...(group.subject ? [group.subject] : []), ...codes])];
    const names = await lookup.areas.namesOf(all);
    const text = all
      .slice(0, maxCouncils)
      .map((code) => entryFor({ code, shortName: names.get(code) ?? code }))
      .join('\n');
    const notice =
      all.length > maxCouncils
        ? `${group.label} has ${all.length} councils: the first ${maxCouncils} are filled in.`
        : `The councils of ${group.label} are filled in.`;
    return { text, notice, error: null };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    const text = 'The group of councils in the link no longer exists: enter the councils';
    return { text: '', notice: null, error: { field: 'areas', text } };
  }
}

async function measureList(
  lookup: Lookup,
  q: string,
  slugs: readonly string[],
  viewer: GroupViewer | null,
) {
  // The measures offered are those the viewer may see: their organisations' lodged ones too.
  const sight = await lookup.data.sightOf(viewer);
  // One lookup for the titles of the chosen measures and of the headlines.
  const wanted = q === '' ? [...slugs, ...headlineMetrics] : slugs;
  const titles = await lookup.metrics.titles(wanted, sight);
  const chosen = slugs.flatMap((slug) => {
    const text = titles.get(slug);
    return text ? [{ value: slug, text, checked: true }] : [];
  });
  let offered: { value: string; text: string }[];
  let found: number | null = null;
  if (q === '') {
    offered = headlineMetrics.flatMap((slug) => {
      const text = titles.get(slug);
      return text ? [{ value: slug, text }] : [];
    });
  } else {
    const result = await lookup.metrics.search({ q, limit: searchLimit, offset: 0 }, sight);
    found = result.total;
    offered = result.metrics.map((m) => ({ value: m.slug, text: m.title }));
  }
  const others = offered
    .filter((m) => !slugs.includes(m.value))
    .map((m) => ({ ...m, checked: false }));
  return { choices: [...chosen, ...others], found, unknown: slugs.length - chosen.length };
}

/**
 * Reads a submission. Errors are judged only when the person asked to compare (or a link gave
 * both councils and measures): a link that fills in councils, or a search of the catalogue, is
 * not a failed comparison.
 */
export async function readCompareForm(
  lookup: Lookup,
  query: ComparePageQuery,
  /** Who is asking: the saved groups a link may fill in are those they may see. */
  viewer: GroupViewer | null = null,
): Promise<CompareForm> {
  const prefill =
    query.group && query.areas === undefined
      ? await groupEntries(lookup, query.group, viewer)
      : null;
  const entries = splitEntries(prefill?.text ?? query.areas ?? '');
  const picks = new Set(
    [
      query.pick0,
      query.pick1,
      query.pick2,
      query.pick3,
      query.pick4,
      query.pick5,
      query.pick6,
      query.pick7,
      query.pick8,
      query.pick9,
    ].flatMap((p) => (p ? [p.toUpperCase()] : [])),
  );
  const slugs = [...new Set(query.metrics ?? [])].filter(Boolean);
  const q = query.q ?? '';
  // Past the limit names are not looked up: the error says how many there are.
  const [measures, ...resolutions] = await Promise.all([
    measureList(lookup, q, slugs, viewer),
    ...entries.slice(0, maxCouncils).map((entry) => resolveTyped(lookup, entry, picks)),
  ]);
  const beyond = entries.slice(maxCouncils);
  const judged =
    query.action === 'compare' ||
    (query.action === undefined && query.areas !== undefined && query.metrics !== undefined);
  const errors = [
    ...(prefill?.error ? [prefill.error] : []),
    ...(judged
      ? formErrors(resolutions, entries.length, {
          chosen: slugs.length,
          unknown: measures.unknown,
        })
      : []),
  ];
  const found = resolutions.flatMap((r) => (r.kind === 'found' ? [r.area.code] : []));
  return {
    areasText: [
      ...resolutions.map((r) => (r.kind === 'found' ? entryFor(r.area) : r.entry)),
      ...beyond,
    ].join('\n'),
    resolutions,
    codes: found.length === entries.length ? found : [],
    slugs,
    measureChoices: measures.choices,
    found: measures.found,
    q,
    errors: dedupe(errors),
    notice: prefill?.notice ?? null,
  };
}

function dedupe(errors: readonly FormError[]): FormError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.text) && seen.add(e.text));
}

/** The radios that ask which council an ambiguous name means, one group per name. */
export function ambiguityQuestions(form: Pick<CompareForm, 'resolutions' | 'errors'>) {
  return form.resolutions.flatMap((r, index) =>
    r.kind === 'ambiguous'
      ? [
          {
            name: `pick${index}`,
            entry: r.entry,
            error: form.errors.find((e) => e.field === `pick${index}`)?.text ?? null,
            items: r.candidates
              .slice(0, 10)
              .map((c) => ({ value: c.code, text: describeCandidate(c) })),
          },
        ]
      : [],
  );
}
