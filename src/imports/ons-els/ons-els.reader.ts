import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ValueStatus } from '../../db/vocabulary.ts';
import { parsePeriod, type Period, type PeriodParse } from '../../periods/period.ts';
import { readCsvFile, type CsvTable } from '../../shared/csv.ts';
import { DataFileError, type DataProblem } from '../../shared/errors.ts';
import type { MetricDefinition, ObservationInput, ParsedSource } from '../import.types.ts';
import { onsElsCatalogue } from './ons-els.catalogue.ts';

const columns = [
  'areacd',
  'areanm',
  'geography',
  'indicator',
  'period',
  'observation',
  'measure',
  'unit',
  'lci_95',
  'uci_95',
  'status',
  'notes',
] as const;

/** Enough to show what is wrong with a file without burying the report. */
const maxProblemsPerFile = 100;

const sharedSchema = z.object({
  decimalPlaces: z.number().int().min(0).max(10),
  sourceOrg: z.string().nullish(),
  sourceURL: z.string().nullish(),
  prefix: z.string().nullish(),
  suffix: z.string().nullish(),
});

const detailsSchema = z.object({
  label: z.string().nullish(),
  subtitle: z.string().nullish(),
  longDescription: z.string().nullish(),
  caveats: z.string().nullish(),
});

type Shared = z.infer<typeof sharedSchema>;

interface Metadata {
  shared: Shared;
  /** Single-indicator files put everything at the top level; multi-indicator files use keys. */
  flat: boolean;
  entries: Record<string, unknown>;
}

// ONS qualifies some names with the coverage ("Employment rate (Great Britain)"): the coverage
// belongs in the description, and leaving it out of the slug keeps the slug stable if the
// coverage widens.
const coverageSuffix =
  /\s*\((England|Wales|Great Britain|United Kingdom|UK|England and Wales)\)\s*$/i;

