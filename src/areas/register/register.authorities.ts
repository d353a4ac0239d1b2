/**
 * mySociety's list of authorities, the backbone of the register: every council with its dates,
 * successors, former codes and register code.
 */
import type { AreaType } from '../../db/vocabulary.ts';
import type { CsvTable } from '../../shared/csv.ts';
import {
  type Problems,
  type Report,
  type Row,
  cell,
  dateCell,
  examples,
  gssCell,
  plural,
  splitList,
  GSS,
} from './register.cells.ts';
import type { Authority, Context, Register } from './register.model.ts';
import {
  AUTHORITY_TYPES,
  ISLES_OF_SCILLY,
  NATIONS,
  NATION_LETTER,
  SOURCES,
} from './register.sources.ts';

export function readAuthorities(
  table: CsvTable,
  problems: Problems,
  notes: string[],
): { authorities: Authority[]; withoutGss: Set<string> } {
  const authorities: Authority[] = [];
  const withoutGss: string[] = [];
  const firstRowOf = new Map<string, number>();
  for (const row of table.rows) {
    const report = problems.reporter(table, row);
    const registry = cell(row, 'local-authority-code');
    const seen = firstRowOf.get(registry);
    if (seen !== undefined) report('local-authority-code', `"${registry}" repeats row ${seen}`);
    firstRowOf.set(registry, row.line);
    if (cell(row, 'gss-code') === '' && cell(row, 'end-date') !== '') {
      // Abolished before GSS codes existed (Northern Ireland's districts before 2015).
      withoutGss.push(registry);
      continue;
    }
    const authority = parseAuthority(row, report);
    if (authority) authorities.push(authority);
  }
  const gssRow = new Map<string, number>();
  for (const { row, area } of authorities) {
    const seen = gssRow.get(area.code);
    if (seen !== undefined)
      problems.reporter(table, row)('gss-code', `"${area.code}" repeats row ${seen}`);
    gssRow.set(area.code, row.line);
  }
  if (withoutGss.length > 0)
    notes.push(
      `${table.file}: ${plural(withoutGss.length, 'abolished authority', 'abolished authorities')} ` +
        `without a GSS code not stored (${examples(withoutGss)})`,
    );
  const padded = table.rows.filter((row) =>
    ['official-name', 'nice-name'].some((c) => cell(row, c) !== cell(row, c).trim()),
  ).length;
  if (padded > 0) notes.push(`${table.file}: spaces around ${plural(padded, 'name')} removed`);
  checkReferences(table, authorities, problems);
  return { authorities, withoutGss: new Set(withoutGss) };
}

/** Successors, counties and combined authorities named by register code must be in the list. */
function checkReferences(table: CsvTable, authorities: Authority[], problems: Problems): void {
  const types = new Map(authorities.map((a) => [a.registry, a.area.type]));
  const check = (report: Report, column: string, value: string, allowed?: readonly AreaType[]) => {
    const type = types.get(value);
    if (type === undefined)
      report(column, `"${value}" is not an authority with a GSS code in this file`);
    else if (allowed && !allowed.includes(type)) report(column, `"${value}" is a ${type}`);
  };
  for (const { row, replacedBy, countyLa, combinedAuthority } of authorities) {
    const report = problems.reporter(table, row);
    for (const successor of replacedBy) check(report, 'replaced-by', successor);
    if (countyLa !== '') check(report, 'county-la', countyLa, ['county']);
    if (combinedAuthority !== '')
      check(report, 'combined-authority', combinedAuthority, [
        'combined-authority',
        'strategic-authority',
      ]);
  }
}

