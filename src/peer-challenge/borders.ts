/*
 * Where councils meet, for team matching's hard rules: the ONS local authority district
 * neighbours lookup (2021 districts) in the data folder, and which English regions touch.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DataFileError } from '../shared/errors.ts';

export const bordersFile = 'areas/lookups/ons-lad21-neighbours.json';

/**
 * Each district's entry: first the districts it shares a boundary with (null for an island, such
 * as the Isles of Scilly or Orkney), then its nearest others.
 */
const lookup = z.record(
  z.string().regex(/^[EWSN]\d{8}$/),
  z.tuple([z.array(z.string()).nullable()], z.union([z.string(), z.array(z.string())])),
);

export type Borders = ReadonlyMap<string, readonly string[]>;

const read = new Map<string, Promise<Borders>>();

async function readBorders(file: string): Promise<Borders> {
  const parsed = lookup.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new DataFileError([{ file, message: parsed.error.message }]);
  return new Map(Object.entries(parsed.data).map(([code, [bordering]]) => [code, bordering ?? []]));
}

/** The districts each district borders, read once per data folder. */
export function bordersIn(dataDir: string): Promise<Borders> {
  const file = path.join(dataDir, bordersFile);
  let found = read.get(file);
  if (!found) {
    found = readBorders(file);
    read.set(file, found);
    found.catch(() => read.delete(file));
  }
  return found;
}

/**
 * The councils bordering `council`: the districts bordering it, or bordering any of its districts
 * when it is a county (the lookup holds districts and unitaries only), less the council itself.
 */
export function borderingCouncils(
  borders: Borders,
  council: string,
  districts: readonly string[],
): string[] {
  const from = borders.has(council) ? [council] : districts;
  const out = new Set(from.flatMap((d) => borders.get(d) ?? []));
  out.delete(council);
  for (const d of districts) out.delete(d);
  return [...out].sort();
}

/** The English regions (GSS E12) each shares a boundary with. */
const regionsTouching: Readonly<Record<string, readonly string[]>> = {
  E12000001: ['E12000002', 'E12000003'],
  E12000002: ['E12000001', 'E12000003', 'E12000004', 'E12000005'],
  E12000003: ['E12000001', 'E12000002', 'E12000004'],
  E12000004: ['E12000002', 'E12000003', 'E12000005', 'E12000006', 'E12000008'],
  E12000005: ['E12000002', 'E12000004', 'E12000008', 'E12000009'],
  E12000006: ['E12000004', 'E12000007', 'E12000008'],
  E12000007: ['E12000006', 'E12000008'],
  E12000008: ['E12000004', 'E12000005', 'E12000006', 'E12000007', 'E12000009'],
  E12000009: ['E12000005', 'E12000008'],
};

export function regionsNextTo(region: string): readonly string[] {
  return regionsTouching[region] ?? [];
}
