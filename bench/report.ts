/*
 * What every benchmark shares: timing, quantiles, medians across runs, the markdown tables they
 * print, the machine they ran on, and the JSON they leave in bench/results/ (which `npm run
 * bench` collects into one summary).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, platform, release, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** 'none' for the pure computations, which touch no database. */
export type Engine = 'pglite' | 'postgres' | 'none';

/** The engine the environment selects, as the scripts and openlg itself choose it. */
export const configuredEngine = (): Engine => (process.env.DATABASE_URL ? 'postgres' : 'pglite');

export interface Machine {
  engine: Engine;
  cores: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  os: string;
}

export function machine(engine: Engine): Machine {
  return {
    engine,
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${platform()} ${release()}`,
  };
}

export const describeMachine = (m: Machine) =>
  `${m.engine === 'none' ? 'no database' : m.engine}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}`;

/** A whole-number flag, refused (rather than read as NaN) when it is not one or is below `min`. */
export function integerFlag(name: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new RangeError(`--${name} must be a whole number, at least ${min} (got ${value})`);
  }
  return n;
}

/**
 * A script's whole-number flags (`--seconds 10`), given with their defaults; each is at least 1,
 * or its value in `least`. An unknown flag is refused, as parseArgs does.
 */
export function integerFlags<Name extends string>(
  defaults: Record<Name, number>,
  least: Partial<Record<Name, number>> = {},
): Record<Name, number> {
  const names = Object.keys(defaults) as Name[];
  const options = Object.fromEntries(
    names.map((name) => [name, { type: 'string' as const, default: String(defaults[name]) }]),
  );
  const { values } = parseArgs({ options });
  return Object.fromEntries(
    names.map((name) => {
      const value = values[name];
      return [
        name,
        integerFlag(name, typeof value === 'string' ? value : undefined, least[name] ?? 1),
      ];
    }),
  ) as Record<Name, number>;
}

/**
 * Milliseconds each of `count` calls of `run` took, one at a time. Only a thenable is awaited
 * (app.inject answers with one that is not a Promise), so the figures for pure functions of a
 * few microseconds carry no promise overhead.
 */
export async function time(count: number, run: (i: number) => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const result = run(i);
    if (typeof (result as { then?: unknown } | null | undefined)?.then === 'function') await result;
    times.push(performance.now() - started);
  }
  return times;
}

/** What app.inject needs of an app: Fastify's, without importing the app here. */
interface Injecting {
  inject(options: {
    method: 'GET';
    url: string;
    headers: Readonly<Record<string, string>>;
    payloadAsStream: true;
  }): PromiseLike<{
    statusCode: number;
    stream(): AsyncIterable<Buffer | string>;
  }>;
}

/**
 * Asks the app in process and reads its answer's bytes as they are written, without decoding them
 * into a string: server time. (light-my-request's collected body would add the client's work of
 * decoding it, about 4 ms for the 2.4 MB of an area's whole profile at national scale.) Throws on
 * anything but a 200.
 */
export async function served(
  app: Injecting,
  url: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<number> {
  const response = await app.inject({ method: 'GET', url, headers, payloadAsStream: true });
  let bytes = 0;
  for await (const chunk of response.stream()) bytes += Buffer.byteLength(chunk);
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
  return bytes;
}

/** The nearest-rank quantile: a time that was actually measured, never an interpolation. */
export function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2
    ? (s[mid] ?? Number.NaN)
    : ((s[mid - 1] ?? Number.NaN) + (s[mid] ?? Number.NaN)) / 2;
}

/** One run's figures for one question. */
export interface Sample {
  label: string;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function sample(label: string, times: readonly number[], scale = 1): Sample {
  const sorted = times.map((t) => t * scale).sort((a, b) => a - b);
  return {
    label,
    n: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/**
 * A question's figure over several runs: the median of each run's p50 and p95, and the range of
 * the p50s, which is the noise between runs. A figure with one value a run (a throughput, a whole
 * load) gives it as p50, with no p95.
 */
export interface Figure {
  label: string;
  unit: string;
  p50: number;
  p95: number | null;
  min: number;
  max: number;
  runs: number;
  /** The issue's target for this figure, in words: "p95 ≤ 100 ms at national scale (6)". */
  target?: string;
}

export function acrossRuns(
  label: string,
  unit: string,
  runs: readonly { p50: number; p95?: number | null }[],
): Figure {
  const p50s = runs.map((r) => r.p50);
  const p95s = runs.flatMap((r) => (typeof r.p95 === 'number' ? [r.p95] : []));
  return {
    label,
    unit,
    p50: median(p50s),
    p95: p95s.length === runs.length ? median(p95s) : null,
    min: Math.min(...p50s),
    max: Math.max(...p50s),
    runs: runs.length,
  };
}

/** A figure measured once: a whole load's throughput or latency, a count of errors. */
export const oneRun = (label: string, unit: string, value: number): Figure =>
  acrossRuns(label, unit, [{ p50: value }]);

/** The same question's sample from every run, in run order. */
export function samplesOf(runs: readonly { samples: readonly Sample[] }[], label: string) {
  return runs.flatMap((r) => r.samples.filter((s) => s.label === label));
}

export function format(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '–';
  if (unit.endsWith('/s')) return `${Math.round(value).toLocaleString('en-GB')} ${unit}`;
  // Counts (errors, answers) are whole: a decimal place would suggest a measurement.
  const digits = Number.isInteger(value) || Math.abs(value) >= 100 ? 0 : 1;
  return `${value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${unit}`;
}

/** The p50, p95 and noise cells of a figure, as every table shows them. */
export function figureCells(f: Figure): string[] {
  const range = f.runs > 1 ? `${format(f.min, f.unit)} – ${format(f.max, f.unit)}` : 'one run';
  return [format(f.p50, f.unit), format(f.p95, f.unit), range];
}

export const figureHeaders = ['p50', 'p95', 'p50 min – max'];

/** A markdown table padded to line up in a terminal; 'r' columns are right-aligned. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('l' | 'r')[] = [],
): string {
  const widths = headers.map((h, c) =>
    Math.max(3, h.length, ...rows.map((r) => (r[c] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths
      .map((w, c) => (align[c] === 'r' ? (cells[c] ?? '').padStart(w) : (cells[c] ?? '').padEnd(w)))
      .join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (align[c] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** The targets column of a table whose figures have any, else none. */
export function targetColumn(figures: readonly Figure[]) {
  return figures.some((f) => f.target)
    ? { headers: ['target'], cells: (f: Figure) => [f.target ?? ''] }
    : { headers: [], cells: () => [] };
}

/**
 * A table of figures, one row a question, with optional extra columns after the noise, and
 * the figures' targets last when they have any.
 */
export function figureTable(
  figures: readonly Figure[],
  {
    heading = 'question',
    headers = [],
    cells = () => [],
  }: { heading?: string; headers?: string[]; cells?: (f: Figure, i: number) => string[] } = {},
): string {
  const targets = targetColumn(figures);
  return markdownTable(
    [heading, ...figureHeaders, ...headers, ...targets.headers],
    figures.map((f, i) => [f.label, ...figureCells(f), ...cells(f, i), ...targets.cells(f)]),
    [
      'l',
      'r',
      'r',
      'r',
      ...headers.map(() => 'r' as const),
      ...targets.headers.map(() => 'l' as const),
    ],
  );
}

export const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

/** How a script names the file it wrote, on a line of its own: bench/run.ts reads it back. */
const wroteLine = /^wrote (.+\.json)$/m;

export const resultPathIn = (output: string): string | undefined => wroteLine.exec(output)?.[1];

/**
 * Writes a script's figures to bench/results/<name>-<engine>-<timestamp>.json, with the machine
 * and the process's peak memory, and names the file on stdout. `summary` holds the figures
 * bench/run.ts gathers into its table; everything else is the script's own detail.
 */
export async function writeResults(
  name: string,
  engine: Engine,
  body: { summary: readonly Figure[] } & Record<string, unknown>,
): Promise<string> {
  await mkdir(resultsDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(resultsDir, `${name}-${engine}-${stamp}.json`);
  // maxRSS is the whole process's peak, in kibibytes: what the script needed at its worst.
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  await writeFile(
    file,
    `${JSON.stringify({ bench: name, engine, machine: machine(engine), maxRssMb, ...body }, null, 2)}\n`,
  );
  process.stdout.write(
    `\npeak memory of this process (RSS): ${maxRssMb} MB\nwrote ${path.relative('.', file)}\n`,
  );
  return file;
}
