import path from 'node:path';
import type { AreaType, IdentifierScheme, Nation, ParentRelation } from '../../db/vocabulary.ts';
import { readCsvFile, type CsvTable } from '../../shared/csv.ts';
import { DataFileError, formatProblem, type DataProblem } from '../../shared/errors.ts';
import type { RegisterArea, RegisterData } from './register.types.ts';

/*
 * The area register is assembled from mySociety's list of authorities (the backbone: every
 * council with its dates and successors) and ONS lookups (regions, counties, combined and fire
 * authorities, police force areas). Everything is keyed by GSS code; the lookups may use codes an
 * area used to have, so they are resolved through former codes before use.
 */

type Row = CsvTable['rows'][number];
type Report = (column: string, message: string) => void;

const DFE_NAME = 'English local authority (LA) name';
const DFE_NUMBER = 'Get Information about Schools (GIAS) local authority (LA) code';
const DFE_GSS =
  'Office for National Statistics (ONS) local authority (LA) code (also known as Government Statistical Service (GSS) local authority (LA) code on GIAS)';

const AUTHORITY_COLUMNS = [
  'local-authority-code',
  'official-name',
  'nice-name',
  'gss-code',
  'start-date',
  'end-date',
  'replaced-by',
  'nation',
  'region',
  'local-authority-type',
  'county-la',
  'combined-authority',
  'former-gss-codes',
  'ecode',
] as const;

const SOURCES = {
  authorities: {
    file: 'mysociety-uk-local-authorities.csv',
    required: AUTHORITY_COLUMNS,
    allowExtra: true,
  },
  gssLookup: {
    file: 'mysociety-lookup-gss-to-registry.csv',
    required: ['gss-code', 'local-authority-code'],
  },
  nameLookup: {
    file: 'mysociety-lookup-name-to-registry.csv',
    required: ['la-name', 'local-authority-code'],
  },
  changes: {
    file: 'ons-area-changes-2018-2025.csv',
    required: ['oldcd', 'oldnm', 'newcd', 'newnm', 'type', 'start'],
  },
  ltla14: {
    file: 'lookups/ons-ltla14-lookup.csv',
    required: [
      'ltlacd',
      'ltlanm',
      'ctycd',
      'ctynm',
      'mctycd',
      'mctynm',
      'cauthcd',
      'cauthnm',
      'rgncd',
      'rgnnm',
      'ctrycd',
      'ctrynm',
    ],
  },
  cty21: {
    file: 'lookups/ons-lad21-to-cty21.csv',
    required: ['FID', 'LAD21CD', 'LAD21NM', 'CTY21CD', 'CTY21NM'],
  },
  utla23: {
    file: 'lookups/lookup_ltla23_utla23.csv',
    required: ['ltla23_code', 'ltla23_name', 'utla23_code', 'utla23_name'],
  },
  cauth23: {
    file: 'lookups/lookup_ltla23_cauth23.csv',
    required: ['ltla23_name', 'ltla23_code', 'cauth23_name', 'cauth23_code'],
  },
  region24: {
    file: 'lookups/lookup_ltla24_region24.csv',
    required: ['ltla24_name', 'ltla24_code', 'region24_name', 'region24_code'],
  },
  fra24: {
    file: 'lookups/lookup_ltla24_fra24.csv',
    required: ['ltla24_name', 'ltla24_code', 'fra24_name', 'fra24_code'],
  },
  pfa24: {
    file: 'lookups/lookup_ltla24_csp24_pfa24.csv',
    required: [
      'ltla24_code',
      'ltla24_name',
      'csp24_code',
      'csp24_name',
      'pfa24_code',
      'pfa24_name',
    ],
  },
  dfeNumbers: {
    file: 'lookups/dfe-la-number-to-gss.csv',
    required: [DFE_NAME, DFE_NUMBER, DFE_GSS],
  },
  dfeDates: {
    file: 'lookups/dfe-las-with-dates.csv',
    required: ['new_la_code', 'la_name', 'old_la_code'],
    allowExtra: true,
  },
} as const satisfies Record<
  string,
  { file: string; required: readonly string[]; allowExtra?: boolean }
>;
type SourceKey = keyof typeof SOURCES;
type Tables = Record<SourceKey, CsvTable>;

const GSS = /^[EWSNK][0-9]{8}$/;

const AUTHORITY_TYPES = new Map<string, AreaType>([
  ['NMD', 'district'],
  ['MD', 'metropolitan-district'],
  ['LBO', 'london-borough'],
  ['CTY', 'county'],
  ['UA', 'unitary'],
  ['CC', 'sui-generis'],
  ['COMB', 'combined-authority'],
  ['SRA', 'strategic-authority'],
  ['WPA', 'welsh-unitary'],
  ['SCO', 'scottish-unitary'],
  ['NID', 'northern-ireland-district'],
]);
/** A unitary in law, but with powers like no other council: comparing it with unitaries misleads. */
const ISLES_OF_SCILLY = 'E06000053';

