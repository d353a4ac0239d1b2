import type { AreaSummary, AreasService } from '../areas/areas.service.ts';
import { codeOf, describeCandidate, entryFor, resolveEntry } from '../comparison/compare.form.ts';
import { principalCouncilTypes } from '../db/vocabulary.ts';

export type CouncilEntry =
  { ok: true; area: AreaSummary; entry: string } | { ok: false; text: string };

/**
 * The English council a box names, by GSS code or by name, resolved as the compare page
 * resolves its councils (compare.form.ts): today's council of an exact name before a former
 * one, else the only match. Several matches are not guessed between: the person is shown them
 * and asked for the code.
 */
export async function resolveCouncil(areas: AreasService, text: string): Promise<CouncilEntry> {
  const code = codeOf(text);
  const found = (await areas.searchAreas(code ?? text, { types: principalCouncilTypes })).filter(
    (a) => a.nation === 'england' && (code === null || a.code === code),
  );
  const resolved = resolveEntry(text, found, new Set());
  if (resolved.kind === 'found') {
    const area = found.find((a) => a.code === resolved.area.code);
    if (area) return { ok: true, area, entry: entryFor(area) };
  }
  if (resolved.kind === 'ambiguous')
    return {
      ok: false,
      text: `“${text}” could be ${resolved.candidates
        .slice(0, 5)
        .map(describeCandidate)
        .join(', ')}: enter the GSS code of the one you mean`,
    };
  return {
    ok: false,
    text: code
      ? `No English council has the code ${code}: check it, or enter the council’s name`
      : `No English council is called “${text}”: check the spelling, or enter its GSS code, such as E06000001`,
  };
}

/**
 * Declared conflicts, each council found as resolveCouncil finds one: all of them by code, or
 * what is wrong with the first that is not found.
 */
export async function resolveConflicts(
  areas: AreasService,
  lines: readonly { council: string; reason: string }[],
): Promise<
  { ok: true; conflicts: { areaCode: string; reason: string }[] } | { ok: false; text: string }
> {
  const conflicts: { areaCode: string; reason: string }[] = [];
  for (const { council, reason } of lines) {
    const found = await resolveCouncil(areas, council);
    if (!found.ok) return { ok: false, text: `Conflicts: ${found.text}` };
    conflicts.push({ areaCode: found.area.code, reason });
  }
  return { ok: true, conflicts };
}
