import { sql } from 'kysely';
import type { CopySession, Executor } from '../db/database.ts';
import type { MetricDefinitionColumns } from '../db/schema.ts';
import type { PublicationState } from '../db/vocabulary.ts';
import {
  definitionPublicAt,
  ownStatePublicAt,
  publicObservation,
  publicField,
  publicState,
  type StateField,
} from '../db/visibility.ts';
import type { Period } from '../periods/period.ts';
import type { MeasuredValue, MetricDefinition } from './import.types.ts';
import { encodeComparableAcross } from '../metrics/comparable-across.ts';

export interface AreaIndex {
  idByCode: Map<string, number>;
  codeByIdentifier: Map<string, string>;
  codesByNameKey: Map<string, string[]>;
  lifetimes: Map<string, { name: string; validFrom: string | null }>;
  predecessors: Map<string, string[]>;
}

/** Everything needed to resolve area references in memory: a few thousand small rows. */
export async function loadAreaIndex(db: Executor): Promise<AreaIndex> {
  const [areas, identifiers, names, successions] = await Promise.all([
    db.selectFrom('areas').select(['id', 'code', 'short_name', 'valid_from']).execute(),
    db.selectFrom('area_identifiers').select(['scheme', 'identifier', 'area_code']).execute(),
    db.selectFrom('area_names').select(['name_key', 'area_code']).execute(),
    db.selectFrom('area_successions').select(['predecessor_code', 'successor_code']).execute(),
  ]);
  const predecessors = new Map<string, string[]>();
  for (const s of successions)
    predecessors.set(s.successor_code, [
      ...(predecessors.get(s.successor_code) ?? []),
      s.predecessor_code,
    ]);
  const codesByNameKey = new Map<string, string[]>();
  for (const n of names)
    codesByNameKey.set(n.name_key, [...(codesByNameKey.get(n.name_key) ?? []), n.area_code]);
  return {
    idByCode: new Map(areas.map((a) => [a.code, a.id])),
    codeByIdentifier: new Map(identifiers.map((i) => [`${i.scheme}:${i.identifier}`, i.area_code])),
    codesByNameKey,
    lifetimes: new Map(areas.map((a) => [a.code, { name: a.short_name, validFrom: a.valid_from }])),
    predecessors,
  };
}

/** PostgreSQL takes at most 65,535 parameters a statement: long lists go in slices. */
function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function findMetricIds(
  db: Executor,
  slugs: readonly string[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const slice of slices(slugs, 10_000)) {
    const rows = await db
      .selectFrom('metrics')
      .select(['id', 'slug'])
      .where('slug', 'in', slice)
      .execute();
    for (const r of rows) ids.set(r.slug, r.id);
  }
  return ids;
}

/** Who may see what an import writes: its publication state and embargo end. */
export interface PublicationOf {
  importId: number;
  publication: PublicationState;
  embargoUntil: Date | null;
}

/**
 * Inserts new metrics and writes a new version of the definition of each metric whose
 * definition really changes (see needsVersion), under the import's publication state; returns
 * ids and how many metrics were new and how many redefined.
 */
export async function upsertMetrics(
  trx: Executor,
  metrics: readonly MetricDefinition[],
  synthetic: boolean,
  state: PublicationOf,
): Promise<{ idBySlug: Map<string, number>; created: number; updated: number }> {
  const result = { idBySlug: new Map<string, number>(), created: 0, updated: 0 };
  // Seventeen parameters a version: a thousand at a time stays well inside the limit.
  for (const slice of slices(metrics, 1000)) {
    const part = await upsertMetricSlice(trx, slice, synthetic, state);
    for (const [slug, id] of part.idBySlug) result.idBySlug.set(slug, id);
    result.created += part.created;
    result.updated += part.updated;
  }
  return result;
}

function definitionColumns(m: MetricDefinition): MetricDefinitionColumns {
  return {
    title: m.title,
    subtitle: m.subtitle,
    description: m.description,
    unit: m.unit,
    measure: m.measure,
    decimal_places: m.decimalPlaces,
    polarity: m.polarity,
    theme: m.theme,
    source_organisation: m.sourceOrganisation,
    source_url: m.sourceUrl,
    licence: m.licence,
    caveats: m.caveats,
    periodicity: m.periodicity,
    comparable_across: encodeComparableAcross(m.comparableAcross),
  };
}