const NATIONS = new Map<string, Nation>([
  ['England', 'england'],
  ['Wales', 'wales'],
  ['Scotland', 'scotland'],
  ['Northern Ireland', 'northern-ireland'],
]);
const NATION_LETTER: Record<Nation, string> = {
  england: 'E',
  wales: 'W',
  scotland: 'S',
  'northern-ireland': 'N',
};

const CHANGE_TYPES = ['new_geo', 'new_code', 'merger', 'termination'] as const;
type ChangeType = (typeof CHANGE_TYPES)[number];

/** The lookup_ltla23_cauth23 file is as at 2023; later ONS changes are newer than it. */
const CAUTH_LOOKUP_YEAR = 2023;

/** Placeholders the DfE lists use where an authority has no GSS code or no LA number. */
const DFE_NO_GSS = new Set(['X999999', 'z']);
const DFE_NO_NUMBER = 'x';

/** Bytes of UTF-8 read as Latin-1 somewhere upstream: such a spelling helps nobody match a name. */
const MOJIBAKE = /\uFFFD|[ÂÃï][\u0080-\u00BF]/u;

/**
 * The key under which spellings of a name are matched: case, accents, punctuation and "&" versus
 * "and" vary between sources without changing which council is meant.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['‘’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

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

// ---------------------------------------------------------------------------------------------
// Reading and checking

async function readTables(dataDir: string): Promise<Tables> {
  const keys = Object.keys(SOURCES) as SourceKey[];
  const results = await Promise.allSettled(
    keys.map((key) => {
      const source = SOURCES[key];
      return readCsvFile(path.join(dataDir, 'areas', source.file), {
        ...source,
        displayName: displayName(key),
      });
    }),
  );
  // Reported together, so that one run names every missing file or column.
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  const unexpected = failures.find((e) => !(e instanceof DataFileError));
  if (unexpected !== undefined) throw unexpected;
  if (failures.length > 0)
    throw new DataFileError(failures.flatMap((e) => (e as DataFileError).problems));
  const tables = results.map((r) => (r as PromiseFulfilledResult<CsvTable>).value);
  return Object.fromEntries(keys.map((key, i) => [key, tables[i]])) as Tables;
}

function displayName(key: SourceKey): string {
  return `areas/${SOURCES[key].file}`;
}

/** The name parents record as their source: the file, without the folders a deployment uses. */
function sourceName(key: SourceKey): string {
  return path.basename(SOURCES[key].file);
}

class Problems {
  readonly list: DataProblem[] = [];

  reporter(table: CsvTable, row: Row): Report {
    return (column, message) =>
      this.list.push({ file: table.file, row: row.line, column, message });
  }

  add(problem: DataProblem): void {
    this.list.push(problem);
  }

  throwIfAny(): void {
    if (this.list.length === 0) return;
    // A lookup read for two relations would otherwise report the same bad cell twice.
    const unique = new Map(this.list.map((p) => [formatProblem(p), p]));
    throw new DataFileError([...unique.values()]);
  }
}

function cell(row: Row, column: string): string {
  return row.record[column] ?? '';
}

