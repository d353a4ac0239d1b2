/**
 * The area register is assembled from mySociety's list of authorities (the backbone: every
 * council with its dates and successors) and ONS lookups (regions, counties, combined and fire
 * authorities, police force areas). Everything is keyed by GSS code; the lookups may use codes an
 * area used to have, so they are resolved through former codes before use.
 */
import type { RegisterData } from './register.types.ts';
import {
  addAuthorityIdentifiers,
  addFormerCodesFromLookup,
  readAuthorities,
} from './register.authorities.ts';
import { Problems } from './register.cells.ts';
import { addDfeNumbers } from './register.dfe.ts';
import { type Context, Register } from './register.model.ts';
import { addNames } from './register.names.ts';
import {
  addCodeChanges,
  addCombinedAuthoritiesFromChanges,
  addFireAuthorities,
  addNations,
  addRegions,
  readChanges,
} from './register.other-areas.ts';
import {
  addCombinedAuthorityParents,
  addDerivedRegionParents,
  addFireAuthorityParents,
  addNationParents,
  addPoliceForceAreaParents,
  addRegionParents,
  addUpperTierParents,
} from './register.parents.ts';
import { readTables, sourceName, unusedColumnNotes } from './register.sources.ts';
import { addSuccessions } from './register.successions.ts';

/** The key every source's spellings of a name are matched by, for search and the importers. */
export { nameKey } from './register.cells.ts';

export async function readRegister(dataDir: string): Promise<RegisterData> {
  const tables = await readTables(dataDir);
  const problems = new Problems();
  const register = new Register();
  const notes: string[] = [];

  const { authorities, withoutGss } = readAuthorities(tables.authorities, problems, notes);
  problems.throwIfAny();
  const registry = new Map(authorities.map((a) => [a.registry, a.area.code]));
  for (const authority of authorities) register.addArea(authority.area, sourceName('authorities'));
  const context: Context = { tables, problems, register, notes, authorities, registry, withoutGss };

  addNations(context);
  addRegions(context);
  addFireAuthorities(context);
  const changes = readChanges(context);
  addCombinedAuthoritiesFromChanges(context, changes);
  addAuthorityIdentifiers(context);
  addFormerCodesFromLookup(context);
  addCodeChanges(context, changes);
  problems.throwIfAny();

  addRegionParents(context);
  addUpperTierParents(context);
  addCombinedAuthorityParents(context, changes);
  addFireAuthorityParents(context);
  addPoliceForceAreaParents(context);
  addDerivedRegionParents(context);
  addNationParents(context);
  addSuccessions(context, changes);
  addDfeNumbers(context);
  addNames(context);
  problems.throwIfAny();

  notes.push(...unusedColumnNotes(tables));
  return register.toData(notes);
}
