import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { Polarity, Theme, ValueStatus } from '../../db/vocabulary.ts';
import { parsePeriod, type Period, type PeriodParse } from '../../periods/period.ts';
import { parseCsvText, type CsvTable } from '../../shared/csv.ts';
import { DataFileError, type DataProblem } from '../../shared/errors.ts';
import type {
  AreaReference,
  MetricDefinition,
  ObservationInput,
  ParsedSource,
} from '../import.types.ts';
import {
  polarityWords,
  regionNumbers,
  topicThemes,
  valueCodes,
  yearNotes,
  yearTypes,
  type YearReading,
} from './dfe.catalogue.ts';

const DATA_FILE = /^bds_long_\d+\.parquet$/;
const DICTIONARY_FILE = 'lait_data_dictionary.csv';

export const parquetColumns = [
  'Short Desc',
  'Data item',
  'Years',
  'LA and Regions',
  'Values',
  'LA Number',
] as const;

const dictionaryColumns = [
  'Topic',
  'Measure',
  'Chart_title',
  'Measure_short',
  'Polarity',
  'y_axis_name',
  'state_funded_flag',
  'Table_status',
  'Description',
  'Last Update',
  'Methodology',
  'Hyperlink(s)',
  'dps',
  'Year_Type',
] as const;

/** One measure as the data dictionary defines it, with the reviewed judgements applied. */
export interface DfeMeasure {
  code: string;
  slug: string;
  /** The dictionary row it came from (the header is row 1). */
  row: number;
  title: string;
  subtitle: string | null;
  description: string | null;
  unit: string | null;
  /** Null when the dictionary says "NA": the values then say how precise they are. */
  decimalPlaces: number | null;
  polarity: Polarity;
  theme: Theme;
  sourceUrl: string | null;
  caveats: string | null;
  yearType: string;
  reading: YearReading;
}

/**
 * Slugs come from the measure's short code (Measure_short, the data's Short Desc), which LAIT
 * keeps while titles are reworded between releases ("LAC" became "CLA"): "dfe-" and the code in
 * kebab case, with %, & and < spelt out so that codes differing only by them stay apart
 * ("%_3&4yr_olds" is dfe-pct-3-and-4yr-olds, "Hosp_Adm_Alc_<18yrs" dfe-hosp-adm-alc-under-18yrs).
 * The prefix keeps them apart from the ONS slugs, which are plain titles.
 */
export function dfeSlug(code: string): string {
  const words = code
    .replace(/%/g, ' pct ')
    .replace(/&/g, ' and ')
    .replace(/</g, ' under ')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `dfe-${words}`;
}

/** The dictionary was saved from Excel with "\r\r\n" line ends; "NA" and "-" mean no text. */
function text(value: string | undefined): string | null {
  const cleaned = (value ?? '').replace(/\r+\n?/g, '\n').trim();
  return cleaned === '' || cleaned === 'NA' || cleaned === '-' ? null : cleaned;
}

/** A title or unit, with the doubled spaces some have ("Children in  reception year"). */
function line(value: string | undefined): string | null {
  return text(value)?.replace(/\s+/g, ' ') ?? null;
}

/**
 * Reads the data dictionary into measures. Its problems stop the import before any row is read:
 * the dictionary decides how every row of a measure reads, so an unreviewed entry cannot be
 * skipped row by row.
 */
