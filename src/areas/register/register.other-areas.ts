/**
 * Areas the mySociety list lacks (nations, regions, fire and combined authorities) and the ONS
 * record of changes that adds them and the codes councils used to have.
 */
import type { Nation } from '../../db/vocabulary.ts';
import { addFormerCode } from './register.authorities.ts';
import { type Row, cell, examples, gssCell, plural, yearDate } from './register.cells.ts';
import type { Context } from './register.model.ts';
import {
  CHANGE_TYPES,
  type ChangeType,
  NATIONS,
  NATION_LETTER,
  sourceName,
} from './register.sources.ts';

export function addNations({ tables, problems, register }: Context): void {
  const table = tables.ltla14;
  const found = new Map<Nation, { code: string; name: string }>();
  for (const row of table.rows) {
    const report = problems.reporter(table, row);
    const code = gssCell(row, 'ctrycd', report);
    const name = cell(row, 'ctrynm');
    const nation = NATIONS.get(name);
    if (nation === undefined) report('ctrynm', `"${name}" is not a nation of the UK`);
    if (code === undefined || nation === undefined) continue;
    const known = found.get(nation);
    if (known && known.code !== code) report('ctrycd', `${name} is ${known.code} on other rows`);
    else if (code[0] !== NATION_LETTER[nation])
      report('ctrycd', `"${code}" is not a code for ${name}`);
    else found.set(nation, { code, name });
  }
  const needed = new Set([...register.areas.values()].map((a) => a.nation));
  for (const nation of needed) {
    const entry = found.get(nation);
    if (entry === undefined) {
      problems.add({ file: table.file, message: `no GSS code for the nation "${nation}"` });
      continue;
    }
    register.addArea(
      { ...entry, shortName: entry.name, type: 'nation', nation, validFrom: null, validTo: null },
      sourceName('ltla14'),
    );
  }
}

export function addRegions({ tables, problems, register }: Context): void {
  const table = tables.region24;
  for (const row of table.rows) {
    const report = problems.reporter(table, row);
    const code = gssCell(row, 'region24_code', report);
    if (code === undefined || register.area(code)) continue;
    if (!code.startsWith('E12')) {
      report('region24_code', `"${code}" is not an English region (E12) code`);
      continue;
    }
    const name = cell(row, 'region24_name');
    register.addArea(
      {
        code,
        name,
        shortName: name,
        type: 'region',
        nation: 'england',
        validFrom: null,
        validTo: null,
      },
      sourceName('region24'),
    );
  }
}

export function addFireAuthorities({ tables, problems, register, notes }: Context): void {
  const table = tables.fra24;
  const elsewhere = new Set<string>();
  for (const row of table.rows) {
    const report = problems.reporter(table, row);
    const code = gssCell(row, 'fra24_code', report);
    if (code === undefined || register.area(code)) continue;
    if (!code.startsWith('E31')) {
      elsewhere.add(`${code} ${cell(row, 'fra24_name')}`);
      continue;
    }
    const name = cell(row, 'fra24_name');
    register.addArea(
      {
        code,
        name,
        shortName: name,
        type: 'fire-and-rescue-authority',
        nation: 'england',
        validFrom: null,
        validTo: null,
      },
      sourceName('fra24'),
    );
  }
  const held = [...register.areas.values()].filter((a) => a.type === 'fire-and-rescue-authority');
  notes.push(
    `${table.file}: ${plural(held.length, 'English fire and rescue authority', 'English fire and rescue authorities')} (E31) ` +
      'added as areas, named as the file names them',
  );
  if (elsewhere.size > 0)
    notes.push(
      `${table.file}: ${plural(elsewhere.size, 'fire and rescue authority', 'fire and rescue authorities')} ` +
        `without an E31 code (${examples([...elsewhere])}) neither stored nor linked`,
    );
}

export interface Change {
  row: Row;
  oldCode: string;
  newCode: string | undefined;
  newName: string;
  type: ChangeType;
  year: number;
}

export function readChanges({ tables, problems }: Context): Change[] {
  const table = tables.changes;
  const changes: Change[] = [];
  for (const row of table.rows) {
    const report = problems.reporter(table, row);
    const typeValue = cell(row, 'type');
    const type = CHANGE_TYPES.find((t) => t === typeValue);
    if (type === undefined)
      report('type', `"${typeValue}" is not one of ${CHANGE_TYPES.join(', ')}`);
    const start = cell(row, 'start');
    if (!/^\d{4}$/.test(start)) report('start', `"${start}" is not a year`);
    const oldCode = gssCell(row, 'oldcd', report);
    const newCode = gssCell(row, 'newcd', report, type !== 'termination');
    if (type === undefined || oldCode === undefined || !/^\d{4}$/.test(start)) continue;
    changes.push({ row, oldCode, newCode, newName: cell(row, 'newnm'), type, year: Number(start) });
  }
  return changes;
}