const definitionKeys = [
  'title',
  'subtitle',
  'description',
  'unit',
  'measure',
  'decimal_places',
  'polarity',
  'theme',
  'source_organisation',
  'source_url',
  'licence',
  'caveats',
  'periodicity',
  'comparable_across',
] as const satisfies readonly (keyof MetricDefinitionColumns)[];

/** A metric's newest version, and whether the public may see it now. */
type NewestVersion = MetricDefinitionColumns & {
  publication: PublicationState;
  embargo_until: Date | null;
  public_now: boolean;
};

/**
 * Whether an import stating `incoming` must write a new version over `newest`. A new
 * definition always does. The same definition does only while the public cannot see it and
 * the import changes when they may (published now, embargoed until another moment, or
 * withdrawn), as for values: restating a definition the public sees leaves it as it is, so a
 * re-import writes nothing and an embargoed or restricted one cannot hide what is public.
 */
export function needsVersion(
  newest: NewestVersion | undefined,
  incoming: MetricDefinitionColumns,
  state: Pick<PublicationOf, 'publication' | 'embargoUntil'>,
): boolean {
  if (!newest) return true;
  if (definitionKeys.some((k) => newest[k] !== incoming[k])) return true;
  if (newest.public_now) return false;
  return (
    newest.publication !== state.publication ||
    newest.embargo_until?.getTime() !== state.embargoUntil?.getTime()
  );
}