function parseAuthority(row: Row, report: Report): Authority | undefined {
  const registry = cell(row, 'local-authority-code');
  if (registry === '') report('local-authority-code', 'is empty');
  const code = gssCell(row, 'gss-code', report);
  const type = authorityType(row, code, report);
  const nation = NATIONS.get(cell(row, 'nation'));
  if (nation === undefined)
    report(
      'nation',
      `"${cell(row, 'nation')}" is not England, Wales, Scotland or Northern Ireland`,
    );
  else if (code !== undefined && code[0] !== NATION_LETTER[nation])
    report('gss-code', `"${code}" is not a code for ${cell(row, 'nation')}`);
  const validFrom = dateCell(row, 'start-date', report);
  const validTo = dateCell(row, 'end-date', report);
  if (validFrom !== null && validTo !== null && validTo < validFrom)
    report('end-date', `${validTo} is before the start-date ${validFrom}`);
  const name = cell(row, 'official-name').trim();
  const shortName = cell(row, 'nice-name').trim();
  if (name === '') report('official-name', 'is empty');
  if (shortName === '') report('nice-name', 'is empty');
  const formerGss = splitList(cell(row, 'former-gss-codes'));
  for (const former of formerGss.filter((c) => !GSS.test(c)))
    report('former-gss-codes', `"${former}" is not a GSS code`);
  const ecode = cell(row, 'ecode');
  if (ecode !== '' && !/^E\d{4}$/.test(ecode))
    report('ecode', `"${ecode}" is not an MHCLG E-code (E and 4 digits)`);
  if (code === undefined || type === undefined || nation === undefined || registry === '')
    return undefined;
  return {
    row,
    registry,
    area: { code, name, shortName, type, nation, validFrom, validTo },
    replacedBy: splitList(cell(row, 'replaced-by')),
    countyLa: cell(row, 'county-la'),
    combinedAuthority: cell(row, 'combined-authority'),
    region: cell(row, 'region'),
    formerGss,
    ecode,
  };
}

function authorityType(row: Row, code: string | undefined, report: Report): AreaType | undefined {
  const typeCode = cell(row, 'local-authority-type');
  const type = AUTHORITY_TYPES.get(typeCode);
  if (type === undefined) {
    report('local-authority-type', `"${typeCode}" is not a known local-authority-type`);
    return undefined;
  }
  return code === ISLES_OF_SCILLY ? 'sui-generis' : type;
}

export function addAuthorityIdentifiers({
  authorities,
  register,
  problems,
  tables,
}: Context): void {
  for (const { row, registry, area, formerGss, ecode } of authorities) {
    const report = problems.reporter(tables.authorities, row);
    register.addIdentifier('mysociety', registry, area.code);
    if (ecode !== '') {
      const other = register.addIdentifier('mhclg-ecode', ecode, area.code);
      if (other) report('ecode', `"${ecode}" is also the E-code of ${other}`);
    }
    for (const former of formerGss.filter((c) => GSS.test(c)))
      addFormerCode(register, former, area.code, (message) => report('former-gss-codes', message));
  }
}

export function addFormerCode(
  register: Register,
  former: string,
  areaCode: string,
  report: (message: string) => void,
): void {
  if (former === areaCode) return;
  if (register.area(former)) {
    report(`"${former}" is the current code of another area, not a former code of ${areaCode}`);
    return;
  }
  const other = register.addIdentifier('former-gss', former, areaCode);
  if (other) report(`"${former}" is already a former code of ${other}`);
}

export function addFormerCodesFromLookup(context: Context): void {
  const { tables, problems, register, notes } = context;
  const table = tables.gssLookup;
  let blank = 0;
  for (const row of table.rows) {
    const report = problems.reporter(table, row);
    const areaCode = registryCode(context, row, report);
    const code = gssCell(row, 'gss-code', report, false);
    if (cell(row, 'gss-code') === '') blank++;
    if (areaCode === undefined || code === undefined) continue;
    addFormerCode(register, code, areaCode, (message) => report('gss-code', message));
  }
  if (blank > 0) notes.push(`${table.file}: ${plural(blank, 'row')} without a GSS code not stored`);
}

/**
 * The GSS code of the authority a lookup's mySociety register code names. An authority that
 * never had a GSS code gives undefined; a code mySociety's list lacks is reported.
 */
export function registryCode(
  { registry, withoutGss }: Context,
  row: Row,
  report: Report,
): string | undefined {
  const value = cell(row, 'local-authority-code');
  const code = registry.get(value);
  if (value === '') report('local-authority-code', 'is empty');
  else if (code === undefined && !withoutGss.has(value))
    report('local-authority-code', `"${value}" is not an authority in ${SOURCES.authorities.file}`);
  return code;
}