export function readDictionary(table: CsvTable): {
  measures: Map<string, DfeMeasure>;
  notes: string[];
} {
  const file = table.file;
  const problems: DataProblem[] = [];
  const byCode = new Map<string, { measure: DfeMeasure; updated: number }[]>();
  // csv-parse counts the lone carriage returns inside multi-line cells as lines, so rows are
  // numbered by record, as a spreadsheet shows them.
  table.rows.forEach(({ record }, index) => {
    const row = index + 2;
    const report = (column: string, message: string) =>
      problems.push({ file, row, column, message });
    const code = (record.Measure_short ?? '').trim();
    if (code === '') return report('Measure_short', 'is empty');
    const topic = record.Topic ?? '';
    const theme = topicThemes[topic];
    if (theme === undefined)
      report('Topic', `"${topic}" has no reviewed theme in src/imports/dfe/dfe.catalogue.ts`);
    const polarity = polarityWords[record.Polarity ?? ''];
    if (polarity === undefined)
      report('Polarity', `"${record.Polarity}" is not High, Low, "-" or NA`);
    const yearType = record.Year_Type ?? '';
    const reading = yearTypes[yearType];
    if (reading === undefined)
      report(
        'Year_Type',
        `"${yearType}" has no reviewed reading in src/imports/dfe/dfe.catalogue.ts`,
      );
    const dps = record.dps ?? '';
    const decimalPlaces = dps === 'NA' ? null : /^\d+$/.test(dps) ? Number(dps) : undefined;
    if (decimalPlaces === undefined || (decimalPlaces !== null && decimalPlaces > 10))
      report('dps', `"${dps}" is not a number of decimal places from 0 to 10, or NA`);
    const stateFunded = record.state_funded_flag ?? '';
    if (stateFunded !== 'State Funded' && stateFunded !== 'NA')
      report('state_funded_flag', `"${stateFunded}" is not "State Funded" or NA`);
    const link = text(record['Hyperlink(s)']);
    if (link !== null && !/^https?:\/\/\S+$/.test(link))
      report('Hyperlink(s)', `"${link.slice(0, 80)}" is not one web address`);
    const title = line(record.Chart_title) ?? line(record.Measure);
    if (title === null) report('Chart_title', 'is empty, and so is Measure');
    if (
      theme === undefined ||
      polarity === undefined ||
      reading === undefined ||
      decimalPlaces === undefined ||
      title === null
    )
      return;
    const measure: DfeMeasure = {
      code,
      slug: dfeSlug(code),
      row,
      title,
      subtitle: line(record.Measure) === title ? null : line(record.Measure),
      description: text(record.Description),
      unit: line(record.y_axis_name),
      decimalPlaces,
      polarity,
      theme,
      sourceUrl: link,
      caveats:
        [
          text(record.Methodology),
          // LAIT shows this note on every table of a measure with the flag.
          stateFunded === 'State Funded' ? 'Data includes only state-funded schools.' : null,
          /discontinued/i.test(record.Table_status ?? '')
            ? 'DfE has discontinued this measure: no new figures will be added.'
            : null,
        ]
          .filter((part) => part !== null)
          .join('\n\n') || null,
      yearType,
      reading,
    };
    // "Last Update" is an Excel date serial, or "New data" for a measure added this release.
    const updated = Number(record['Last Update']);
    byCode.set(code, [
      ...(byCode.get(code) ?? []),
      { measure, updated: Number.isFinite(updated) ? updated : Infinity },
    ]);
  });

  const measures = new Map<string, DfeMeasure>();
  const merged: string[] = [];
  const codeBySlug = new Map<string, string>();
  for (const [code, entries] of byCode) {
    // A measure listed under two topics appears twice; the latest definition is the current one,
    // but the two must agree on what the figures mean.
    const [first, ...others] = entries;
    if (first === undefined) continue;
    let chosen = first;
    for (const other of others) {
      for (const key of ['polarity', 'theme', 'yearType'] as const)
        if (other.measure[key] !== first.measure[key])
          problems.push({
            file,
            row: other.measure.row,
            column: key === 'yearType' ? 'Year_Type' : key === 'theme' ? 'Topic' : 'Polarity',
            message:
              `defines ${code} again with ${key} "${other.measure[key]}", not ` +
              `"${first.measure[key]}" as on row ${first.measure.row}`,
          });
      if (other.updated > chosen.updated) chosen = other;
    }
    if (others.length > 0) merged.push(`${code} (row ${chosen.measure.row})`);
    const clash = codeBySlug.get(chosen.measure.slug);
    if (clash !== undefined)
      problems.push({
        file,
        row: chosen.measure.row,
        column: 'Measure_short',
        message: `"${code}" and "${clash}" both make the slug ${chosen.measure.slug}`,
      });
    codeBySlug.set(chosen.measure.slug, code);
    measures.set(code, chosen.measure);
  }
  if (problems.length > 0) throw new DataFileError(problems);
  const notes =
    merged.length > 0
      ? [
          `${file}: ${merged.length} measures are defined twice (under two topics); the most ` +
            `recently updated definition is used: ${merged.join(', ')}`,
        ]
      : [];
  return { measures, notes };
}