async function upsertMetricSlice(
  trx: Executor,
  metrics: readonly MetricDefinition[],
  synthetic: boolean,
  state: PublicationOf,
): Promise<{ idBySlug: Map<string, number>; created: number; updated: number }> {
  if (metrics.length === 0) return { idBySlug: new Map(), created: 0, updated: 0 };
  const inserted = await trx
    .insertInto('metrics')
    .values(metrics.map((m) => ({ slug: m.slug, synthetic, metadata: '{}' })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .execute();
  const created = new Set(inserted.map((r) => r.id));
  const idBySlug = await findMetricIds(
    trx,
    metrics.map((m) => m.slug),
  );
  const newest = await newestVersions(trx, [...idBySlug.values()]);
  const versions = metrics.flatMap((m) => {
    const metricId = idBySlug.get(m.slug);
    const columns = definitionColumns(m);
    return metricId !== undefined && needsVersion(newest.get(metricId), columns, state)
      ? [{ metricId, columns }]
      : [];
  });
  if (versions.length > 0)
    await trx
      .insertInto('metric_definitions')
      .values(
        versions.map((v) => ({
          ...v.columns,
          metric_id: v.metricId,
          publication: state.publication,
          embargo_until: state.embargoUntil,
          import_id: state.importId,
        })),
      )
      .execute();
  return {
    idBySlug,
    created: created.size,
    updated: versions.filter((v) => !created.has(v.metricId)).length,
  };
}

/** The newest version of each of these metrics' definitions. */
async function newestVersions(
  trx: Executor,
  metricIds: readonly number[],
): Promise<Map<number, NewestVersion>> {
  const result = await sql<NewestVersion & { metric_id: number }>`
    select distinct on (d.metric_id) d.*, ${definitionPublicAt(sql`now()`)} as public_now
    from metric_definitions d
    where d.metric_id = any(${metricIds}::integer[])
    order by d.metric_id, d.id desc`.execute(trx);
  return new Map(result.rows.map((r) => [r.metric_id, r]));
}

export async function upsertPeriods(
  trx: Executor,
  periods: readonly Period[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < periods.length; i += 500) {
    const chunk = periods.slice(i, i + 500);
    await trx
      .insertInto('periods')
      .values(
        chunk.map((p) => ({
          code: p.code,
          type: p.type,
          label: p.label,
          start_date: p.startDate,
          end_date: p.endDate,
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const rows = await trx
      .selectFrom('periods')
      .select(['id', 'code'])
      .where(
        'code',
        'in',
        chunk.map((p) => p.code),
      )
      .execute();
    for (const r of rows) ids.set(r.code, r.id);
  }
  return ids;
}

export interface ImportRecord {
  kind: string;
  source: string;
  fileName: string;
  fileChecksum: string;
  command: string;
  createdBy: string;
  startedAt: Date;
  publication: PublicationState;
  embargoUntil: Date | null;
  synthetic: boolean;
  /** The organisation (by id) and person who lodged it; null for the operator's imports. */
  organisationId: number | null;
  userId: number | null;
  /** Organisations (by id) that see a restricted import before the public. */
  audience: readonly number[];
}

export async function createImport(trx: Executor, record: ImportRecord): Promise<number> {
  const row = await trx
    .insertInto('imports')
    .values({
      kind: record.kind,
      source: record.source,
      file_name: record.fileName,
      file_checksum: record.fileChecksum,
      command: record.command,
      created_by: record.createdBy,
      started_at: record.startedAt,
      publication: record.publication,
      embargo_until: record.embargoUntil,
      synthetic: record.synthetic,
      summary: '{}',
      organisation_id: record.organisationId,
      user_id: record.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (record.audience.length > 0)
    await trx
      .insertInto('import_audiences')
      .values(record.audience.map((organisation_id) => ({ import_id: row.id, organisation_id })))
      .execute();
  return row.id;
}

export async function saveImportSummary(trx: Executor, id: number, summary: object) {
  await trx
    .updateTable('imports')
    .set({ summary: JSON.stringify(summary), finished_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export interface StagedValue extends MeasuredValue {
  metricId: number;
  periodId: number;
  areaId: number;
}

const stagingColumns = [
  'metric_id',
  'period_id',
  'area_id',
  'value',
  'lci',
  'uci',
  'numerator',
  'denominator',
  'status',
] as const;

function csvNumber(n: number | null): string {
  // Shortest round-trip text of a double, so COPY stores exactly the parsed value.
  return n === null ? '' : String(n);
}

function csvLines(values: readonly StagedValue[], suffix = ''): string {
  const lines: string[] = [];
  for (const v of values) {
    lines.push(
      `${v.metricId},${v.periodId},${v.areaId},${csvNumber(v.value)},${csvNumber(v.lci)},` +
        `${csvNumber(v.uci)},${csvNumber(v.numerator)},${csvNumber(v.denominator)},${v.status}${suffix}\n`,
    );
  }
  return lines.join('');
}

/**
 * Checks set-wise that every metric, period and area the batch names exists: observations carry
 * no row-level foreign keys (see migration 0002), so this is their guarantee.
 */
export async function checkReferences(trx: Executor, values: readonly StagedValue[]) {
  const distinct = (pick: (v: StagedValue) => number) => [...new Set(values.map(pick))];
  const checks = [
    ['metrics', distinct((v) => v.metricId)],
    ['periods', distinct((v) => v.periodId)],
    ['areas', distinct((v) => v.areaId)],
  ] as const;
  for (const [table, ids] of checks) {
    if (ids.length === 0) continue;
    const found = await trx
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', ids)
      .executeTakeFirstOrThrow();
    if (Number(found.n) !== ids.length)
      throw new Error(`${ids.length - Number(found.n)} ${table} named by the batch do not exist`);
  }
}

/** Whether any of these metrics already has stored values. */
export async function holdsValues(trx: Executor, metricIds: readonly number[]): Promise<boolean> {
  if (metricIds.length === 0) return false;
  const row = await trx
    .selectFrom('observations')
    .select('metric_id')
    .where('metric_id', 'in', metricIds)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Loads values of metrics that hold none yet straight into observations with COPY: nothing can
 * change or collide, so there is nothing to merge (the first load of a dataset, a new metric).
 */
export async function copyNewValues(
  session: CopySession,
  values: readonly StagedValue[],
  importId: number,
  publication: PublicationState,
  embargoUntil: Date | null,
): Promise<number> {
  const suffix = `,${publication},${embargoUntil?.toISOString() ?? ''},${importId}`;
  await session.copyCsv(
    'observations',
    [...stagingColumns, 'publication', 'embargo_until', 'import_id'],
    csvLines(values, suffix),
  );
  return values.length;
}

/** Loads the values into a temporary table with COPY, ready for applyStaged. */
export async function stageValues(session: CopySession, values: readonly StagedValue[]) {
  await sql`create temporary table import_staging (
      metric_id integer not null, period_id integer not null, area_id integer not null,
      value double precision, lci double precision, uci double precision,
      numerator double precision, denominator double precision, status text not null,
      primary key (metric_id, period_id, area_id)
    ) on commit drop`.execute(session.trx);
  await session.copyCsv('import_staging', stagingColumns, csvLines(values));
}

/**
 * Merges the staged values into observations: unchanged rows stay untouched, changed rows keep
 * their previous state in observation_revisions, new rows are inserted. An embargoed import
 * leaves a value that is already public, and unchanged, as it is: the public has seen it, and
 * re-sending a whole series with next year's release under embargo must not hide the years
 * before it. When it does revise a value the public sees, the row holds that public state until
 * the embargo ends, and so does a restricted one with an end. (A restricted import with no end
 * withdraws the values it names: that is what it is for.)
 */
export async function applyStaged(
  trx: Executor,
  importId: number,
  publication: PublicationState,
  embargoUntil: Date | null,
): Promise<{ inserted: number; updated: number }> {
  const contentDiffers = sql`(o.value, o.lci, o.uci, o.numerator, o.denominator, o.status)
    is distinct from (s.value, s.lci, s.uci, s.numerator, s.denominator, s.status)`;
  const stateDiffers = sql`(o.publication, o.embargo_until)
    is distinct from (${publication}::text, ${embargoUntil}::timestamptz)`;
  // An import that ends on a date (an embargo, or a restriction with an end) holds what the
  // public sees until then; one that never ends withdraws it.
  const holds = embargoUntil !== null;
  const differs = holds
    ? sql`(${contentDiffers} or (${stateDiffers} and not ${ownStatePublicAt('o', sql`now()`)}))`
    : sql`(${contentDiffers} or ${stateDiffers})`;
  await sql`insert into observation_revisions (metric_id, period_id, area_id, value, lci, uci,
      numerator, denominator, status, publication, embargo_until, import_id, valid_from, valid_to,
      held_value, held_lci, held_uci, held_status, held_updated_at)
    select o.metric_id, o.period_id, o.area_id, o.value, o.lci, o.uci, o.numerator,
      o.denominator, o.status, o.publication, o.embargo_until, o.import_id, o.updated_at, now(),
      o.held_value, o.held_lci, o.held_uci, o.held_status, o.held_updated_at
    from import_staging s
    join observations o using (metric_id, period_id, area_id)
    where ${differs}`.execute(trx);
  // The held state an embargoed revision takes: what the public sees of the value now, its own
  // state if public or the state it already holds (see migration 0006).
  const held = (field: StateField | 'updated_at') =>
    holds ? publicField('o', field, sql`now()`) : sql`null`;
  const updated = await sql`update observations o set value = s.value, lci = s.lci, uci = s.uci,
      numerator = s.numerator, denominator = s.denominator, status = s.status,
      publication = ${publication}, embargo_until = ${embargoUntil}, import_id = ${importId},
      held_value = ${held('value')}, held_lci = ${held('lci')}, held_uci = ${held('uci')},
      held_status = ${held('status')}, held_updated_at = ${held('updated_at')},
      updated_at = now()
    from import_staging s
    where o.metric_id = s.metric_id and o.period_id = s.period_id and o.area_id = s.area_id
      and ${differs}`.execute(trx);
  const inserted = await sql`insert into observations (metric_id, period_id, area_id, value, lci,
      uci, numerator, denominator, status, publication, embargo_until, import_id)
    select s.metric_id, s.period_id, s.area_id, s.value, s.lci, s.uci, s.numerator,
      s.denominator, s.status, ${publication}, ${embargoUntil}, ${importId}
    from import_staging s
    where not exists (select 1 from observations o where o.metric_id = s.metric_id
      and o.period_id = s.period_id and o.area_id = s.area_id)`.execute(trx);
  return {
    inserted: Number(inserted.numAffectedRows ?? 0),
    updated: Number(updated.numAffectedRows ?? 0),
  };
}

/**
 * Rebuilds the coverage summary of the metrics an import touched, from the stored
 * observations, so that it can never drift from them. A row is counted from the moment the
 * public may see it; a row holding a public state while its revision waits counts from
 * '-infinity' with the held state, and adds a mark at the embargo's end (no observation, the
 * change in cells with a value) so that "last lifted" and the counts stay exact either side.
 */
export async function refreshCoverage(trx: Executor, metricIds: readonly number[]) {
  if (metricIds.length === 0) return;
  const ids = sql.join(metricIds.map((id) => sql`${id}::integer`));
  await sql`delete from metric_period_coverage where metric_id in (${ids})`.execute(trx);
  await sql`insert into metric_period_coverage (metric_id, period_id, area_type, visible_from,
      observation_count, value_count, last_changed)
    select x.metric_id, x.period_id, a.type, x.visible_from, sum(x.observations), sum(x.cells),
      max(x.changed)
    from (
      select o.metric_id, o.period_id, o.area_id,
        case when o.publication = 'published' then '-infinity'::timestamptz
          else coalesce(o.embargo_until, 'infinity'::timestamptz) end as visible_from,
        1 as observations, (o.value is not null)::integer as cells, o.updated_at as changed
      from observations o where o.metric_id in (${ids}) and o.held_status is null
      union all
      select o.metric_id, o.period_id, o.area_id, '-infinity', 1,
        (o.held_value is not null)::integer, o.held_updated_at
      from observations o where o.metric_id in (${ids}) and o.held_status is not null
      union all
      select o.metric_id, o.period_id, o.area_id, o.embargo_until, 0,
        (o.value is not null)::integer - (o.held_value is not null)::integer, o.updated_at
      from observations o where o.metric_id in (${ids}) and o.held_status is not null
    ) x join areas a on a.id = x.area_id
    group by 1, 2, 3, 4`.execute(trx);
}

/**
 * Rebuilds each area's latest public value of the metrics an import touched (see migration
 * 0004), as public at the transaction's start, and records that moment.
 */
export async function refreshLatestValues(trx: Executor, metricIds: readonly number[]) {
  if (metricIds.length === 0) return;
  await sql`delete from latest_values where metric_id = any(${metricIds}::integer[])`.execute(trx);
  await sql`insert into latest_values (area_id, metric_id, period_id, value, lci, uci, status)
    select distinct on (o.area_id, o.metric_id) o.area_id, o.metric_id, o.period_id,
      ${publicState}
    from observations o join periods p on p.id = o.period_id
    where o.metric_id = any(${metricIds}::integer[]) and ${publicObservation}
    order by o.area_id, o.metric_id, p.start_date desc, p.end_date desc`.execute(trx);
  await recordLatestBuilds(trx, metricIds);
}

/**
 * Keeps the latest values of metrics that held none before this import, worked out from the
 * values themselves (latestByAreaAndMetric): the import wrote them all, published.
 */
export async function copyLatestValues(
  session: CopySession,
  metricIds: readonly number[],
  values: readonly StagedValue[],
) {
  const lines = values.map(
    (v) =>
      `${v.areaId},${v.metricId},${v.periodId},${csvNumber(v.value)},${csvNumber(v.lci)},` +
      `${csvNumber(v.uci)},${v.status}\n`,
  );
  await session.copyCsv(
    'latest_values',
    ['area_id', 'metric_id', 'period_id', 'value', 'lci', 'uci', 'status'],
    lines.join(''),
  );
  await recordLatestBuilds(session.trx, metricIds);
}

/** Records that these metrics' latest values were built as public at the transaction's start. */
async function recordLatestBuilds(trx: Executor, metricIds: readonly number[]) {
  await sql`insert into latest_value_builds (metric_id, built_at)
    select id, now() from unnest(${metricIds}::integer[]) as m(id)
    on conflict (metric_id) do update set built_at = excluded.built_at`.execute(trx);
}

/**
 * Refreshes the planner's statistics of the values inside the import, once they are written:
 * the coverage and latest-values rebuilds that follow read them, and costed as if the new rows
 * were not there (PGlite has no autovacuum) they took 14.6 s instead of 1.6 s for the DfE set.
 */
export async function analyzeValues(trx: Executor) {
  await sql`analyze observations`.execute(trx);
}

/**
 * Refreshes the planner's statistics of the summaries after an import. The latest values are
 * vacuumed too: their scans skip the table only on pages marked all-visible.
 */
export async function refreshStatistics(db: Executor) {
  await sql`analyze metric_period_coverage, periods, metrics`.execute(db);
  await sql`vacuum (analyze) latest_values`.execute(db);
}

export { bumpDataVersion } from '../db/data-version.ts';

export async function countObservations(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('observations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The provenance the public may see: imports of published values, and of embargoed ones once
 * the embargo has ended. An embargoed or restricted import's files and command could tell what
 * is coming, so they stay out.
 */
export async function listImports(db: Executor, limit: number) {
  // Not the command line or operating-system user: provenance is public, the machine is not.
  return db
    .selectFrom('imports')
    .where((eb) =>
      eb.or([eb('publication', '=', 'published'), eb('embargo_until', '<=', sql<Date>`now()`)]),
    )
    .select([
      'kind',
      'source',
      'file_name',
      'file_checksum',
      'started_at',
      'finished_at',
      'publication',
      'embargo_until',
      'synthetic',
      'summary',
    ])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
