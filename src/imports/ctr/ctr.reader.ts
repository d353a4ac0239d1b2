import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { CellValue, Row } from 'exceljs';
import type { ValueStatus } from '../../db/vocabulary.ts';
import { parsePeriod, type Period } from '../../periods/period.ts';
import { DataFileError, type DataProblem } from '../../shared/errors.ts';
import type { AreaReference, ParsedSource } from '../import.types.ts';
import { spreadsheetFigure } from '../published-number.ts';
import { ctrLines, combinedAuthorityParts, ecodeAreas, type CtrLine } from './ctr.catalogue.ts';

/*
 * MHCLG's Council Tax Requirement workbooks, one a year. The "Data" sheet lists the billing
 * authorities, then the precepting authorities, one row each, with two columns per line of the
 * form: the year before and the year of the workbook. Only the workbook's own year is read; the
 * year before is the previous workbook's (which may since have been revised).
 */

const DATA_SHEET = 'Data';
const GSS = /^[EWSNK]\d{8}$/;
const YEAR_PAIR = /^\d{4}-\d{2}$/;

/** A cell as the reader needs it: a number, a text (codes, headers, markers) or nothing. */
export type Cell =
  { kind: 'number'; value: number } | { kind: 'text'; text: string } | { kind: 'blank' };
const blank: Cell = { kind: 'blank' };

export interface SheetRow {
  number: number;
  cells: ReadonlyMap<number, Cell>;
}

function textCell(text: string): Cell {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed === '' ? blank : { kind: 'text', text: collapsed };
}

export function toCell(value: CellValue): Cell {
  if (value === null || value === undefined) return blank;
  // The streaming reader turns a formula's saved error (#DIV/0!, #REF!…) into NaN.
  if (typeof value === 'number')
    return Number.isFinite(value)
      ? { kind: 'number', value: spreadsheetFigure(value) }
      : textCell('#ERROR');
  if (typeof value === 'string') return textCell(value);
  if (typeof value === 'boolean') return textCell(value ? 'TRUE' : 'FALSE');
  if (value instanceof Date) return textCell(value.toISOString());
  if ('richText' in value) return textCell(value.richText.map((part) => part.text).join(''));
  if ('error' in value) return textCell(value.error);
  if ('hyperlink' in value) return textCell(value.text);
  // A formula: the value Excel calculated when the workbook was saved.
  return toCell(value.result);
}

export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function text(row: SheetRow | undefined, column: number | undefined): string {
  const cell = column === undefined ? undefined : row?.cells.get(column);
  return cell === undefined || cell.kind === 'blank'
    ? ''
    : cell.kind === 'text'
      ? cell.text
      : String(cell.value);
}

/** A row's cells; a merged cell's value stands in its first cell only, as the streaming reader reads it. */
function cellsOf(row: Row): Map<number, Cell> {
  const cells = new Map<number, Cell>();
  row.eachCell((cell, column) => {
    if (cell.isMerged && cell.master.address !== cell.address) return;
    const value = toCell(cell.value);
    if (value.kind !== 'blank') cells.set(column, value);
  });
  return cells;
}

/** The sheets' names and the first "Data" sheet's rows (undefined when there is none). */
interface Sheets {
  names: string[];
  rows: SheetRow[] | undefined;
}

/**
 * The streaming reader skips styles and keeps no other sheet, which halves the time and memory
 * of loading whole workbooks.
 */
async function streamSheets(bytes: Buffer): Promise<Sheets> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const names: string[] = [];
  let rows: SheetRow[] | undefined;
  for await (const sheet of reader) {
    const name = 'name' in sheet && typeof sheet.name === 'string' ? sheet.name : '';
    names.push(name);
    const wanted = name === DATA_SHEET && rows === undefined;
    const read: SheetRow[] = [];
    // Every sheet is read through, even unwanted ones: the reader may park a sheet in a temporary
    // file that it deletes as the loop moves on, and a sheet left unread then fails to open.
    for await (const row of sheet) {
      if (!wanted) continue;
      const cells = cellsOf(row);
      if (cells.size > 0) read.push({ number: row.number, cells });
    }
    if (wanted) rows = read;
  }
  return { names, rows };
}

async function loadSheets(bytes: Buffer): Promise<Sheets> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  // ExcelJS types its input as an ArrayBuffer.
  await workbook.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  const sheet = workbook.getWorksheet(DATA_SHEET);
  const rows: SheetRow[] = [];
  sheet?.eachRow((row) => {
    const cells = cellsOf(row);
    if (cells.size > 0) rows.push({ number: row.number, cells });
  });
  return { names: workbook.worksheets.map((w) => w.name), rows: sheet ? rows : undefined };
}

