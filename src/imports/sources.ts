import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DataFileError } from '../shared/errors.ts';
import type { ParsedSource } from './import.types.ts';
import { readOnsEls } from './els/els.reader.ts';
import { tabularFlagHelp } from './tabular/tabular.mapping.ts';
import { readTidyCsv, readWideCsv, type MappingInput } from './tabular/tabular.reader.ts';

/** A kind of source openlg can import. */
export interface SourceKind {
  kind: string;
  description: string;
  /** Whether the kind needs a column mapping (a mapping file, flags, or both). */
  mapped: boolean;
  /** Commands as a user would type them, for `openlg import <kind> --help`. */
  examples: readonly string[];
  read(target: string, displayRoot: string, mapping?: MappingInput): Promise<ParsedSource>;
}

function needsMapping(
  kind: string,
  read: (target: string, displayRoot: string, mapping: MappingInput) => Promise<ParsedSource>,
): SourceKind['read'] {
  return (target, displayRoot, mapping) => {
    if (!mapping)
      throw new DataFileError([
        {
          file: path.basename(target),
          message: `${kind} needs a column mapping: --mapping <file.json> or column flags (see openlg help)`,
        },
      ]);
    return read(target, displayRoot, mapping);
  };
}

export const sourceKinds: readonly SourceKind[] = [
  {
    kind: 'ons-els',
    description:
      'ONS Explore Local Statistics tidy CSV with its JSON metadata (a file or a folder)',
    mapped: false,
    examples: [
      'openlg import ons-els ../shared/data/metrics/ons-explore-local-statistics',
      'openlg import ons-els employment-rate.csv --dry-run',
    ],
    read: readOnsEls,
  },
  {
    kind: 'dfe-lait',
    description:
      'DfE Local Authority Interactive Tool: bds_long_0.parquet with lait_data_dictionary.csv beside it (the folder or the parquet file)',
    mapped: false,
    examples: ['openlg import dfe-lait ../shared/data/metrics/dfe-lait'],
    read: async (target, displayRoot) =>
      (await import('./dfe/dfe.reader.ts')).readDfeLait(target, displayRoot),
  },
  {
    kind: 'mhclg-ctr',
    description:
      'MHCLG Council Tax Requirement workbooks (ctr_1516.xlsx …, sheet "Data"): a file or a folder',
    mapped: false,
    examples: ['openlg import mhclg-ctr ../shared/data/metrics/mhclg-council-tax/source_xlsx'],
    // Loaded when used: ExcelJS alone takes longer to load than the rest of the command line.
    read: async (target, displayRoot) =>
      (await import('./ctr/ctr.reader.ts')).readMhclgCtr(target, displayRoot),
  },
  {
    kind: 'tidy-csv',
    description: 'any long CSV: one value per row (or one column per metric), columns mapped',
    mapped: true,
    examples: [
      'openlg import tidy-csv la_imd.csv --mapping catalogue/mappings/mysociety-composite-imd.json',
      'openlg import tidy-csv asc.csv --area-column "LA code" --period-column Year \\\n' +
        '    --metric-column Measure --code ASC1=asc-quality-of-life --code ASC2=asc-satisfaction \\\n' +
        '    --unmapped skip --value-column Value --missing "[c]=suppressed" --dry-run',
    ],
    read: needsMapping('tidy-csv', readTidyCsv),
  },
  {
    kind: 'wide-csv',
    description: 'a CSV with one row per area and one column per period, columns mapped',
    mapped: true,
    examples: [
      'openlg import wide-csv my-figures.csv --area-column "Area code" --metric my-metric \\\n' +
        '    --title "My metric" --polarity higher-is-better --unit % --missing "..=not-available" \\\n' +
        '    --ignore "Area name"',
    ],
    read: needsMapping('wide-csv', readWideCsv),
  },
];

export function findSourceKind(kind: string): SourceKind | undefined {
  return sourceKinds.find((k) => k.kind === kind);
}