export function isCombinedAuthorityChange(change: Change): change is Change & { newCode: string } {
  return (
    (change.type === 'new_geo' || change.type === 'merger') &&
    change.newCode?.startsWith('E47') === true
  );
}

/** Scotland's "new geographies" were boundary tweaks that gave a council a new code. */
function isCodeChange(change: Change): change is Change & { newCode: string } {
  return (
    change.newCode !== undefined &&
    (change.type === 'new_code' ||
      (change.type === 'new_geo' && !isCombinedAuthorityChange(change)))
  );
}

/**
 * Combined authorities formed after mySociety's snapshot are known only from ONS's change list,
 * and only to the year; the ones they replace are ended at the same date.
 */
export function addCombinedAuthoritiesFromChanges(
  { register, notes, tables }: Context,
  changes: Change[],
) {
  const added: string[] = [];
  for (const change of changes.filter(isCombinedAuthorityChange)) {
    if (register.area(change.newCode)) continue;
    register.addArea(
      {
        code: change.newCode,
        name: change.newName,
        shortName: change.newName,
        type: 'combined-authority',
        nation: 'england',
        validFrom: yearDate(change.year),
        validTo: null,
      },
      sourceName('changes'),
    );
    added.push(`${change.newCode} ${change.newName} ${change.year}`);
  }
  if (added.length > 0)
    notes.push(
      `${tables.changes.file}: ${plural(added.length, 'combined authority', 'combined authorities')} missing from ` +
        `mySociety added (${added.join(', ')}); ONS gives only the year, so they start on 1 January ` +
        'of it and carry ONS’s short name',
    );
  const ended: string[] = [];
  for (const change of changes.filter(isCombinedAuthorityChange)) {
    const old = register.area(change.oldCode);
    if (change.type !== 'merger' || old === undefined || old.validTo !== null) continue;
    register.update({ ...old, validTo: yearDate(change.year) });
    ended.push(`${old.code} ${old.shortName}`);
  }
  if (ended.length > 0)
    notes.push(
      `${tables.changes.file}: ${plural(ended.length, 'combined authority', 'combined authorities')} with no ` +
        `end-date in mySociety but merged away according to ONS (${ended.join(', ')}) end on 1 January ` +
        'of the year of the merger',
    );
}

/**
 * A council that only changed its code stays one area: its other code becomes an identifier
 * (even when it is the newer code, as for Barnsley and Sheffield in 2025, which every lookup here
 * still predates).
 */
export function addCodeChanges(
  { register, problems, tables, notes }: Context,
  changes: Change[],
): void {
  const newer: string[] = [];
  let known = 0;
  for (const change of changes.filter(isCodeChange)) {
    const report = (message: string) =>
      problems.reporter(tables.changes, change.row)('newcd', message);
    const oldArea = register.resolve(change.oldCode);
    const newArea = register.resolve(change.newCode);
    if (oldArea !== undefined && oldArea === newArea) known++;
    else if (oldArea !== undefined && newArea === undefined) {
      addFormerCode(register, change.newCode, oldArea, report);
      newer.push(`${change.newCode} for ${oldArea} ${register.area(oldArea)?.shortName ?? ''}`);
    } else if (newArea !== undefined && oldArea === undefined)
      addFormerCode(register, change.oldCode, newArea, report);
    else if (oldArea !== undefined && newArea !== undefined)
      register.addSuccession({
        predecessorCode: oldArea,
        successorCode: newArea,
        effectiveDate: register.area(oldArea)?.validTo ?? yearDate(change.year),
        kind: 'code-change',
      });
    else report(`neither ${change.oldCode} nor ${change.newCode} is an area in the register`);
  }
  notes.push(
    `${tables.changes.file}: ${plural(known, 'code change')} already recorded by mySociety as former codes`,
  );
  if (newer.length > 0)
    notes.push(
      `${tables.changes.file}: ${plural(newer.length, 'newer code')} (${newer.join('; ')}) stored as ` +
        'former-gss identifiers so that they resolve; mySociety and the lookups still use the old code',
    );
}