/** The rows of the "Data" sheet. */
export async function readDataSheet(bytes: Buffer, file: string): Promise<SheetRow[]> {
  let sheets: Sheets;
  try {
    sheets = await streamSheets(bytes);
  } catch {
    // The streaming reader fails on a workbook whose shared strings come before its sheets and
    // its workbook part after them, an order the format allows (ExcelJS's own writer sometimes
    // makes it); the whole-workbook reader does not.
    try {
      sheets = await loadSheets(bytes);
    } catch (error) {
      throw new DataFileError([
        { file, message: `is not a readable .xlsx workbook (${(error as Error).message})` },
      ]);
    }
  }
  if (!sheets.rows)
    throw new DataFileError([
      {
        file,
        message:
          `has no sheet "${DATA_SHEET}"; its sheets are ` +
          (sheets.names.length > 0 ? sheets.names.map((n) => `"${n}"`).join(', ') : 'none'),
      },
    ]);
  return sheets.rows;
}

interface LineColumn {
  line: CtrLine;
  /** The column of the workbook's year. */
  column: number;
  /** The column holding the header text, the first of the line's columns. */
  headerColumn: number;
  header: string;
}

export interface Layout {
  headerRow: number;
  yearRow: number;
  ecode: number;
  name: number;
  class: number;
  /** The ONS code column, which the workbooks have from 2020-21. */
  ons: number | undefined;
  year: string;
  period: Period;
  columns: LineColumn[];
}

function findColumn(row: SheetRow, label: RegExp): number | undefined {
  for (const [column, cell] of row.cells)
    if (cell.kind === 'text' && label.test(cell.text)) return column;
  return undefined;
}

/** The columns naming each row, if the row is a header row. */
function namingColumns(row: SheetRow): { ecode: number; name: number; class: number } | undefined {
  const ecode = findColumn(row, /^ecode$/i);
  const name = findColumn(row, /^authority$/i);
  const authorityClass = findColumn(row, /^class$/i);
  return ecode === undefined || name === undefined || authorityClass === undefined
    ? undefined
    : { ecode, name, class: authorityClass };
}

/** "E (1. Council Tax Requirement …)": where a problem is, as a person finds it in Excel. */
export function columnName(column: number, header: string): string {
  return header === '' ? columnLetter(column) : `${columnLetter(column)} (${header})`;
}

/** The year a file name such as ctr_1516.xlsx says it holds, if it says one. */
function fileNameYear(file: string): string | undefined {
  const match = /(\d{2})(\d{2})\.xlsx$/i.exec(path.basename(file));
  const [, from, to] = match ?? [];
  if (from === undefined || to === undefined || (Number(from) + 1) % 100 !== Number(to))
    return undefined;
  return `20${from}-${to}`;
}

/**
 * Finds the header row by its cells (its position changes between years), the year row under it,
 * and the column of each line for the workbook's own year.
 */
