/**
 * The files the register is assembled from, the columns each must have, and the codes they use.
 */
import path from 'node:path';
import type { AreaType, Nation } from '../../db/vocabulary.ts';
import { readCsvFile, type CsvTable } from '../../shared/csv.ts';
import { DataFileError } from '../../shared/errors.ts';
import { plural } from './register.cells.ts';

const DFE_NAME = 'English local authority (LA) name';
export const DFE_NUMBER = 'Get Information about Schools (GIAS) local authority (LA) code';
export const DFE_GSS =
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

export const SOURCES = {
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
export type SourceKey = keyof typeof SOURCES;
export type Tables = Record<SourceKey, CsvTable>;

export const AUTHORITY_TYPES = new Map<string, AreaType>([
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
export const ISLES_OF_SCILLY = 'E06000053';

export const NATIONS = new Map<string, Nation>([
  ['England', 'england'],
  ['Wales', 'wales'],
  ['Scotland', 'scotland'],
  ['Northern Ireland', 'northern-ireland'],
]);
export const NATION_LETTER: Record<Nation, string> = {
  england: 'E',
  wales: 'W',
  scotland: 'S',
  'northern-ireland': 'N',
};

export const CHANGE_TYPES = ['new_geo', 'new_code', 'merger', 'termination'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** The lookup_ltla23_cauth23 file is as at 2023; later ONS changes are newer than it. */
export const CAUTH_LOOKUP_YEAR = 2023;

/** Placeholders the DfE lists use where an authority has no GSS code or no LA number. */
export const DFE_NO_GSS = new Set(['X999999', 'z']);
export const DFE_NO_NUMBER = 'x';

export async function readTables(dataDir: string): Promise<Tables> {
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
export function sourceName(key: SourceKey): string {
  return path.basename(SOURCES[key].file);
}

/** Columns of the wide files that the register has no place for. */
export function unusedColumnNotes(tables: Tables): string[] {
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
