import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ValueStatus } from '../../db/vocabulary.ts';
import { parsePeriod } from '../../periods/period.ts';
import { readCsvFile, readTextFile } from '../../shared/csv.ts';
import { DataFileError, type DataProblem } from '../../shared/errors.ts';
import { httpUrl } from '../../shared/url.ts';
import type { MetricDefinition, ObservationInput, ParsedSource } from '../import.types.ts';
import { publishedFigure } from '../published-number.ts';
import { elsCatalogue } from './els.catalogue.ts';

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

// Single-indicator files put everything at the top of ess-beta-metadata; multi-indicator files
// split it into "shared" and one entry per indicator name.
const metadataSchema = z.object({ 'ess-beta-metadata': z.record(z.string(), z.unknown()) });

const sharedSchema = z
  .object({
    decimalPlaces: z.coerce.number().int().min(0).max(10).nullish(),
    sourceOrg: z.string().nullish(),
    sourceURL: httpUrl.nullish(),
  })
  .loose();

const indicatorSchema = z
  .object({
    label: z.string().nullish(),
    subtitle: z.string().nullish(),
    longDescription: z.string().nullish(),
    caveats: z.string().nullish(),
  })
  .loose();

/** Stable slug: the indicator's name, without a trailing "(England)" or "(Great Britain)". */
export function elsSlug(indicator: string): string {
  return indicator
    .replace(/\s*\((England|Great Britain)\)\s*$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function number(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? publishedFigure(trimmed, n) : undefined;
}

/** The file's headers of what the import checks, for its messages. */
const elsColumns = { metric: 'indicator', area: 'areacd', value: 'observation', lci: 'lci_95' };

const statusCodes: Record<string, ValueStatus> = {
  '': 'ok',
  x: 'not-available',
  u: 'low-reliability',
};

async function readOne(csvPath: string, displayRoot: string, into: ParsedSource) {
  const file = path.relative(displayRoot, csvPath) || path.basename(csvPath);
  const jsonPath = csvPath.replace(/\.csv$/i, '.json');
  const jsonFile = path.relative(displayRoot, jsonPath) || path.basename(jsonPath);
  const table = await readCsvFile(csvPath, { required: columns, displayName: file });
  into.files.push({ name: file, checksum: table.checksum });

  let metadata: z.infer<typeof metadataSchema>;
  try {
    const { text: raw } = await readTextFile(jsonPath, jsonFile);
    const text = raw.replace(/^\uFEFF/, '');
    metadata = metadataSchema.parse(JSON.parse(text));
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    throw new DataFileError([
      {
        file: jsonFile,
        message: `is not valid metadata: ${(error as Error).message.slice(0, 200)}`,
      },
    ]);
  }
  const meta = metadata['ess-beta-metadata'];
  const sharedResult = sharedSchema.safeParse(meta.shared ?? meta);
  if (!sharedResult.success) {
    const issue = sharedResult.error.issues[0];
    throw new DataFileError([
      {
        file: jsonFile,
        message: `has unreadable shared metadata: ${issue?.path.join('.') ?? ''}: ${issue?.message}`,
      },
    ]);
  }
  const shared = sharedResult.data;
  const problems: DataProblem[] = [];
  const units = new Map<string, { unit: string; measure: string; row: number }>();
  const durations = new Map<string, Set<string>>();
  const combined = new Map<string, number>();
  const geographies = new Map<string, number>();

  for (const { line, record } of table.rows) {
    const at = { file, row: line };
    const indicator = record.indicator?.trim() ?? '';
    if (indicator === '') {
      problems.push({ ...at, column: 'indicator', message: 'is empty' });
      continue;
    }
    const slug = elsSlug(indicator);
    geographies.set(record.geography ?? '', (geographies.get(record.geography ?? '') ?? 0) + 1);
    const unit = { unit: record.unit ?? '', measure: record.measure ?? '', row: line };
    const known = units.get(slug);
    if (!known) units.set(slug, unit);
    else if (known.unit !== unit.unit)
      problems.push({
        ...at,
        column: 'unit',
        message: `"${unit.unit}" differs from "${known.unit}" on row ${known.row} for the same indicator`,
      });

    const period = parsePeriod(record.period ?? '');
    if (!period.ok) {
      problems.push({ ...at, column: 'period', message: period.reason });
      continue;
    }
    durations.set(
      slug,
      (durations.get(slug) ?? new Set()).add(period.period.code.split('/')[1] ?? ''),
    );

    const rawStatus = (record.status ?? '').trim();
    let status = statusCodes[rawStatus];
    if (status === undefined && /^Value for .+ combined$/.test(rawStatus)) {
      // The value covers two areas (e.g. Hackney with the City of London); openlg has no status
      // for that yet, so the value stands and the note says how many rows carry it.
      combined.set(rawStatus, (combined.get(rawStatus) ?? 0) + 1);
      status = 'ok';
    }
    if (status === undefined) {
      problems.push({ ...at, column: 'status', message: `unknown status "${rawStatus}"` });
      continue;
    }
    const value = number(record.observation ?? '');
    if (value === undefined) {
      problems.push({
        ...at,
        column: 'observation',
        message: `"${record.observation}" is not a number`,
      });
      continue;
    }
    // ONS marks a value withheld for a small base as "u" with no observation: it is suppressed.
    if (status === 'low-reliability' && value === null) status = 'suppressed';
    if (status === 'not-available' && value !== null) {
      problems.push({
        ...at,
        column: 'observation',
        message: 'has a value but status x (not available)',
      });
      continue;
    }
    if (value === null && status !== 'not-available' && status !== 'suppressed') {
      problems.push({
        ...at,
        column: 'observation',
        message: 'is empty but the status does not say why',
      });
      continue;
    }
    const lci = number(record.lci_95 ?? '');
    const uci = number(record.uci_95 ?? '');
    if (lci === undefined || uci === undefined) {
      problems.push({
        ...at,
        column: lci === undefined ? 'lci_95' : 'uci_95',
        message: 'is not a number',
      });
      continue;
    }
    const observation: ObservationInput = {
      metricSlug: slug,
      area: { scheme: 'gss', value: record.areacd ?? '' },
      columns: elsColumns,
      period: period.period,
      value,
      lci,
      uci,
      numerator: null,
      denominator: null,
      status,
      file,
      row: line,
    };
    into.observations.push(observation);
  }

  for (const [slug, unit] of units) {
    const reviewed = elsCatalogue[slug];
    if (!reviewed) {
      problems.push({
        file,
        row: unit.row,
        column: 'indicator',
        message: `"${slug}" has no reviewed polarity and theme in src/imports/els/els.catalogue.ts`,
      });
      continue;
    }
    const indicatorName =
      table.rows.find((r) => elsSlug(r.record.indicator ?? '') === slug)?.record.indicator ?? slug;
    const details = indicatorSchema.safeParse(
      meta[indicatorName.trim()] ?? (meta.shared === undefined ? meta : undefined),
    );
    const about = details.success ? details.data : {};
    const periods = [...(durations.get(slug) ?? [])];
    const definition: MetricDefinition = {
      slug,
      title: indicatorName.trim(),
      subtitle: about.subtitle ?? null,
      description: about.longDescription ?? null,
      unit: reviewed.unit?.unit ?? (unit.unit || null),
      measure: reviewed.unit?.measure ?? (unit.measure || null),
      decimalPlaces: shared.decimalPlaces ?? 1,
      polarity: reviewed.polarity,
      theme: reviewed.theme,
      sourceOrganisation: shared.sourceOrg ?? 'Office for National Statistics',
      sourceUrl: shared.sourceURL ?? null,
      licence: 'Open Government Licence v3.0',
      caveats: about.caveats ?? null,
      periodicity: periods.length === 1 && periods[0] === 'P1Y' ? 'annual' : periods.join(', '),
    };
    if (reviewed.unit)
      into.notes.push(
        `${file}: ${slug} is labelled "${unit.unit}" (${unit.measure}) in the source; the reviewed catalogue stores it as "${reviewed.unit.unit}" (${reviewed.unit.measure})`,
      );
    if (into.metrics.some((m) => m.slug === slug))
      problems.push({
        file,
        row: unit.row,
        column: 'indicator',
        message: `"${slug}" is also defined by another file`,
      });
    else into.metrics.push(definition);
  }
  for (const [text, n] of combined)
    into.notes.push(`${file}: ${n} values marked "${text}" kept with status ok`);
  into.notes.push(
    `${file}: rows by geography: ${[...geographies].map(([g, n]) => `${g} ${n}`).join(', ')}`,
  );
  into.problems.push(...problems);
}

/** Reads one ONS Explore Local Statistics CSV (with its JSON beside it) or a folder of them. */
export async function readOnsEls(target: string, displayRoot: string): Promise<ParsedSource> {
  const parsed: ParsedSource = {
    kind: 'ons-els',
    source: path.relative(displayRoot, target) || path.basename(target),
    files: [],
    metrics: [],
    observations: [],
    problems: [],
    notes: [],
  };
  const info = await stat(target).catch(() => undefined);
  if (!info)
    throw new DataFileError([{ file: parsed.source, message: 'file or folder not found' }]);
  const files = info.isDirectory()
    ? (await readdir(target))
        .filter((f) => f.toLowerCase().endsWith('.csv'))
        .sort()
        .map((f) => path.join(target, f))
    : [target];
  if (files.length === 0)
    throw new DataFileError([{ file: parsed.source, message: 'holds no .csv files' }]);
  for (const file of files) await readOne(file, displayRoot, parsed);
  return parsed;
}