/** A help text after its label, wrapped at 100 characters under itself. */
function wrapped(label: string, text: string): string[] {
  const lines = [label];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    const line = lines[last] ?? '';
    if (line.length + word.length > 100 && line.trim() !== label.trim())
      lines.push(`${' '.repeat(label.length)}${word}`);
    else lines[last] = line.endsWith(' ') ? `${line}${word}` : `${line} ${word}`;
  }
  return lines;
}

/** `openlg import <kind> --help`: what the kind reads, its flags, and examples. */
export function importHelp(kind: SourceKind): string {
  const lines = [`Usage: openlg import ${kind.kind} <path> [options]`, '', kind.description, ''];
  if (kind.mapped) {
    lines.push('Column mapping (a JSON mapping file, these flags, or both; flags win):');
    for (const [name, flag] of Object.entries(tabularFlagHelp)) {
      if ('only' in flag && flag.only !== kind.kind) continue;
      lines.push(...wrapped(`  ${`--${name} ${flag.arg}`.padEnd(32)} `, flag.help));
    }
    lines.push('', 'The mapping format, field by field: docs/importing.md', '');
  } else lines.push(`${kind.kind} reads its own columns: it takes no mapping.`, '');
  lines.push(
    'Import options:',
    '  --dry-run                  check and count everything, as a real run would; write nothing',
    '  --skip-invalid             import the valid rows and list every rejected one',
    '  --publish-at <date>        embargo new and changed values until this date and time',
    '  --restricted               keep the values out of every public page, API and download',
    '  --synthetic                generated scale-test data: flagged, titles say (synthetic)',
    '',
    'Examples:',
    ...kind.examples.map((example) => `  ${example}`),
  );
  return lines.join('\n');
}

/** Where the repository keeps its reviewed mapping files. */
export const mappingsDir = path.resolve(import.meta.dirname, '../../catalogue/mappings');

/** Reads a JSON mapping file, naming the file in any error. */
export async function readMappingFile(file: string): Promise<Record<string, unknown>> {
  const name = path.basename(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new DataFileError([{ file: name, message: 'mapping file not found' }]);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
    throw new Error('the mapping must be a JSON object');
  } catch (error) {
    throw new DataFileError([
      { file: name, message: `is not a valid mapping: ${(error as Error).message}` },
    ]);
  }
}

/** The datasets `npm start` loads into an empty database, in order, from the data folder. */
export const demoDatasets: readonly { kind: string; path: string; mapping?: string }[] = [
  { kind: 'ons-els', path: 'metrics/ons-explore-local-statistics' },
  {
    kind: 'tidy-csv',
    path: 'areas/mysociety-uk-local-authorities.csv',
    mapping: 'mysociety-population.json',
  },
  { kind: 'dfe-lait', path: 'metrics/dfe-lait' },
  { kind: 'mhclg-ctr', path: 'metrics/mhclg-council-tax/source_xlsx' },
  {
    kind: 'tidy-csv',
    path: 'metrics/mysociety-composite-imd/la_imd.csv',
    mapping: 'mysociety-composite-imd.json',
  },
];

export async function demoTargets(
  dataDir: string,
): Promise<{ kind: SourceKind; target: string; mapping?: MappingInput }[]> {
  const targets = [];
  for (const dataset of demoDatasets) {
    const kind = findSourceKind(dataset.kind);
    if (!kind) throw new Error(`demo dataset of unknown kind ${dataset.kind}`);
    const mapping = dataset.mapping
      ? {
          name: `catalogue/mappings/${dataset.mapping}`,
          value: await readMappingFile(path.join(mappingsDir, dataset.mapping)),
        }
      : undefined;
    targets.push({
      kind,
      target: path.join(dataDir, dataset.path),
      ...(mapping ? { mapping } : {}),
    });
  }
  return targets;
}