/** Stable slug for an indicator: its name in kebab case, without a coverage suffix. */
export function onsElsSlug(indicator: string): string {
  return indicator
    .replace(coverageSuffix, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function displayName(file: string, displayRoot: string): string {
  return (path.relative(displayRoot, file) || path.basename(file)).split(path.sep).join('/');
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const numberPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A number, null for a blank, or undefined when the text is not a number. The source prints
 * binary floating-point noise ("60.699999999999996"); no statistic here has 12 significant
 * figures, so rounding to 12 restores the figure that was meant.
 */
function parseNumber(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!numberPattern.test(trimmed)) return undefined;
  return Number(Number(trimmed).toPrecision(12));
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function describeCounts(map: Map<string, number>): string {
  return [...map].map(([key, n]) => `${key || '(blank)'} ${n}`).join(', ');
}

const dayMs = 24 * 60 * 60 * 1000;

/** How often the figures come: from the period lengths and, for dates, the gaps between them. */
export function periodicity(periods: Period[]): string | null {
  const durations = new Set(periods.map((p) => p.code.split('/')[1] ?? ''));
  const [duration] = durations;
  if (durations.size !== 1 || duration === undefined) return null;
  const match = /^P(\d+)([YMD])$/.exec(duration);
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = match[2];
  const starts = [...new Set(periods.map((p) => Date.parse(p.startDate)))].sort((a, b) => a - b);
  const gaps = starts.slice(1).map((start, i) => (start - (starts[i] ?? start)) / dayMs);
  const all = (low: number, high: number) => gaps.every((gap) => gap >= low && gap <= high);
  if (unit === 'D' && amount === 1) {
    // Single dates are snapshots (a survey reference date, a count on a day).
    if (gaps.length === 0) return 'single snapshot';
    if (all(350, 380)) return 'annual snapshot';
    if (all(85, 95)) return 'quarterly snapshot';
    if (all(28, 31)) return 'monthly snapshot';
    return 'irregular snapshots';
  }
  if (unit === 'Y') {
    if (amount === 1) return 'annual';
    // Overlapping multi-year periods that move on a year at a time are rolling averages.
    if (gaps.length > 0 && all(365, 366)) return `${amount}-year rolling`;
    return `${amount}-year`;
  }
  if (unit === 'M')
    return amount === 1 ? 'monthly' : amount === 3 ? 'quarterly' : `${amount}-month`;
  return `${amount}-day`;
}

/** Collects one file's problems, keeping the first hundred and counting the rest. */
class ProblemList {
  readonly items: DataProblem[] = [];
  private overflow = 0;

  constructor(private readonly file: string) {}

  add(problem: Omit<DataProblem, 'file'>): void {
    if (this.items.length < maxProblemsPerFile) this.items.push({ ...problem, file: this.file });
    else this.overflow += 1;
  }

  addAll(problems: DataProblem[]): void {
    for (const problem of problems) this.add(problem);
  }

  finish(): DataProblem[] {
    return this.overflow > 0
      ? [...this.items, { file: this.file, message: `... and ${this.overflow} more problems` }]
      : this.items;
  }
}

/**
 * Where the first invalid UTF-8 byte is (row and, from the header, column), since the CSV reader
 * only says that the file as a whole does not decode.
 */
function locateInvalidUtf8(bytes: Buffer): { row?: number; column?: string } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let header: string[] = [];
  let start = 0;
  for (let row = 1; start < bytes.length; row += 1) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    const line = bytes.subarray(start, end);
    try {
      const text = decoder.decode(line);
      if (row === 1)
        header = text
          .replace(/^\uFEFF/, '')
          .split(',')
          .map((h) => h.trim());
    } catch {
      // Count the separators before the bad byte, outside quotes, to name the field.
      let field = 0;
      let quoted = false;
      for (let i = 0; i < line.length; i += 1) {
        const byte = line[i];
        if (byte === undefined || byte >= 0x80) break;
        if (byte === 0x22) quoted = !quoted;
        else if (byte === 0x2c && !quoted) field += 1;
      }
      const column = header[field];
      return column === undefined ? { row } : { row, column };
    }
    start = end + 1;
  }
  return {};
}

async function readMetadata(
  jsonPath: string,
  jsonName: string,
  into: ParsedSource,
): Promise<Metadata | undefined> {
  const problem = (message: string): undefined => {
    into.problems.push({ file: jsonName, message });
    return undefined;
  };
  let bytes: Buffer;
  try {
    bytes = await readFile(jsonPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return problem(
      code === 'ENOENT'
        ? 'metadata file not found (expected beside the CSV)'
        : `cannot read (${code})`,
    );
  }
  into.files.push({ name: jsonName, checksum: sha256(bytes) });
  let json: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    json = JSON.parse(text);
  } catch (error) {
    return problem(
      error instanceof SyntaxError ? `is not valid JSON: ${error.message}` : 'is not valid UTF-8',
    );
  }
  const top = z.object({ 'ess-beta-metadata': z.record(z.string(), z.unknown()) }).safeParse(json);
  if (!top.success) return problem('has no "ess-beta-metadata" object');
  const entries = top.data['ess-beta-metadata'];
  const flat = !('shared' in entries);
  const shared = sharedSchema.safeParse(flat ? entries : entries.shared);
  if (!shared.success) {
    const issue = shared.error.issues[0];
    const where = ['ess-beta-metadata', ...(flat ? [] : ['shared']), ...(issue?.path ?? [])];
    return problem(`${where.join('.')}: ${issue?.message ?? 'is not valid'}`);
  }
  return { shared: shared.data, flat, entries };
}

interface IndicatorSeen {
  name: string;
  firstRow: number;
  unit: string;
  measure: string;
  periods: Map<string, Period>;
}

interface Kept {
  row: number;
  value: number | null;
  lci: number | null;
  uci: number | null;
  status: ValueStatus;
}

function sameFigures(a: Kept, b: Kept): boolean {
  return a.value === b.value && a.lci === b.lci && a.uci === b.uci && a.status === b.status;
}

async function readOne(csvPath: string, displayRoot: string, into: ParsedSource): Promise<void> {
  const file = displayName(csvPath, displayRoot);
  const jsonPath = csvPath.replace(/\.csv$/i, '.json');
  const problems = new ProblemList(file);
  const finish = (): void => {
    into.problems.push(...problems.finish());
  };

  let bytes: Buffer;
  try {
    bytes = await readFile(csvPath);
  } catch (error) {
    problems.add({ message: `cannot read (${(error as NodeJS.ErrnoException).code})` });
    return finish();
  }
  into.files.push({ name: file, checksum: sha256(bytes) });
  const metadata = await readMetadata(jsonPath, displayName(jsonPath, displayRoot), into);

  let table: CsvTable;
  try {
    table = await readCsvFile(csvPath, { required: columns, displayName: file });
  } catch (error) {
    if (!(error instanceof DataFileError)) throw error;
    const invalid = locateInvalidUtf8(bytes);
    problems.addAll(
      error.problems.map((problem) =>
        problem.row === undefined ? { ...problem, ...invalid } : problem,
      ),
    );
    return finish();
  }
  if (table.rows.length === 0) problems.add({ message: 'has a header but no data rows' });

  const indicators = new Map<string, IndicatorSeen>();
  const kept = new Map<string, Kept>();
  const geographies = new Map<string, number>();
  const combined = new Map<string, number>();
  const withheld = new Map<string, number>();
  let identicalDuplicates = 0;
  // A file repeats a few dozen period codes over thousands of rows: parse each once.
  const periodCache = new Map<string, PeriodParse>();

  for (const { line: row, record } of table.rows) {
    const field = (column: (typeof columns)[number]) => record[column] ?? '';
    const name = field('indicator').trim();
    const areacd = field('areacd').trim();
    if (name === '') {
      problems.add({ row, column: 'indicator', message: 'is empty' });
      continue;
    }
    if (areacd === '') {
      problems.add({ row, column: 'areacd', message: 'is empty' });
      continue;
    }
    count(geographies, field('geography'));
    const slug = onsElsSlug(name);
    let seen = indicators.get(slug);
    if (!seen) {
      seen = {
        name,
        firstRow: row,
        unit: field('unit'),
        measure: field('measure'),
        periods: new Map(),
      };
      indicators.set(slug, seen);
    } else if (seen.name !== name) {
      problems.add({
        row,
        column: 'indicator',
        message: `"${name}" has the same slug "${slug}" as "${seen.name}" on row ${seen.firstRow}`,
      });
      continue;
    }
    for (const column of ['unit', 'measure'] as const)
      if (field(column) !== seen[column])
        problems.add({
          row,
          column,
          message: `"${field(column)}" differs from "${seen[column]}" on row ${seen.firstRow} for the same indicator`,
        });

    const periodText = field('period');
    const period = periodCache.get(periodText) ?? parsePeriod(periodText);
    periodCache.set(periodText, period);
    if (!period.ok) {
      problems.add({ row, column: 'period', message: period.reason });
      continue;
    }
    seen.periods.set(period.period.code, period.period);

    const rawStatus = field('status').trim();
    const observation = field('observation');
    const value = parseNumber(observation);
    let status: ValueStatus;
    if (rawStatus === '') {
      if (value === undefined || value === null) {
        problems.add({
          row,
          column: 'observation',
          message: `"${observation}" is not a number and the status does not say why`,
        });
        continue;
      }
      status = 'ok';
    } else if (rawStatus === 'x') {
      // "x": not available. Anything but a figure is accepted as the placeholder.
      if (typeof value === 'number') {
        problems.add({
          row,
          column: 'observation',
          message: `has a value (${observation}) but status "x" (not available)`,
        });
        continue;
      }
      status = 'not-available';
    } else if (rawStatus === 'u') {
      if (value === undefined) {
        problems.add({ row, column: 'observation', message: `"${observation}" is not a number` });
        continue;
      }
      // "u" with no figure: ONS withheld an estimate from too small a sample.
      if (value === null) count(withheld, seen.name);
      status = value === null ? 'suppressed' : 'low-reliability';
    } else if (/^Value for .+ combined$/.test(rawStatus)) {
      if (typeof value !== 'number') {
        problems.add({
          row,
          column: 'observation',
          message: `"${observation}" is not a number (status "${rawStatus}")`,
        });
        continue;
      }
      // openlg has no status for "shared with a neighbour" yet: the value stands, and a note
      // says how many rows carry it.
      count(combined, rawStatus);
      status = 'ok';
    } else {
      problems.add({ row, column: 'status', message: `unknown status "${rawStatus}"` });
      continue;
    }

    const lci = parseNumber(field('lci_95'));
    const uci = parseNumber(field('uci_95'));
    if (lci === undefined || uci === undefined) {
      const column = lci === undefined ? 'lci_95' : 'uci_95';
      problems.add({ row, column, message: `"${field(column)}" is not a number` });
      continue;
    }

    const figures: Kept = { row, value: value ?? null, lci, uci, status };
    const key = `${slug}\u0000${areacd}\u0000${period.period.code}`;
    const earlier = kept.get(key);
    if (earlier) {
      if (sameFigures(earlier, figures)) identicalDuplicates += 1;
      else
        problems.add({
          row,
          column: 'observation',
          message: `conflicts with row ${earlier.row} for the same indicator, area and period ("${name}", ${areacd}, ${period.period.code}): ${figures.value} vs ${earlier.value}`,
        });
      continue;
    }
    kept.set(key, figures);
    const input: ObservationInput = {
      metricSlug: slug,
      area: { scheme: 'gss', value: areacd },
      period: period.period,
      value: figures.value,
      lci,
      uci,
      numerator: null,
      denominator: null,
      status,
      file,
      row,
    };
    into.observations.push(input);
  }

  for (const [slug, seen] of indicators) {
    const at = { row: seen.firstRow, column: 'indicator' };
    const reviewed = onsElsCatalogue[slug];
    if (!reviewed) {
      problems.add({
        ...at,
        message: `"${seen.name}" (slug "${slug}") has no reviewed polarity and theme in src/imports/ons-els/ons-els.catalogue.ts`,
      });
      continue;
    }
    const clash = into.metrics.find((m) => m.slug === slug);
    if (clash) {
      problems.add({ ...at, message: `slug "${slug}" is also defined by another file` });
      continue;
    }
    if (!metadata) continue;
    if (metadata.flat && indicators.size > 1) {
      problems.add({
        ...at,
        message: `the metadata has no entry per indicator, so "${seen.name}" cannot be described`,
      });
      continue;
    }
    const entry = metadata.flat ? metadata.entries : metadata.entries[seen.name];
    const details = detailsSchema.safeParse(entry);
    if (entry === undefined || !details.success) {
      problems.add({ ...at, message: `"${seen.name}" has no valid entry in the metadata file` });
      continue;
    }
    const periods = [...seen.periods.values()];
    const often = periodicity(periods);
    if (often === null)
      into.notes.push(
        `${file}: "${seen.name}" mixes period lengths (${[...new Set(periods.map((p) => p.code.split('/')[1]))].join(', ')}); periodicity left blank`,
      );
    // The label is the better title ("Economic inactivity rate" rather than "Economically
    // inactive"), but without the coverage in brackets, which the description already gives.
    const title = (details.data.label ?? seen.name).replace(coverageSuffix, '');
    const { shared } = metadata;
    const definition: MetricDefinition = {
      slug,
      title,
      subtitle: details.data.subtitle ?? null,
      description: details.data.longDescription ?? null,
      unit: seen.unit || null,
      measure: seen.measure || null,
      decimalPlaces: shared.decimalPlaces,
      polarity: reviewed.polarity,
      theme: reviewed.theme,
      // Joint sources are written "A|B".
      sourceOrganisation: shared.sourceOrg?.split('|').join(', ') ?? null,
      sourceUrl: shared.sourceURL ?? null,
      licence: 'Open Government Licence v3.0',
      caveats: details.data.caveats ?? null,
      periodicity: often,
    };
    into.metrics.push(definition);
    if (seen.unit === '%' && shared.suffix !== '%')
      into.notes.push(
        `${file}: "${seen.name}" has unit "%" in the CSV but the metadata suffix is ${JSON.stringify(shared.suffix ?? null)}; the unit may be wrong`,
      );
  }

  if (metadata && !metadata.flat)
    for (const key of Object.keys(metadata.entries))
      if (key !== 'shared' && !indicators.has(onsElsSlug(key)))
        into.notes.push(`${file}: the metadata describes "${key}", which has no rows`);
  if (geographies.size > 0)
    into.notes.push(`${file}: rows by geography: ${describeCounts(geographies)}`);
  for (const [text, n] of combined)
    into.notes.push(`${file}: ${n} rows with status "${text}" kept with status ok`);
  if (withheld.size > 0)
    into.notes.push(
      `${file}: rows with status "u" and no value, stored as suppressed: ${describeCounts(withheld)}`,
    );
  if (identicalDuplicates > 0)
    into.notes.push(
      `${file}: ${identicalDuplicates} rows repeat an earlier row for the same indicator, area and period with the same figures; kept once`,
    );
  finish();
}

/**
 * Reads one ONS Explore Local Statistics CSV (with its JSON metadata beside it) or a folder of
 * them. Every problem found is collected; file names in messages are relative to displayRoot.
 */
export async function readOnsEls(target: string, displayRoot: string): Promise<ParsedSource> {
  const parsed: ParsedSource = {
    kind: 'ons-els',
    source: displayName(target, displayRoot),
    files: [],
    metrics: [],
    observations: [],
    problems: [],
    notes: [],
  };
  const info = await stat(target).catch(() => undefined);
  if (!info)
    throw new DataFileError([{ file: parsed.source, message: 'file or folder not found' }]);
  const csvFiles = info.isDirectory()
    ? (await readdir(target))
        .filter((name) => name.toLowerCase().endsWith('.csv'))
        .sort()
        .map((name) => path.join(target, name))
    : [target];
  if (csvFiles.length === 0)
    throw new DataFileError([{ file: parsed.source, message: 'holds no .csv files' }]);
  for (const csvPath of csvFiles) {
    if (!csvPath.toLowerCase().endsWith('.csv'))
      parsed.problems.push({
        file: displayName(csvPath, displayRoot),
        message: 'is not a .csv file',
      });
    else await readOne(csvPath, displayRoot, parsed);
  }
  return parsed;
}
