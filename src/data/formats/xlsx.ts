import { PassThrough, type Readable } from 'node:stream';
import { setImmediate as turn } from 'node:timers/promises';
import type { DataAnswer } from '../data.answer.ts';
import { csvColumns, observationFields } from './csv.ts';

/** Shows a number to the metric's decimal places; the cell keeps the full value. */
function numberFormat(decimalPlaces: number): string {
  return decimalPlaces > 0 ? `0.${'0'.repeat(decimalPlaces)}` : '0';
}

/** Rows written between turns of the event loop: a few milliseconds of work. */
const rowsPerTurn = 500;

/**
 * The answer as an Excel workbook: a "Data" sheet with the CSV's columns (numbers as numbers,
 * shown to each metric's decimal places, missing values empty with the status saying why) and
 * an "About" sheet with what the request asked for, attribution, licence and each metric.
 *
 * Streamed, row by row, giving the event loop a turn every few hundred rows: built whole in
 * memory, a workbook of 50,000 observations took 470 MB and held every other request for 2 s.
 * A failure part way destroys the stream, so the client sees a broken download, never a
 * truncated workbook that looks whole.
 */
export function answerXlsx(answer: DataAnswer, request: string): Readable {
  const stream = new PassThrough();
  writeWorkbook(answer, request, stream).catch((error: unknown) =>
    stream.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return stream;
}

/** ExcelJS is loaded on first use (and kept by the module cache): 27 MB of a server's memory. */
async function writeWorkbook(answer: DataAnswer, request: string, stream: PassThrough) {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  workbook.creator = 'openlg';
  workbook.created = new Date();
  const data = workbook.addWorksheet('Data', { views: [{ state: 'frozen', ySplit: 1 }] });
  const names = csvColumns(answer.include);
  data.columns = names.map((name) => ({
    header: name,
    key: name,
    width: name === 'area_name' || name === 'metric' ? 32 : name === 'period' ? 18 : 12,
  }));
  data.getRow(1).font = { bold: true };
  const decimals = new Map(answer.metrics.map((m) => [m.slug, m.decimalPlaces]));
  const rank = answer.include.includes('rank');
  const benchmark = answer.include.includes('benchmark');
  for (const [index, o] of answer.observations.entries()) {
    if (index > 0 && index % rowsPerTurn === 0) {
      await turn();
      // The client has gone (the server destroys the reply's stream): stop writing for nobody.
      if (stream.destroyed) return;
    }
    const row = data.addRow([
      ...observationFields(o),
      ...(rank ? [o.rank ?? null, o.quartileBand ?? null, o.rankNote ?? null] : []),
      ...(benchmark ? [o.benchmark ?? null] : []),
    ]);
    const format = numberFormat(decimals.get(o.metric) ?? 0);
    for (const name of ['value', 'lci', 'uci', 'benchmark'])
      if (names.includes(name)) row.getCell(name).numFmt = format;
    row.commit();
  }
  data.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: names.length } };
  data.commit();

  const about = workbook.addWorksheet('About');
  about.columns = [24, 70, 12, 10, 18, 40, 50, 30].map((width) => ({ width }));
  const fact = (label: string, value: string | number | null) => {
    const row = about.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  };
  about.addRow(['openlg open data']).font = { bold: true, size: 14 };
  fact('Request', request);
  fact('Values as of', answer.asOf ? answer.asOf.toISOString() : 'the time of the download');
  fact('Downloaded', new Date().toISOString());
  fact('Attribution', answer.attribution);
  fact('Licence', answer.licence);
  fact('Observations', answer.observations.length);
  if (answer.limit !== null || answer.offset > 0)
    fact('Page', `from ${answer.offset + 1}, ${answer.observations.length} of ${answer.total}`);
  fact(
    'Missing values',
    'An empty value has a status saying why: not-available, suppressed or not-applicable.',
  );
  about.addRow([]);
  const header = about.addRow([
    'Metric',
    'Title',
    'Unit',
    'Decimal places',
    'Polarity',
    'Source',
    'Source URL',
    'Licence',
  ]);
  header.font = { bold: true };
  for (const m of answer.metrics)
    about.addRow([
      m.slug,
      m.title,
      m.unit,
      m.decimalPlaces,
      m.polarity,
      m.source.organisation,
      m.source.url,
      m.licence,
    ]);
  about.commit();
  await workbook.commit();
}