export function findLayout(rows: readonly SheetRow[], file: string): Layout {
  const header = rows.find((row) => namingColumns(row) !== undefined);
  const naming = header && namingColumns(header);
  if (!header || !naming)
    throw new DataFileError([
      {
        file,
        message: `sheet "${DATA_SHEET}" has no header row: no row has cells reading "Ecode", "Authority" and "Class"`,
      },
    ]);
  const at = { file, row: header.number };
  const years = rows.find((r) => r.number === header.number + 1);
  const found = [...(years?.cells.values() ?? [])].flatMap((cell) =>
    cell.kind === 'text' && YEAR_PAIR.test(cell.text) ? [cell.text] : [],
  );
  const distinct = [...new Set(found)].sort();
  const year = distinct.at(-1);
  if (!years || year === undefined)
    throw new DataFileError([
      { ...at, message: `the row under the header has no years (such as "2015-16")` },
    ]);
  const start = Number(year.slice(0, 4));
  const previous = `${start - 1}-${String(start % 100).padStart(2, '0')}`;
  if (distinct.some((y) => y !== year && y !== previous))
    throw new DataFileError([
      {
        file,
        row: years.number,
        message: `has the years ${distinct.join(', ')}; expected ${previous} and ${year} only`,
      },
    ]);
  const period = parsePeriod(year);
  if (!period.ok) throw new DataFileError([{ file, row: years.number, message: period.reason }]);
  const named = fileNameYear(file);
  if (named !== undefined && named !== year)
    throw new DataFileError([
      {
        file,
        row: years.number,
        message: `the sheet's latest year is ${year} but the file name says ${named}`,
      },
    ]);

  // The streaming reader leaves a merged header cell's text in its first column only, so a header
  // covers the columns up to the next header; the year under each column picks the workbook's.
  const headed = [...header.cells]
    .filter(([, cell]) => cell.kind === 'text')
    .sort(([a], [b]) => a - b);
  const problems: DataProblem[] = [];
  const columns: LineColumn[] = [];
  for (const line of ctrLines) {
    const matching = headed.flatMap(([column, cell], i) => {
      if (cell.kind !== 'text' || !line.header.test(cell.text)) return [];
      const end = headed[i + 1]?.[0] ?? Math.max(column, ...years.cells.keys()) + 1;
      const span = Array.from({ length: end - column }, (_, k) => column + k);
      const current = span.filter((c) => text(years, c) === year);
      // A line with one column and no year under it is for the workbook's year only.
      const only = span.length === 1 && text(years, column) === '' ? [column] : [];
      return (current.length > 0 ? current : only).map((c) => ({
        line,
        column: c,
        headerColumn: column,
        header: cell.text,
      }));
    });
    const [chosen] = matching;
    if (matching.length === 1 && chosen) columns.push(chosen);
    else
      problems.push({
        ...at,
        message:
          matching.length === 0
            ? `no column for "${line.metric.title}" in ${year}: no header matches ${line.header} with ${year} under it`
            : `${matching.length} columns for "${line.metric.title}" in ${year}: ` +
              matching.map((m) => columnLetter(m.column)).join(', '),
      });
  }
  if (problems.length > 0) throw new DataFileError(problems);
  return {
    ...naming,
    headerRow: header.number,
    yearRow: years.number,
    ons: findColumn(header, /^ons code$/i),
    year,
    period: period.period,
    columns,
  };
}

/**
 * A second header row (2022-23 starts the precepting authorities with one) must keep each line in
 * its column: the precepting rows below it are read with the first header's columns.
 */
function checkPrecepterHeader(row: SheetRow, layout: Layout, file: string): DataProblem[] {
  return layout.columns.flatMap(({ line, headerColumn, header }) => {
    const said = text(row, headerColumn);
    const fits = line.precepterHeader ? line.precepterHeader.test(said) : said === '';
    if (fits) return [];
    return [
      {
        file,
        row: row.number,
        column: columnName(headerColumn, said),
        message: line.precepterHeader
          ? `should head "${line.metric.title}" for the precepting authorities, as "${header}" does above`
          : `should be blank: the precepting authorities have no "${line.metric.title}", and the column holds "${header}" above`,
      },
    ];
  });
}

type Figure = { value: number; status: 'ok' } | { value: null; status: ValueStatus };

/** The markers the workbooks use for a missing figure, and what each means. */
const markers: Readonly<Record<string, ValueStatus>> = {
  // MHCLG writes "-" where a line does not apply to the authority: precepting authorities have no
  // parish precepts and no area bill, the GLA's precept has two tax bases rather than one, and a
  // new council still charging its predecessors' different amounts has no single Band D.
  '-': 'not-applicable',
  // The Government Statistical Service's symbol for a figure that is not available.
  '..': 'not-available',
  // An empty cell among figures gives none and says nothing about why.
  '': 'not-available',
};

/** One cell's figure, or what is wrong with it. */
export function figure(cell: Cell): Figure | string {
  if (cell.kind === 'number') return { value: cell.value, status: 'ok' };
  const marker = cell.kind === 'blank' ? '' : cell.text;
  const status = markers[marker];
  if (status !== undefined) return { value: null, status };
  // Some years store figures as text; the digits are the figure all the same.
  if (/^-?\d+(\.\d+)?$/.test(marker)) return { value: Number(marker), status: 'ok' };
  return `"${marker}" is neither a number nor a marker the workbooks use ("-" not applicable, ".." not available)`;
}

interface Tally {
  rows: number;
  withoutCode: string[];
  withoutClass: string[];
  withoutFigures: string[];
  notInRegister: string[];
  blanks: string[];
  noBandD: string[];
  revised: number;
  textFigures: number;
  sheetNotes: Set<string>;
}

/** Where a row's figures belong, or why they are not stored. */
type Placement =
  | { area: AreaReference }
  | { skip: keyof Pick<Tally, 'withoutClass' | 'notInRegister'>; label: string }
  | { problem: DataProblem };

