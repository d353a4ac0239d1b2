import { parseCsvRecords, readTextFile } from '../shared/csv.ts';
import { DataFileError, type DataProblem } from '../shared/errors.ts';

export interface StatisticalNeighbours {
  /** DfE three-digit LA number of the subject authority. */
  la: string;
  row: number;
  neighbours: { la: string; band: string }[];
}

// Compared without case: the source writes both "Very close" and "Very Close".
const bands = new Set(['extremely close', 'very close', 'close', 'somewhat close', 'not close']);

/**
 * Reads the DfE children's services statistical neighbours table (converted from the DfE
 * workbook, with two junk rows above the real header). The header row is found by its first
 * cell, "LA num", never by position; each neighbour column SN1..SN10 is followed by its band.
 */
export async function readStatisticalNeighbours(
  file: string,
  displayName: string,
): Promise<{ lists: StatisticalNeighbours[]; rowsAfterTable: number }> {
  const { text } = await readTextFile(file, displayName);
  const records = parseCsvRecords(text, { displayName });
  const headerAt = records.findIndex((r) => r.values[0]?.trim() === 'LA num');
  const header = records[headerAt]?.values.map((v) => v.trim());
  if (!header)
    throw new DataFileError([
      { file: displayName, message: 'has no header row starting "LA num"' },
    ]);
  const neighbourColumns = header.flatMap((name, i) => (/^SN\d+$/.test(name) ? [i] : []));
  if (neighbourColumns.length === 0 || header[0] !== 'LA num')
    throw new DataFileError([
      { file: displayName, row: records[headerAt]?.line, message: 'has no SN1…SN10 columns' },
    ]);
  const problems: DataProblem[] = [];
  const lists: StatisticalNeighbours[] = [];
  // The table ends at its first blank row; below it DfE keeps an "Old SNs" section for
  // authorities before reorganisation, whose numbers have since been reused.
  const rows = records.slice(headerAt + 1);
  const end = rows.findIndex((r) => r.values.every((v) => v.trim() === ''));
  const table = end < 0 ? rows : rows.slice(0, end);
  const rowsAfterTable = rows.length - table.length;
  for (const { line, values } of table) {
    const la = values[0]?.trim() ?? '';
    if (!/^\d{3}$/.test(la)) {
      problems.push({
        file: displayName,
        row: line,
        column: 'LA num',
        message: `"${la}" is not an LA number`,
      });
      continue;
    }
    const neighbours: StatisticalNeighbours['neighbours'] = [];
    for (const column of neighbourColumns) {
      const neighbour = values[column]?.trim() ?? '';
      const band = values[column + 1]?.trim() ?? '';
      const name = header[column] ?? `column ${column + 1}`;
      if (!/^\d{3}$/.test(neighbour))
        problems.push({
          file: displayName,
          row: line,
          column: name,
          message: `"${neighbour}" is not an LA number`,
        });
      else if (!bands.has(band.toLowerCase()))
        problems.push({
          file: displayName,
          row: line,
          column: `${name} band`,
          message: `unknown band "${band}"`,
        });
      else neighbours.push({ la: neighbour, band: band.toLowerCase() });
    }
    lists.push({ la, row: line, neighbours });
  }
  if (problems.length > 0) throw new DataFileError(problems);
  return { lists, rowsAfterTable };
}