/** A parquet file must have every column the reader uses; extra columns are ignored. */
export function checkParquetColumns(file: string, columns: readonly string[]): void {
  const missing = parquetColumns.filter((column) => !columns.includes(column));
  if (missing.length > 0)
    throw new DataFileError(
      missing.map((column) => ({ file, column, message: 'required column is missing' })),
    );
}

/** What readRows makes of a table's rows, before the metrics are built. */
export interface RowsRead {
  observations: ObservationInput[];
  problems: DataProblem[];
  /** The Data item carried forward for each measure, with the row that gave it. */
  dataItems: Map<string, { text: string; row: number }>;
  /** Measures with any value, and those with any value that is not a whole number. */
  valued: Set<string>;
  fractional: Set<string>;
  /** Per measure, the durations of its periods. */
  durations: Map<string, Set<string>>;
  statuses: Map<ValueStatus, number>;
  notations: Map<string, number>;
  placeholders: Map<string, number>;
  /** Values written with a double's noise digits (16.899999999999999), read to 15 digits. */
  roundedFloats: number;
}

const NUMBER = /^-?\d+(?:\.\d+)?(?:E[-+]?\d+)?$/i;
const knownCodes = Object.keys(valueCodes).join(', ');

/**
 * Checks and converts LAIT rows (objects keyed by column, as hyparquet gives them), numbered
 * from 1. Every row becomes an observation, a problem naming its row and column, or, for the
 * placeholder years, a count in the notes.
 */