function place(row: SheetRow, layout: Layout, file: string, parent: string | undefined): Placement {
  const code = text(row, layout.ecode);
  const name = text(row, layout.name);
  const authorityClass = text(row, layout.class);
  const at = { file, row: row.number };
  const known = ecodeAreas[code];
  // Without a class, a row is England or sums others: the GLA's two parts, or a combined
  // authority's total of its parts. Each figure is stored once, from the row for its authority.
  if (authorityClass === '' && !known) return { skip: 'withoutClass', label: `${name} (${code})` };
  if (/^[a-z]$/.test(code)) {
    const gss = parent === undefined ? undefined : combinedAuthorityParts[parent]?.[authorityClass];
    if (gss !== undefined) return { area: { scheme: 'gss', value: gss } };
    return {
      problem: {
        ...at,
        column: columnName(layout.ecode, 'Ecode'),
        message: `"${code}" is a part of the authority ${parent ?? '(none above)'}, but src/imports/ctr/ctr.catalogue.ts does not say where its class "${authorityClass}" belongs`,
      },
    };
  }
  const sheetGss = text(row, layout.ons);
  const onsColumn = columnName(layout.ons ?? 0, 'ONS Code');
  if (sheetGss !== '' && !GSS.test(sheetGss))
    return { problem: { ...at, column: onsColumn, message: `"${sheetGss}" is not a GSS code` } };
  if (known && sheetGss !== '' && sheetGss !== known.gss && sheetGss !== known.sheetGss)
    return {
      problem: {
        ...at,
        column: onsColumn,
        message: `is ${sheetGss}, but src/imports/ctr/ctr.catalogue.ts gives ${known.gss} for ${code} (${name})`,
      },
    };
  if (known?.notInRegister)
    return { skip: 'notInRegister', label: `${name} (${known.gss}, ${known.notInRegister})` };
  if (known) return { area: { scheme: 'gss', value: known.gss } };
  if (sheetGss !== '') return { area: { scheme: 'gss', value: sheetGss } };
  return { area: { scheme: 'mhclg-ecode', value: code } };
}

/** A row of one sentence, above or below the table, says what the figures leave out. */
function noteIfFootnote(row: SheetRow, tally: Tally) {
  const [only, ...others] = row.cells.values();
  if (others.length === 0 && only?.kind === 'text' && only.text.split(' ').length > 3)
    tally.sheetNotes.add(only.text);
}

function readRows(rows: readonly SheetRow[], layout: Layout, file: string, into: ParsedSource) {
  const tally: Tally = {
    rows: 0,
    withoutCode: [],
    withoutClass: [],
    withoutFigures: [],
    notInRegister: [],
    blanks: [],
    noBandD: [],
    revised: 0,
    textFigures: 0,
    sheetNotes: new Set(),
  };
  let parent: string | undefined;
  for (const row of rows) {
    if (row.number === layout.yearRow) continue;
    const code = text(row, layout.ecode);
    const name = text(row, layout.name) || code || `row ${row.number}`;
    const figures = layout.columns.map((c) => {
      const cell = row.cells.get(c.column) ?? blank;
      return { ...c, cell, figure: figure(cell) };
    });
    const hasFigures = figures.some((f) => typeof f.figure !== 'string' && f.figure.value !== null);
    if (row.number <= layout.headerRow || /^ecode$/i.test(code)) {
      if (row.number === layout.headerRow) continue;
      if (row.number > layout.headerRow)
        into.problems.push(...checkPrecepterHeader(row, layout, file));
      else noteIfFootnote(row, tally);
      continue;
    }
    if (code !== 'Eng' && !/^E\d{4}$/.test(code) && !/^[a-z]$/.test(code)) {
      // Totals by kind of authority ("SD Shire Districts") and check sums: not areas.
      if (hasFigures) tally.withoutCode.push(name);
      else noteIfFootnote(row, tally);
      continue;
    }
    if (!/^[a-z]$/.test(code)) parent = code;
    const placement = place(row, layout, file, parent);
    if ('problem' in placement) {
      into.problems.push(placement.problem);
      continue;
    }
    if ('skip' in placement) {
      if (hasFigures) tally[placement.skip].push(placement.label);
      continue;
    }
    if (!hasFigures) {
      // Listed for the year before only, such as an authority replaced in the workbook's year.
      tally.withoutFigures.push(`${name} (${code})`);
      continue;
    }
    tally.rows++;
    if ([...row.cells.values()].some((c) => c.kind === 'text' && /\(R\)$/.test(c.text)))
      tally.revised++;
    const requirement = figures.find((f) => f.line.metric.slug === 'council-tax-requirement');
    const required =
      requirement && typeof requirement.figure !== 'string' ? requirement.figure.value : null;
    for (const { line, column, header, cell, figure: found } of figures) {
      const where = columnName(column, header);
      if (typeof found === 'string') {
        into.problems.push({ file, row: row.number, column: where, message: found });
        continue;
      }
      let { value, status } = found;
      if (cell.kind === 'blank') tally.blanks.push(`row ${row.number} ${columnLetter(column)}`);
      if (cell.kind === 'text' && value !== null) tally.textFigures++;
      if (line.zeroMeansNone && value === 0 && required !== null && required > 0) {
        // An average of nothing is impossible when there is a requirement to share: new councils
        // in their first years get 0 here where later workbooks print "-".
        value = null;
        status = 'not-applicable';
        tally.noBandD.push(`${name} (${code}) ${columnLetter(column)}`);
      }
      into.observations.push({
        metricSlug: line.metric.slug,
        area: placement.area,
        period: layout.period,
        value,
        lci: null,
        uci: null,
        numerator: null,
        denominator: null,
        status,
        file,
        row: row.number,
      });
    }
  }
  describe(file, layout, tally, into.notes);
}

