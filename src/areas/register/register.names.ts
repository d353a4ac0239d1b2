/**
 * Every spelling of each area's name, under the key searches match them by.
 */
import { registryCode } from './register.authorities.ts';
import { cell, plural } from './register.cells.ts';
import type { Context } from './register.model.ts';

/** Bytes of UTF-8 read as Latin-1 somewhere upstream: such a spelling helps nobody match a name. */
const MOJIBAKE = /\uFFFD|[ÂÃï][\u0080-\u00BF]/u;

export function addNames(context: Context): void {
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