export function readRows(
  file: string,
  rows: Iterable<Readonly<Record<string, unknown>>>,
  measures: ReadonlyMap<string, DfeMeasure>,
): RowsRead {
  const read: RowsRead = {
    observations: [],
    problems: [],
    dataItems: new Map(),
    valued: new Set(),
    fractional: new Set(),
    durations: new Map(),
    statuses: new Map(),
    notations: new Map(),
    placeholders: new Map(),
    roundedFloats: 0,
  };
  // A measure has a few years and 170 rows for each: each year is read once per measure.
  const yearsByMeasure = new Map<string, Map<string, YearsRead>>();
  const namesByNumber = new Map<string, { name: string; row: number }>();
  const problem = (row: number, column: string, message: string) => {
    read.problems.push({ file, row, column, message });
  };
  let rowNumber = 0;
  for (const row of rows) {
    rowNumber++;
    const code = row['Short Desc'];
    if (typeof code !== 'string' || code.trim() === '') {
      problem(rowNumber, 'Short Desc', 'is empty');
      continue;
    }
    const measure = measures.get(code);
    if (measure === undefined) {
      problem(rowNumber, 'Short Desc', `"${code}" has no definition in ${DICTIONARY_FILE}`);
      continue;
    }
    // LAIT names a measure only on the rows of its first year: later rows carry it forward.
    const dataItem = row['Data item'];
    if (typeof dataItem === 'string' && dataItem.trim() !== '') {
      const known = read.dataItems.get(code);
      if (known === undefined) read.dataItems.set(code, { text: dataItem.trim(), row: rowNumber });
      else if (known.text !== dataItem.trim()) {
        problem(
          rowNumber,
          'Data item',
          `"${dataItem}" differs from "${known.text}" on row ${known.row}`,
        );
        continue;
      }
    }

    const raw = row.Values;
    if (typeof raw !== 'string' || raw.trim() === '') {
      problem(rowNumber, 'Values', 'is empty');
      continue;
    }
    const written = raw.trim();
    let value: number | null = null;
    let status = valueCodes[written];
    if (status === undefined) {
      if (!NUMBER.test(written)) {
        problem(
          rowNumber,
          'Values',
          `"${written}" is neither a number nor a code openlg knows (${knownCodes})`,
        );
        continue;
      }
      value = Number(written);
      // LAIT builds the file by reading its Excel workbook as text, which writes some figures
      // as all 17 digits of the nearest double (16.899999999999999, 2.2000000000000002): 15
      // significant digits always survive a double, so reading to 15 restores the published
      // figure. Fewer than 16 characters cannot hold more than 15 digits.
      if (written.length > 15) {
        value = Number(value.toPrecision(15));
        if (String(value) !== written) read.roundedFloats++;
      }
      status = 'ok';
    }

    const years = typeof row.Years === 'string' ? row.Years.trim() : '';
    if (years === '') {
      problem(rowNumber, 'Years', 'is empty');
      continue;
    }
    // A year of "0" with no value (CINPermExclusion has one for every area) holds nothing.
    if (years === '0' && value === null) {
      read.placeholders.set(code, (read.placeholders.get(code) ?? 0) + 1);
      continue;
    }
    const measureYears = yearsByMeasure.get(code) ?? new Map<string, YearsRead>();
    yearsByMeasure.set(code, measureYears);
    let yearsRead = measureYears.get(years);
    if (yearsRead === undefined) {
      yearsRead = readYears(years, measure);
      measureYears.set(years, yearsRead);
      if (yearsRead.ok) {
        const durations = read.durations.get(code) ?? new Set<string>();
        read.durations.set(code, durations.add(yearsRead.period.code.split('/')[1] ?? ''));
      }
    }
    if (!yearsRead.ok) {
      problem(rowNumber, 'Years', yearsRead.reason);
      continue;
    }
    if (value !== null) status = yearsRead.status;

    const area = readArea(row, namesByNumber, rowNumber);
    if ('problem' in area) {
      problem(rowNumber, area.column, area.problem);
      continue;
    }

    read.observations.push({
      metricSlug: measure.slug,
      area,
      period: yearsRead.period,
      value,
      lci: null,
      uci: null,
      numerator: null,
      denominator: null,
      status,
      file,
      row: rowNumber,
    });
    read.statuses.set(status, (read.statuses.get(status) ?? 0) + 1);
    read.notations.set(years, (read.notations.get(years) ?? 0) + 1);
    if (value !== null) {
      read.valued.add(code);
      if (!Number.isInteger(value)) read.fractional.add(code);
    }
  }
  return read;
}

/** A measure's Years: the period, and the status a note such as "(prov)" gives its values. */
type YearsRead = { ok: true; period: Period; status: ValueStatus } | { ok: false; reason: string };

/** Reads Years as the measure's Year_Type says. */
function readYears(years: string, measure: DfeMeasure): YearsRead {
  const [, plain = '', note] = /^(.*?)(?:\s*\(([^)]*)\))?$/.exec(years) ?? [];
  let status: ValueStatus = 'ok';
  if (note !== undefined) {
    const noted = yearNotes[note];
    if (noted === undefined)
      return { ok: false, reason: `the note "(${note})" is not one openlg knows` };
    status = noted;
  }
  const reading = measure.reading;
  const refuse = (why: string): YearsRead => ({
    ok: false,
    reason: `"${plain}" ${why} (${measure.code} has Year_Type "${measure.yearType}")`,
  });
  let parse: PeriodParse;
  if (reading.notation === 'snapshot') {
    if (!/^\d{4}$/.test(plain)) return refuse('is not a year');
    parse = parsePeriod(reading.period(Number(plain)));
    if (!parse.ok) return refuse(parse.reason);
  } else {
    parse = parsePeriod(plain, reading.yearPair, reading.years);
    if (!parse.ok) return refuse(`cannot be read: ${parse.reason}`);
    const [start = '', duration = ''] = parse.period.code.split('/');
    if (!/^P\d+Y$/.test(duration) || Number(start.slice(5, 7)) !== reading.startMonth)
      return refuse(`reads as ${parse.period.label}, which is not that kind of year`);
  }
  return { ok: true, period: parse.period, status };
}