function list(items: readonly string[]): string {
  return items.length > 8 ? `${items.slice(0, 8).join(', ')}, …` : items.join(', ');
}

function describe(file: string, layout: Layout, tally: Tally, notes: string[]) {
  const say = (n: number, what: string, items: readonly string[] = []) => {
    if (n === 0) return;
    const counted = n === 1 ? what.replace(/^(\w+)s\b/, '$1') : what;
    notes.push(`${file}: ${n} ${counted}${items.length > 0 ? `: ${list(items)}` : ''}`);
  };
  notes.push(`${file}: ${layout.year}, ${tally.rows} authority rows read`);
  for (const note of tally.sheetNotes) notes.push(`${file}: the sheet says "${note}"`);
  say(
    tally.withoutCode.length,
    'rows without an E-code not stored, as they total a kind of authority or check a sum',
    tally.withoutCode,
  );
  say(
    tally.withoutClass.length,
    'rows without a class not stored, as their figures are stored from the rows for the whole or its parts',
    tally.withoutClass,
  );
  say(tally.withoutFigures.length, `rows with no figures for ${layout.year}`, tally.withoutFigures);
  say(
    tally.notInRegister.length,
    'rows not imported: the register has no area for the authority (see src/imports/ctr/ctr.catalogue.ts)',
    tally.notInRegister,
  );
  say(tally.blanks.length, 'cells left empty among figures, stored as not available', tally.blanks);
  say(
    tally.noBandD.length,
    'averages (Band D) of 0 for a council with a council tax requirement, stored as not applicable',
    tally.noBandD,
  );
  say(tally.revised, 'rows marked (R), revised since first published');
  say(tally.textFigures, 'figures kept in the workbook as text, read as numbers');
}

async function readWorkbook(workbookPath: string, displayRoot: string, into: ParsedSource) {
  const file = path.relative(displayRoot, workbookPath) || path.basename(workbookPath);
  const bytes = await readFile(workbookPath).catch((error: NodeJS.ErrnoException) => {
    throw new DataFileError([
      { file, message: error.code === 'ENOENT' ? 'file not found' : `cannot read (${error.code})` },
    ]);
  });
  into.files.push({ name: file, checksum: createHash('sha256').update(bytes).digest('hex') });
  const rows = await readDataSheet(bytes, file);
  readRows(rows, findLayout(rows, file), file, into);
}

/**
 * Reads one Council Tax Requirement workbook (ctr_1516.xlsx …) or a folder of them. Other files in
 * the folder, such as a CSV made from the same workbooks, are not read.
 */
export async function readMhclgCtr(target: string, displayRoot: string): Promise<ParsedSource> {
  const parsed: ParsedSource = {
    kind: 'mhclg-ctr',
    source: path.relative(displayRoot, target) || path.basename(target),
    files: [],
    metrics: ctrLines.map((line) => line.metric),
    observations: [],
    problems: [],
    notes: [],
  };
  const info = await stat(target).catch(() => undefined);
  if (!info)
    throw new DataFileError([{ file: parsed.source, message: 'file or folder not found' }]);
  const files = info.isDirectory()
    ? (await readdir(target))
        .filter((f) => /\.xlsx$/i.test(f) && !f.startsWith('~$'))
        .sort()
        .map((f) => path.join(target, f))
    : [target];
  if (files.length === 0)
    throw new DataFileError([{ file: parsed.source, message: 'holds no .xlsx workbooks' }]);
  for (const file of files) await readWorkbook(file, displayRoot, parsed);
  return parsed;
}
