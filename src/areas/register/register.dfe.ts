/**
 * The DfE's local authority numbers, given to the area each names now.
 */
import { type Row, cell, examples, gssCell, plural, GSS } from './register.cells.ts';
import type { Context, Register } from './register.model.ts';
import {
  DFE_GSS,
  DFE_NO_GSS,
  DFE_NO_NUMBER,
  DFE_NUMBER,
  type SourceKey,
} from './register.sources.ts';

interface DfeClaim {
  number: string;
  areaCode: string;
  key: SourceKey;
  row: Row;
  column: string;
}

export function addDfeNumbers(context: Context): void {
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
