/**
 * The compare page's form, as pure rules: how the typed councils are split and resolved to
 * areas, and which plain-words errors a submission has. The page asks the database for
 * candidates; everything decided from them is here, so it can be tested without one.
 */
import { nameKey } from '../areas/register/register.reader.ts';
import { inSentence, typeLabels } from '../areas/areas.schema.ts';
import type { AreaType } from '../db/vocabulary.ts';

/** The most councils and measures one comparison shows: beyond ten a chart stops being read. */
export const maxCouncils = 10;
export const maxMeasures = 10;

/** A GSS code anywhere in an entry: "E06000001" or "Hartlepool (E06000001)". */
const codeInEntry = /\b([EWSNK]\d{8})\b/i;

export interface Candidate {
  code: string;
  name: string;
  shortName: string;
  type: AreaType;
  validTo: string | null;
}

export type Resolution =
  | { entry: string; kind: 'found'; area: Candidate }
  | { entry: string; kind: 'ambiguous'; candidates: Candidate[] }
  | { entry: string; kind: 'unknown' };

/**
 * The councils typed, one per line or separated by commas or semicolons, in order, each once
 * (ignoring case and punctuation, so "Hartlepool" and "hartlepool." are one entry).
 */
export function splitEntries(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(/[\n\r,;]+/)
    .map((entry) => entry.trim())
    .filter((entry) => {
      const key = codeOf(entry) ?? nameKey(entry);
      if (key === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The GSS code an entry names, upper-cased, or null when it names a council by name. */
export function codeOf(entry: string): string | null {
  return codeInEntry.exec(entry)?.[1]?.toUpperCase() ?? null;
}

/** How a council is written back into the box once resolved: its name and its code. */
export function entryFor(area: Pick<Candidate, 'code' | 'shortName'>): string {
  return `${area.shortName} (${area.code})`;
}

/** A candidate as a radio label names it: enough to tell two Kingstons or two Durhams apart. */
export function describeCandidate(area: Candidate): string {
  const type = inSentence(typeLabels[area.type].singular);
  const former = area.validTo === null ? '' : `, abolished ${area.validTo}`;
  return `${area.shortName} (${type}${former}, ${area.code})`;
}

/**
 * Which council an entry means, from the councils its search found. A council the person picked
 * earlier wins; then the one whose name is exactly what was typed (today's before a former
 * council of the same name); then the only match. Several matches, or guesses, ask which.
 */
export function resolveEntry(
  entry: string,
  candidates: readonly Candidate[],
  picks: ReadonlySet<string>,
  /** The candidates are guesses (a misspelling's nearest names): even one is asked about. */
  confirm = false,
): Resolution {
  const picked = candidates.find((c) => picks.has(c.code));
  if (picked) return { entry, kind: 'found', area: picked };
  if (confirm && candidates.length > 0)
    return { entry, kind: 'ambiguous', candidates: [...candidates] };
  const key = nameKey(entry);
  const exact = candidates.filter((c) => nameKey(c.shortName) === key || nameKey(c.name) === key);
  const current = exact.filter((c) => c.validTo === null);
  const only = current.length === 1 ? current[0] : exact.length === 1 ? exact[0] : undefined;
  if (only) return { entry, kind: 'found', area: only };
  const choices = exact.length > 1 ? exact : candidates;
  const [first] = choices;
  if (choices.length === 1 && first) return { entry, kind: 'found', area: first };
  if (choices.length === 0) return { entry, kind: 'unknown' };
  return { entry, kind: 'ambiguous', candidates: [...choices] };
}

/** Why an entry matched no council, in the words of what was typed: a code or a name. */
function unknownText(entry: string): string {
  const code = codeOf(entry);
  return code
    ? `No council has the code ${code}: check it, or enter the council’s name`
    : `No council is called “${entry}”: check the spelling, or enter its code, such as E06000001`;
}

export interface FormError {
  /** The id of the field the error summary links to. */
  field: string;
  text: string;
}

/**
 * The errors of a submission asking for a comparison, in the order of the fields: what is
 * missing, which names matched nothing, which need choosing, and what is over the limit.
 */
export function formErrors(
  resolutions: readonly Resolution[],
  entries: number,
  measures: { chosen: number; unknown: number },
): FormError[] {
  const errors = councilErrors(resolutions, entries, maxCouncils);
  if (measures.unknown > 0)
    errors.push({
      field: 'metrics',
      text: 'A measure you chose is no longer published: choose the measures again',
    });
  if (measures.chosen === 0)
    errors.push({ field: 'metrics', text: 'Choose at least one measure to compare' });
  if (measures.chosen > maxMeasures)
    errors.push({
      field: 'metrics',
      text: `Choose at most ${maxMeasures} measures: there are ${measures.chosen}`,
    });
  return errors;
}

/**
 * The errors of the councils typed in a box (the compare page's, a saved group's): none typed
 * (said as `none`), names that matched nothing, names to choose between, and more than `most`.
 */
export function councilErrors(
  resolutions: readonly Resolution[],
  entries: number,
  most: number,
  none = 'Enter the councils to compare, by name or code',
): FormError[] {
  const errors: FormError[] = [];
  if (entries === 0) errors.push({ field: 'areas', text: none });
  for (const r of resolutions)
    if (r.kind === 'unknown') errors.push({ field: 'areas', text: unknownText(r.entry) });
  resolutions.forEach((r, index) => {
    if (r.kind === 'ambiguous')
      errors.push({ field: `pick${index}`, text: `Choose which council “${r.entry}” means` });
  });
  if (entries > most)
    errors.push({ field: 'areas', text: `Enter at most ${most} councils: there are ${entries}` });
  return errors;
}