/** A GSS code from a cell; blank gives undefined, a malformed code is reported. */
function gssCell(row: Row, column: string, report: Report, required = true): string | undefined {
  const value = cell(row, column);
  if (value === '') {
    if (required) report(column, 'is empty: a GSS code is required');
    return undefined;
  }
  if (!GSS.test(value)) {
    report(column, `"${value}" is not a GSS code (a letter E, W, S, N or K and 8 digits)`);
    return undefined;
  }
  return value;
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function dateCell(row: Row, column: string, report: Report): string | null {
  const value = cell(row, column);
  if (value === '') return null;
  if (!isIsoDate(value)) {
    report(column, `"${value}" is not a date (YYYY-MM-DD)`);
    return null;
  }
  return value;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** ONS dates some changes only by year; such dates are stored as 1 January of the year. */
function yearDate(year: number): string {
  return `${year}-01-01`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function examples(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown}, …` : shown;
}

// ---------------------------------------------------------------------------------------------
// The register being assembled

interface Link {
  code: string;
  name: string;
  source: string;
}

class Register {
  readonly areas = new Map<string, RegisterArea>();
  /** The file each area came from, recorded as the source of its nation link. */
  readonly origin = new Map<string, string>();
  private readonly identifiers = new Map<string, string>();
  private readonly names = new Set<string>();
  private readonly parents = new Map<string, Map<ParentRelation, Link>>();
  private readonly successions = new Map<string, RegisterData['successions'][number]>();

  addArea(area: RegisterArea, source: string): void {
    this.areas.set(area.code, area);
    this.origin.set(area.code, source);
  }

  /** Replaces an area's facts, keeping where it came from. */
  update(area: RegisterArea): void {
    this.areas.set(area.code, area);
  }

  area(code: string): RegisterArea | undefined {
    return this.areas.get(code);
  }

  /** The held area a code stands for now: its own, or the area that code has since become. */
  resolve(code: string): string | undefined {
    return this.areas.has(code) ? code : this.identifierOwner('former-gss', code);
  }

  identifierOwner(scheme: IdentifierScheme, identifier: string): string | undefined {
    return this.identifiers.get(`${scheme}\t${identifier}`);
  }

  /** Returns the other area already holding the identifier, if there is one. */
  addIdentifier(
    scheme: IdentifierScheme,
    identifier: string,
    areaCode: string,
  ): string | undefined {
    const owner = this.identifierOwner(scheme, identifier);
    if (owner !== undefined && owner !== areaCode) return owner;
    this.identifiers.set(`${scheme}\t${identifier}`, areaCode);
    return undefined;
  }

  addName(name: string, areaCode: string): void {
    const key = nameKey(name);
    if (key !== '') this.names.add(`${key}\t${areaCode}`);
  }

  parent(areaCode: string, relation: ParentRelation): Link | undefined {
    return this.parents.get(areaCode)?.get(relation);
  }

  setParent(areaCode: string, relation: ParentRelation, link: Link): void {
    const links = this.parents.get(areaCode) ?? new Map<ParentRelation, Link>();
    links.set(relation, link);
    this.parents.set(areaCode, links);
  }

  /** Areas linked to the given parent by the given relation. */
  children(relation: ParentRelation, parentCode: string): string[] {
    return [...this.parents]
      .filter(([, links]) => links.get(relation)?.code === parentCode)
      .map(([code]) => code);
  }

  /** A held parent is named as the register names it, so that one area has one name. */
  parentName(code: string, nameInFile: string): string {
    return this.areas.get(code)?.shortName ?? nameInFile;
  }

  successorsOf(code: string): string[] {
    return [...this.successions.values()]
      .filter((s) => s.predecessorCode === code)
      .map((s) => s.successorCode);
  }

  addSuccession(succession: RegisterData['successions'][number]): void {
    this.successions.set(`${succession.predecessorCode}\t${succession.successorCode}`, succession);
  }

  hasSuccession(predecessorCode: string, successorCode: string): boolean {
    return this.successions.has(`${predecessorCode}\t${successorCode}`);
  }

  toData(notes: string[]): RegisterData {
    const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return {
      areas: [...this.areas.values()].sort((a, b) => byText(a.code, b.code)),
      identifiers: [...this.identifiers]
        .map(([key, areaCode]) => {
          const [scheme, identifier] = key.split('\t') as [IdentifierScheme, string];
          return { scheme, identifier, areaCode };
        })
        .sort((a, b) => byText(a.scheme, b.scheme) || byText(a.identifier, b.identifier)),
      names: [...this.names].sort(byText).map((entry) => {
        const [key, areaCode] = entry.split('\t') as [string, string];
        return { nameKey: key, areaCode };
      }),
      parents: [...this.parents]
        .flatMap(([areaCode, links]) =>
          [...links].map(([relation, link]) => ({
            areaCode,
            relation,
            parentCode: link.code,
            parentName: link.name,
            source: link.source,
          })),
        )
        .sort((a, b) => byText(a.areaCode, b.areaCode) || byText(a.relation, b.relation)),
      successions: [...this.successions.values()].sort(
        (a, b) =>
          byText(a.predecessorCode, b.predecessorCode) || byText(a.successorCode, b.successorCode),
      ),
      boundaries: [],
      notes,
    };
  }
}

interface Authority {
  row: Row;
  registry: string;
  area: RegisterArea;
  replacedBy: string[];
  countyLa: string;
  combinedAuthority: string;
  region: string;
  formerGss: string[];
  ecode: string;
}

interface Context {
  tables: Tables;
  problems: Problems;
  register: Register;
  notes: string[];
  authorities: Authority[];
  /** mySociety register code -> GSS code, for the authorities that have one. */
  registry: Map<string, string>;
  /** mySociety register codes of abolished authorities that never had a GSS code. */
  withoutGss: Set<string>;
}

// ---------------------------------------------------------------------------------------------
// mySociety's authorities

function readAuthorities(
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

function addAuthorityIdentifiers({ authorities, register, problems, tables }: Context): void {
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

function addFormerCode(
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

function addFormerCodesFromLookup(context: Context): void {
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
function registryCode(
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

// ---------------------------------------------------------------------------------------------
// Areas the mySociety list lacks

function addNations({ tables, problems, register }: Context): void {
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

function addRegions({ tables, problems, register }: Context): void {
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

function addFireAuthorities({ tables, problems, register, notes }: Context): void {
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

interface Change {
  row: Row;
  oldCode: string;
  newCode: string | undefined;
  newName: string;
  type: ChangeType;
  year: number;
}

function readChanges({ tables, problems }: Context): Change[] {
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

function isCombinedAuthorityChange(change: Change): change is Change & { newCode: string } {
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
function addCombinedAuthoritiesFromChanges(
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
function addCodeChanges({ register, problems, tables, notes }: Context, changes: Change[]): void {
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

// ---------------------------------------------------------------------------------------------
// Parents

interface LinkRow {
  row: Row;
  child: string;
  parent: string;
  parentName: string;
  /** The column the parent came from, to locate problems with it. */
  column: string;
}

/**
 * Reads child -> parent rows of a lookup. The child must be an area the register holds (through a
 * former code if need be); rows with a blank parent are no link.
 */
function readLinkRows(
  { tables, problems, register }: Context,
  key: SourceKey,
  columns: { child: string; parent: string; parentName: string },
): LinkRow[] {
  const table = tables[key];
  const rows: LinkRow[] = [];
  for (const row of table.rows) {
    const report = problems.reporter(table, row);
    const childCode = gssCell(row, columns.child, report);
    const parent = gssCell(row, columns.parent, report, false);
    if (childCode === undefined || parent === undefined) continue;
    const child = register.resolve(childCode);
    if (child === undefined) {
      report(columns.child, `"${childCode}" is not an area in the register`);
      continue;
    }
    rows.push({
      row,
      child,
      parent,
      parentName: cell(row, columns.parentName),
      column: columns.parent,
    });
  }
  return rows;
}

/** One link per child; a file linking a child to two different parents is contradicting itself. */
function linkMap({ tables, problems, register }: Context, key: SourceKey, rows: LinkRow[]) {
  const links = new Map<string, Link & { line: number }>();
  for (const { row, child, parent, parentName, column } of rows) {
    const seen = links.get(child);
    if (seen && seen.code !== parent) {
      problems.reporter(tables[key], row)(
        column,
        `${child} is linked to ${parent} here but to ${seen.code} on row ${seen.line}`,
      );
      continue;
    }
    const name = register.parentName(parent, parentName);
    links.set(child, { code: parent, name, source: sourceName(key), line: row.line });
  }
  return links;
}

/** Parents that must themselves be held areas of one of the given types. */
function requireHeldParents(
  context: Context,
  key: SourceKey,
  rows: LinkRow[],
  types: readonly AreaType[],
): LinkRow[] {
  return rows.filter(({ row, parent, column }) => {
    const type = context.register.area(parent)?.type;
    if (type !== undefined && types.includes(type)) return true;
    context.problems.reporter(context.tables[key], row)(
      column,
      `"${parent}" is not a ${types.join(' or ')} in the register`,
    );
    return false;
  });
}

function isEnglishBelowRegion(area: RegisterArea): boolean {
  return area.nation === 'england' && area.type !== 'nation' && area.type !== 'region';
}

function addRegionParents(context: Context): void {
  const { register, authorities, problems, tables, notes } = context;
  const region24 = linkMap(
    context,
    'region24',
    readLinkRows(context, 'region24', {
      child: 'ltla24_code',
      parent: 'region24_code',
      parentName: 'region24_name',
    }),
  );
  const ltla14Rows = readLinkRows(context, 'ltla14', {
    child: 'ltlacd',
    parent: 'rgncd',
    parentName: 'rgnnm',
  }).filter((r) => r.parent.startsWith('E12'));
  // The 2014 lookup also places each county, which no later lookup does.
  const countyRows = ltla14Rows.flatMap((r) => {
    const county = cell(r.row, 'ctycd');
    const resolved = county === '' ? undefined : register.resolve(county);
    return resolved === undefined ? [] : [{ ...r, child: resolved }];
  });
  const ltla14 = linkMap(context, 'ltla14', [
    ...requireHeldParents(context, 'ltla14', ltla14Rows, ['region']),
    ...countyRows,
  ]);
  const regionByName = new Map(
    [...register.areas.values()].filter((a) => a.type === 'region').map((a) => [a.name, a.code]),
  );
  const disagreements: string[] = [];
  for (const { row, area, region } of authorities) {
    if (!isEnglishBelowRegion(area)) continue;
    const named = region === '' ? undefined : regionByName.get(region);
    if (region !== '' && named === undefined)
      problems.reporter(tables.authorities, row)('region', `"${region}" is not an English region`);
    const link =
      region24.get(area.code) ??
      ltla14.get(area.code) ??
      (named === undefined
        ? undefined
        : { code: named, name: region, source: sourceName('authorities') });
    if (link === undefined) continue;
    register.setParent(area.code, 'region', {
      code: link.code,
      name: link.name,
      source: link.source,
    });
    if (named !== undefined && named !== link.code)
      disagreements.push(`${area.code} ${area.shortName}: ${region} vs ${link.name}`);
  }
  if (disagreements.length > 0)
    notes.push(
      `${tables.authorities.file}: region column disagrees with the ONS lookups for ` +
        `${plural(disagreements.length, 'area')} (${examples(disagreements)}); ONS kept`,
    );
}

function addUpperTierParents(context: Context): void {
  const { register, authorities, registry, tables, notes } = context;
  const utla23 = linkMap(
    context,
    'utla23',
    requireHeldParents(
      context,
      'utla23',
      readLinkRows(context, 'utla23', {
        child: 'ltla23_code',
        parent: 'utla23_code',
        parentName: 'utla23_name',
      }).filter((r) => r.child !== r.parent),
      ['county'],
    ),
  );
  const cty21Rows = readLinkRows(context, 'cty21', {
    child: 'LAD21CD',
    parent: 'CTY21CD',
    parentName: 'CTY21NM',
  });
  // Metropolitan counties (E11) and Inner/Outer London (E13) are statistical, not councils.
  const notCouncils = cty21Rows.filter((r) => !r.parent.startsWith('E10'));
  const cty21 = linkMap(
    context,
    'cty21',
    requireHeldParents(
      context,
      'cty21',
      cty21Rows.filter((r) => r.parent.startsWith('E10')),
      ['county'],
    ),
  );
  const ltla14 = linkMap(
    context,
    'ltla14',
    requireHeldParents(
      context,
      'ltla14',
      readLinkRows(context, 'ltla14', { child: 'ltlacd', parent: 'ctycd', parentName: 'ctynm' }),
      ['county'],
    ),
  );
  const disagreements: string[] = [];
  for (const { area, countyLa } of authorities) {
    const stated = registry.get(countyLa);
    const link =
      utla23.get(area.code) ??
      cty21.get(area.code) ??
      ltla14.get(area.code) ??
      (stated === undefined
        ? undefined
        : {
            code: stated,
            name: register.parentName(stated, ''),
            source: sourceName('authorities'),
          });
    if (link === undefined) continue;
    register.setParent(area.code, 'upper-tier', {
      code: link.code,
      name: link.name,
      source: link.source,
    });
    if (stated !== undefined && stated !== link.code)
      disagreements.push(
        `${area.code} ${area.shortName}: ${countyLa} vs ${link.code} ${link.name}`,
      );
  }
  notes.push(
    `${tables.cty21.file}: ${plural(notCouncils.length, 'link')} to metropolitan counties (E11) and ` +
      'Inner/Outer London (E13), which have no council, not stored',
  );
  if (disagreements.length > 0)
    notes.push(
      `${tables.authorities.file}: county-la disagrees with the ONS lookups for ` +
        `${plural(disagreements.length, 'district')} (${examples(disagreements)}); ONS kept`,
    );
}

function addCombinedAuthorityParents(context: Context, changes: Change[]): void {
  const { register, authorities, registry, tables, notes } = context;
  const cauth23 = linkMap(
    context,
    'cauth23',
    requireHeldParents(
      context,
      'cauth23',
      readLinkRows(context, 'cauth23', {
        child: 'ltla23_code',
        parent: 'cauth23_code',
        parentName: 'cauth23_name',
      }),
      ['combined-authority'],
    ),
  );
  for (const [child, link] of cauth23) register.setParent(child, 'combined-authority', link);

  const disagreements: string[] = [];
  for (const { area, combinedAuthority } of authorities) {
    const code = registry.get(combinedAuthority);
    if (code === undefined) continue;
    const known = cauth23.get(area.code);
    if (known?.code === code) continue;
    if (known) disagreements.push(`${area.code}: ${combinedAuthority} vs ${known.code}`);
    register.setParent(area.code, 'combined-authority', {
      code,
      name: register.parentName(code, ''),
      source: sourceName('authorities'),
    });
  }
  applyLaterCombinedAuthorityChanges(context, changes);

  const london = authorities.filter(
    (a) =>
      register.area(register.parent(a.area.code, 'combined-authority')?.code ?? '')?.type ===
      'strategic-authority',
  );
  notes.push(
    `${tables.authorities.file}: ${plural(london.length, 'London authority', 'London authorities')} linked to ` +
      'the Greater London Authority (a strategic authority) as their combined authority, as mySociety does',
  );
  if (disagreements.length > 0)
    notes.push(
      `${tables.authorities.file}: combined-authority disagrees with ${tables.cauth23.file} for ` +
        `${plural(disagreements.length, 'area')} (${examples(disagreements)}); mySociety, the later source, kept`,
    );
}

/**
 * ONS changes after the 2023 lookup move members into new combined authorities; a merger of
 * combined authorities moves every member of the old ones.
 */
function applyLaterCombinedAuthorityChanges(context: Context, changes: Change[]): void {
  const { register, tables, notes, problems } = context;
  const membership = changes.filter(isCombinedAuthorityChange);
  const later = membership
    .filter((c) => c.year > CAUTH_LOOKUP_YEAR)
    .sort((a, b) => a.year - b.year);
  const outdated = membership
    .filter((c) => c.year <= CAUTH_LOOKUP_YEAR)
    .filter((c) => {
      const member = register.resolve(c.oldCode);
      return (
        member === undefined || register.parent(member, 'combined-authority')?.code !== c.newCode
      );
    })
    .map((c) => `${c.oldCode} -> ${c.newCode} ${c.year}`);
  const link = (code: string) => ({
    code,
    name: register.parentName(code, ''),
    source: sourceName('changes'),
  });
  for (const change of later) {
    const member = register.resolve(change.oldCode);
    if (member === undefined) {
      problems.reporter(tables.changes, change.row)(
        'oldcd',
        `"${change.oldCode}" is not an area in the register`,
      );
      continue;
    }
    if (change.type === 'new_geo')
      register.setParent(member, 'combined-authority', link(change.newCode));
    else
      for (const child of register.children('combined-authority', member))
        register.setParent(child, 'combined-authority', link(change.newCode));
  }
  notes.push(
    `${tables.changes.file}: ${plural(later.length, 'combined authority change')} after ` +
      `${CAUTH_LOOKUP_YEAR} applied to membership (where ONS lists only a county, its districts ` +
      `get no combined-authority link); ${membership.length - later.length - outdated.length} ` +
      `earlier ones agree with ${tables.cauth23.file}` +
      (outdated.length > 0
        ? `, ${outdated.length} do not and were superseded by it (${examples(outdated)})`
        : ''),
  );
}

/** Counties are in no ONS fire or police lookup; they take their districts' parent if all agree. */
function deriveCountyParents(context: Context, relation: ParentRelation): string[] {
  const { register } = context;
  const mixed: string[] = [];
  for (const county of [...register.areas.values()].filter((a) => a.type === 'county')) {
    const links = register
      .children('upper-tier', county.code)
      .map((child) => register.parent(child, relation))
      .filter((l) => l !== undefined);
    const codes = new Set(links.map((l) => l.code));
    const [first] = links;
    if (codes.size === 1 && first) register.setParent(county.code, relation, first);
    else if (codes.size > 1) mixed.push(`${county.code} ${county.shortName}`);
  }
  return mixed;
}

function addFireAuthorityParents(context: Context): void {
  const { register, tables, notes } = context;
  const rows = readLinkRows(context, 'fra24', {
    child: 'ltla24_code',
    parent: 'fra24_code',
    parentName: 'fra24_name',
  });
  const held = rows.filter((r) => register.area(r.parent)?.type === 'fire-and-rescue-authority');
  for (const [child, link] of linkMap(context, 'fra24', held))
    register.setParent(child, 'fire-and-rescue-authority', link);
  const mixed = deriveCountyParents(context, 'fire-and-rescue-authority');
  notes.push(
    `${tables.fra24.file}: ${plural(rows.length - held.length, 'link')} to fire and rescue authorities ` +
      'without an E31 code not stored; counties take their districts’ authority' +
      (mixed.length > 0 ? ` except where they differ (${mixed.join(', ')})` : ''),
  );
}

function addPoliceForceAreaParents(context: Context): void {
  const { register, tables, notes } = context;
  const rows = readLinkRows(context, 'pfa24', {
    child: 'ltla24_code',
    parent: 'pfa24_code',
    parentName: 'pfa24_name',
  });
  for (const [child, link] of linkMap(context, 'pfa24', rows))
    register.setParent(child, 'police-force-area', link);
  const mixed = deriveCountyParents(context, 'police-force-area');
  const forces = new Set(rows.map((r) => r.parent));
  const partnerships = new Set(rows.map((r) => cell(r.row, 'csp24_code')));
  notes.push(
    `${tables.pfa24.file}: ${plural(forces.size, 'police force area')} kept as parent links only` +
      (mixed.length > 0 ? ` (not for counties that span several: ${mixed.join(', ')})` : '') +
      `; ${plural(partnerships.size, 'community safety partnership')} not stored`,
  );
}

/** The relation through which an area not in mySociety's list has members. */
const MEMBERSHIP: Partial<Record<AreaType, ParentRelation>> = {
  'fire-and-rescue-authority': 'fire-and-rescue-authority',
  'combined-authority': 'combined-authority',
};

/**
 * Fire authorities and the combined authorities added from ONS changes lie in a region when all
 * their members do; the source names both the membership and the region files.
 */
function addDerivedRegionParents({ register, notes }: Context): void {
  const unplaced: string[] = [];
  for (const area of [...register.areas.values()].filter(isEnglishBelowRegion)) {
    if (register.parent(area.code, 'region')) continue;
    const relation = MEMBERSHIP[area.type];
    const members = relation === undefined ? [] : register.children(relation, area.code);
    const [first, ...rest] = members.map((m) => ({
      membership: relation === undefined ? undefined : register.parent(m, relation),
      region: register.parent(m, 'region'),
    }));
    const region = first?.region;
    if (region && first.membership && rest.every((m) => m.region?.code === region.code))
      register.setParent(area.code, 'region', {
        ...region,
        source: `${first.membership.source} + ${region.source}`,
      });
    else unplaced.push(`${area.code} ${area.shortName}`);
  }
  if (unplaced.length > 0)
    notes.push(
      `${plural(unplaced.length, 'English area')} with no single region (${examples(unplaced, 10)}) ` +
        'have no region link',
    );
}

function addNationParents({ register }: Context): void {
  const nations = new Map(
    [...register.areas.values()].filter((a) => a.type === 'nation').map((a) => [a.nation, a]),
  );
  for (const area of register.areas.values()) {
    const nation = nations.get(area.nation);
    if (area.type === 'nation' || nation === undefined) continue;
    register.setParent(area.code, 'nation', {
      code: nation.code,
      name: nation.shortName,
      source: register.origin.get(area.code) ?? '',
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Successions

function addSuccessions(context: Context, changes: Change[]): void {
  const { register, authorities, registry, problems, tables, notes } = context;
  const terminated = new Set(changes.filter((c) => c.type === 'termination').map((c) => c.oldCode));
  for (const { row, area, replacedBy } of authorities) {
    const report = problems.reporter(tables.authorities, row);
    if (replacedBy.length > 0 && area.validTo === null)
      report('end-date', 'is empty, yet replaced-by names a successor');
    for (const successor of replacedBy.map((r) => registry.get(r))) {
      if (successor === undefined || successor === area.code) continue;
      register.addSuccession({
        predecessorCode: area.code,
        successorCode: successor,
        effectiveDate: area.validTo,
        kind: terminated.has(area.code) ? 'abolition' : 'merger',
      });
    }
  }

  const skipped: string[] = [];
  const contradicted: string[] = [];
  for (const change of changes.filter((c) => c.type === 'merger')) {
    const predecessor = register.area(change.oldCode);
    const successor = change.newCode === undefined ? undefined : register.area(change.newCode);
    if (predecessor === undefined || successor === undefined) {
      skipped.push(`${change.oldCode} -> ${change.newCode ?? ''}`);
      continue;
    }
    if (register.hasSuccession(predecessor.code, successor.code)) continue;
    if (register.successorsOf(predecessor.code).length > 0) {
      contradicted.push(`${predecessor.code} -> ${successor.code}`);
      continue;
    }
    register.addSuccession({
      predecessorCode: predecessor.code,
      successorCode: successor.code,
      effectiveDate: predecessor.validTo ?? yearDate(change.year),
      kind: 'merger',
    });
  }
  const unexplained = [...terminated].filter(
    (code) => !register.area(code) || register.successorsOf(code).length === 0,
  );
  if (skipped.length > 0)
    notes.push(
      `${tables.changes.file}: ${plural(skipped.length, 'merger')} between codes the register does not ` +
        `hold skipped (${examples(skipped)})`,
    );
  if (contradicted.length > 0)
    notes.push(
      `${tables.changes.file}: ${plural(contradicted.length, 'merger')} contradicting mySociety's ` +
        `replaced-by skipped (${examples(contradicted)})`,
    );
  if (unexplained.length > 0)
    notes.push(
      `${tables.changes.file}: ${plural(unexplained.length, 'terminated area')} with no successor ` +
        `in mySociety (${examples(unexplained)})`,
    );
}

// ---------------------------------------------------------------------------------------------
// DfE LA numbers

interface DfeClaim {
  number: string;
  areaCode: string;
  key: SourceKey;
  row: Row;
  column: string;
}

function addDfeNumbers(context: Context): void {
  const { register, problems, tables, notes } = context;
  const unresolved = new Set<string>();
  let placeholders = 0;
  const claims: DfeClaim[] = [];
  const claim = (key: SourceKey, row: Row, numberColumn: string, number: string, code: string) => {
    const report = problems.reporter(tables[key], row);
    if (!/^\d{3}$/.test(number)) {
      report(numberColumn, `"${number}" is not a 3-digit DfE LA number`);
      return;
    }
    const areaCode = register.resolve(code);
    if (areaCode === undefined) unresolved.add(code);
    else claims.push({ number, areaCode, key, row, column: numberColumn });
  };

  for (const row of tables.dfeNumbers.rows) {
    const gss = cell(row, DFE_GSS);
    if (DFE_NO_GSS.has(gss)) {
      placeholders++;
      continue;
    }
    const code = gssCell(row, DFE_GSS, problems.reporter(tables.dfeNumbers, row));
    if (code !== undefined) claim('dfeNumbers', row, DFE_NUMBER, cell(row, DFE_NUMBER), code);
  }
  let joint = 0;
  for (const row of tables.dfeDates.rows) {
    const report = problems.reporter(tables.dfeDates, row);
    // Joint entries ("E09000021 / E09000027", "314 / 318") pair their parts in order.
    const codes = cell(row, 'new_la_code').split(' / ');
    const numbers = cell(row, 'old_la_code').split(' / ');
    if (codes.length !== numbers.length) {
      report('old_la_code', `has ${numbers.length} numbers for ${codes.length} codes`);
      continue;
    }
    if (codes.length > 1) joint++;
    codes.forEach((code, i) => {
      const number = numbers[i] ?? '';
      if (DFE_NO_GSS.has(code) || number === DFE_NO_NUMBER) placeholders++;
      else if (!GSS.test(code)) report('new_la_code', `"${code}" is not a GSS code`);
      else claim('dfeDates', row, 'old_la_code', number, code);
    });
  }
  const reused = assignDfeNumbers(context, claims);
  notes.push(
    `${tables.dfeNumbers.file} and ${tables.dfeDates.file}: ${placeholders} entries without a GSS ` +
      `code or LA number and ${plural(unresolved.size, 'GSS code')} of authorities not in the ` +
      `register (${examples([...unresolved].sort())}) not stored; ${plural(joint, 'joint row')} split into their parts`,
  );
  if (reused.length > 0)
    notes.push(
      `${tables.dfeDates.file}: ${plural(reused.length, 'LA number')} passed from an abolished ` +
        `authority to its successor (${reused.join('; ')}) kept for the successor, as ` +
        `${tables.dfeNumbers.file} has it`,
    );
}

/**
 * Each number goes to one area. A number claimed by two areas is a contradiction, unless the
 * current list gives it to one and the other is that one's predecessor (DfE keeps the number
 * when a county becomes a unitary).
 */
function assignDfeNumbers({ register, problems, tables }: Context, claims: DfeClaim[]): string[] {
  const reused: string[] = [];
  const byNumber = new Map<string, DfeClaim[]>();
  for (const c of claims) byNumber.set(c.number, [...(byNumber.get(c.number) ?? []), c]);
  for (const [number, numberClaims] of byNumber) {
    const current = numberClaims.find((c) => c.key === 'dfeNumbers') ?? numberClaims[0];
    if (current === undefined) continue;
    const others = [...new Set(numberClaims.map((c) => c.areaCode))].filter(
      (code) => code !== current.areaCode,
    );
    const contradicting = numberClaims.find(
      (c) => others.includes(c.areaCode) && !isPredecessor(register, c.areaCode, current.areaCode),
    );
    if (contradicting) {
      problems.reporter(tables[contradicting.key], contradicting.row)(
        contradicting.column,
        `LA number ${number} is given to ${contradicting.areaCode} here but to ` +
          `${current.areaCode} in ${tables[current.key].file} row ${current.row.line}`,
      );
      continue;
    }
    const other = register.addIdentifier('dfe-la', number, current.areaCode);
    if (other)
      problems.reporter(tables[current.key], current.row)(
        current.column,
        `LA number ${number} is already the number of ${other}`,
      );
    if (others.length > 0) reused.push(`${number}: ${others.join(', ')} -> ${current.areaCode}`);
  }
  return reused;
}

function isPredecessor(register: Register, code: string, of: string): boolean {
  const seen = new Set<string>();
  const queue = [code];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (next === of) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    queue.push(...register.successorsOf(next));
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Names

function addNames(context: Context): void {
  const { register, problems, tables, notes } = context;
  for (const area of register.areas.values()) {
    register.addName(area.name, area.code);
    register.addName(area.shortName, area.code);
  }
  const table = tables.nameLookup;
  let withoutGss = 0;
  const garbled: string[] = [];
  for (const row of table.rows) {
    const report = problems.reporter(table, row);
    const name = cell(row, 'la-name');
    const areaCode = registryCode(context, row, report);
    if (areaCode === undefined) {
      if (context.withoutGss.has(cell(row, 'local-authority-code'))) withoutGss++;
      continue;
    }
    if (MOJIBAKE.test(name)) garbled.push(`row ${row.line}`);
    else register.addName(name, areaCode);
  }
  notes.push(
    `${table.file}: ${plural(withoutGss, 'spelling')} of authorities without a GSS code not stored` +
      (garbled.length > 0
        ? `; ${plural(garbled.length, 'mis-encoded spelling')} (${garbled.join(', ')}) skipped`
        : ''),
  );
}

// ---------------------------------------------------------------------------------------------

/** Columns of the wide files that the register has no place for. */
function unusedColumnNotes(tables: Tables): string[] {
  return (['authorities', 'dfeDates'] as const).flatMap((key) => {
    const used = new Set<string>(SOURCES[key].required);
    const unused = tables[key].header.filter((column) => !used.has(column));
    return unused.length === 0
      ? []
      : [
          `${tables[key].file}: ${plural(unused.length, 'column')} not stored (${unused.join(', ')})`,
        ];
  });
}
