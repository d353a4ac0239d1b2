/*
 * A mixed-integer program written as CPLEX LP text and solved by HiGHS (compiled to WebAssembly,
 * the `highs` package). The solver loads once per process; each solve is a fresh native model.
 */
import * as highs from 'highs';
import { UnavailableError } from '../shared/errors.ts';

/*
 * TypeScript reads the package's types as CommonJS, where the loader sits at `default.default`;
 * Node loads its ES module build, whose default export is the loader itself.
 */
const loadHighs = highs.default as unknown as typeof highs.default.default;

export type Term = readonly [coefficient: number, variable: string];

export interface Row {
  readonly terms: readonly Term[];
  readonly sense: '<=' | '>=';
  readonly rhs: number;
}

export interface Program {
  /** Minimised. */
  readonly objective: readonly Term[];
  readonly rows: readonly Row[];
  readonly binaries: readonly string[];
  readonly integers: readonly { readonly name: string; readonly upper: number }[];
  readonly continuous: readonly { readonly name: string; readonly upper: number }[];
}

export type Solved =
  | { readonly status: 'optimal'; readonly value: (variable: string) => number }
  | { readonly status: 'infeasible' };

const sum = (terms: readonly Term[]) =>
  terms.map(([c, v]) => `${c < 0 ? '-' : '+'} ${Math.abs(c)} ${v}`).join(' ');

/** Long lines split, as the LP format allows, so no reader meets a line of megabytes. */
const wrap = (text: string) => text.replace(/((?:\S+ ){60})/g, '$1\n  ');

function lpText(program: Program): string {
  const lines = ['Minimize', wrap(` obj: ${sum(program.objective)}`), 'Subject To'];
  program.rows.forEach((row, i) =>
    lines.push(wrap(` r${i}: ${sum(row.terms)} ${row.sense} ${row.rhs}`)),
  );
  lines.push('Bounds');
  for (const { name, upper } of [...program.integers, ...program.continuous])
    lines.push(` 0 <= ${name} <= ${upper}`);
  if (program.binaries.length > 0) lines.push('Binary', wrap(` ${program.binaries.join(' ')}`));
  if (program.integers.length > 0)
    lines.push('General', ` ${program.integers.map((i) => i.name).join(' ')}`);
  lines.push('End');
  return lines.join('\n');
}

let solver: ReturnType<typeof loadHighs> | undefined;

/**
 * Long enough for any pool the programme holds (a proposal from 2,000 peers takes well under a
 * second), short enough that a page asking for one never hangs on a case the solver finds hard.
 */
const solveSeconds = 20;

/** Solves to proven optimality (no relative gap): a proposal must be the best, not nearly. */
export async function solve(program: Program): Promise<Solved> {
  solver ??= loadHighs();
  const result = (await solver).solve(lpText(program), {
    output_flag: false,
    mip_rel_gap: 0,
    time_limit: solveSeconds,
  });
  if (result.Status === 'Infeasible') return { status: 'infeasible' };
  if (result.Status === 'Time limit reached')
    throw new UnavailableError(
      `The solver could not prove the best team within ${solveSeconds} s: try again, or narrow the pool`,
    );
  if (result.Status !== 'Optimal') throw new Error(`HiGHS ended with status ${result.Status}`);
  const columns = result.Columns;
  return {
    status: 'optimal',
    value: (variable) => Math.round(columns[variable]?.Primal ?? 0),
  };
}