/** The row's area, or the problem with its LA Number or name. */
function readArea(
  row: Readonly<Record<string, unknown>>,
  namesByNumber: Map<string, { name: string; row: number }>,
  rowNumber: number,
): AreaReference | { column: string; problem: string } {
  const laNumber = row['LA Number'];
  if (
    typeof laNumber !== 'number' ||
    !Number.isInteger(laNumber) ||
    laNumber < 100 ||
    laNumber > 999
  )
    return {
      column: 'LA Number',
      problem: `${JSON.stringify(laNumber)} is not a 3-digit DfE LA number`,
    };
  const number = String(laNumber);
  const name = typeof row['LA and Regions'] === 'string' ? row['LA and Regions'].trim() : '';
  // One number, one name, all through the file: a row that disagrees was misnumbered.
  const known = namesByNumber.get(number);
  if (known === undefined) namesByNumber.set(number, { name, row: rowNumber });
  else if (known.name !== name)
    return {
      column: 'LA and Regions',
      problem: `"${name}" differs from "${known.name}" on row ${known.row} for LA number ${number}`,
    };
  const region = regionNumbers[number];
  if (region === undefined) return { scheme: 'dfe-la', value: number };
  if (region.name !== name)
    return {
      column: 'LA and Regions',
      problem: `LA number ${number} is ${region.name} in openlg's reviewed list, not "${name}"`,
    };
  return region.area;
}

/** Builds each measure's metric from its dictionary entry and what its rows showed. */
export function buildMetrics(
  measures: ReadonlyMap<string, DfeMeasure>,
  read: RowsRead,
): MetricDefinition[] {
  const metrics: MetricDefinition[] = [];
  for (const measure of measures.values()) {
    const durations = read.durations.get(measure.code);
    if (durations === undefined) continue;
    const spans = [...durations].filter((d) => /^P[2-9]Y$/.test(d)).map((d) => d.slice(1, -1));
    metrics.push({
      slug: measure.slug,
      title: measure.title,
      subtitle: measure.subtitle ?? read.dataItems.get(measure.code)?.text ?? null,
      description: measure.description,
      unit: measure.unit,
      measure: null,
      // LAIT shows a measure with dps "NA" to 1 decimal place; whole numbers need none.
      decimalPlaces: measure.decimalPlaces ?? (read.fractional.has(measure.code) ? 1 : 0),
      polarity: measure.polarity,
      theme: measure.theme,
      sourceOrganisation: 'Department for Education',
      sourceUrl: measure.sourceUrl,
      licence: 'Open Government Licence v3.0',
      caveats: measure.caveats,
      periodicity:
        spans.length > 0
          ? `annual, each over ${spans.join(' or ')} years`
          : measure.reading.periodicity,
    });
  }
  return metrics;
}

function describe(read: RowsRead, measures: ReadonlyMap<string, DfeMeasure>): string[] {
  const count = (map: ReadonlyMap<string, number>) =>
    [...map].map(([key, n]) => `${key} ${n}`).join(', ');
  const notes = [
    `values by status: ${count(read.statuses)}`,
    `Years as written (${read.notations.size} notations): ${count(read.notations)}`,
  ];
  const withDataItem = [...measures.keys()].filter((code) => read.dataItems.has(code)).length;
  notes.push(
    `"Data item" names ${withDataItem} of ${read.durations.size} measures; titles come from the ` +
      `dictionary's Chart_title, subtitles from its Measure`,
  );
  const unstated = [...measures.values()].filter(
    (m) => m.decimalPlaces === null && read.durations.has(m.code),
  );
  const whole = unstated.filter((m) => !read.fractional.has(m.code)).length;
  if (unstated.length > 0)
    notes.push(
      `${unstated.length} measures have dps "NA" in the dictionary: shown to 1 decimal place as ` +
        `LAIT shows them, or none for the ${whole} whose values are all whole numbers`,
    );
  if (read.roundedFloats > 0)
    notes.push(
      `${read.roundedFloats} values are written with a binary double's noise digits (such as ` +
        '16.899999999999999) and are read to 15 significant digits',
    );
  for (const [code, n] of read.placeholders)
    notes.push(`${n} rows of ${code} with Years "0" and no value are placeholders, not stored`);
  const empty = [...read.durations.keys()].filter((code) => !read.valued.has(code));
  if (empty.length > 0)
    notes.push(`${empty.length} measures have no value at all, every row "-": ${empty.join(', ')}`);
  const unused = [...measures.keys()].filter((code) => !read.durations.has(code));
  if (unused.length > 0)
    notes.push(`${unused.length} measures in the dictionary have no rows: ${unused.join(', ')}`);
  return notes;
}

async function readBytes(file: string, name: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataFileError([
      { file: name, message: code === 'ENOENT' ? 'file not found' : `cannot read (${code})` },
    ]);
  }
}

function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DataFileError([{ file, message: 'is not valid UTF-8' }]);
  }
}

/**
 * Reads DfE's Local Authority Interactive Tool data: the long table (bds_long_0.parquet) with
 * its data dictionary beside it. `target` is their folder or the parquet file itself.
 */
export async function readDfeLait(target: string, displayRoot: string): Promise<ParsedSource> {
  const display = (file: string) => path.relative(displayRoot, file) || path.basename(file);
  const source = display(target);
  const info = await stat(target).catch(() => undefined);
  if (!info) throw new DataFileError([{ file: source, message: 'file or folder not found' }]);
  let parquetPath = target;
  if (info.isDirectory()) {
    // Arrow writes a large table as bds_long_0, bds_long_1…; LAIT's fits in one, and a second
    // part read on its own would lose the measure names carried forward from the first.
    const parts = (await readdir(target)).filter((f) => DATA_FILE.test(f)).sort();
    if (parts.length !== 1)
      throw new DataFileError([
        {
          file: source,
          message:
            parts.length === 0
              ? 'holds no bds_long_0.parquet'
              : `holds ${parts.length} parts (${parts.join(', ')}); openlg reads a single one`,
        },
      ]);
    parquetPath = path.join(target, parts[0] ?? '');
  }
  const parquetFile = display(parquetPath);
  const dictionaryPath = path.join(path.dirname(parquetPath), DICTIONARY_FILE);
  const dictionaryFile = display(dictionaryPath);

  const dictionaryBytes = await readBytes(dictionaryPath, dictionaryFile);
  const table = parseCsvText(decodeUtf8(dictionaryBytes, dictionaryFile), {
    required: dictionaryColumns,
    allowExtra: true,
    displayName: dictionaryFile,
  });
  const dictionary = readDictionary(table);

  const bytes = await readBytes(parquetPath, parquetFile);
  // One read serves the checksum and the parse, so the two cannot disagree; the copy gives
  // hyparquet an ArrayBuffer of the file's own rather than a slice of Node's buffer pool.
  const buffer = new Uint8Array(bytes).buffer;
  let rows: Record<string, unknown>[];
  try {
    const metadata = await parquetMetadataAsync(buffer);
    checkParquetColumns(
      parquetFile,
      parquetSchema(metadata).children.map((c) => c.element.name),
    );
    rows = await parquetReadObjects({ file: buffer, metadata, columns: [...parquetColumns] });
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    throw new DataFileError([
      { file: parquetFile, message: `is not a readable parquet file: ${(error as Error).message}` },
    ]);
  }
  const read = readRows(parquetFile, rows, dictionary.measures);
  return {
    kind: 'dfe-lait',
    source,
    files: [
      { name: parquetFile, checksum: createHash('sha256').update(bytes).digest('hex') },
      {
        name: dictionaryFile,
        checksum: createHash('sha256').update(dictionaryBytes).digest('hex'),
      },
    ],
    metrics: buildMetrics(dictionary.measures, read),
    observations: read.observations,
    problems: read.problems,
    notes: [
      ...dictionary.notes,
      ...describe(read, dictionary.measures).map((note) => `${parquetFile}: ${note}`),
    ],
  };
}
