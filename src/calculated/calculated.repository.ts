import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { PeriodType, ValueStatus } from '../db/vocabulary.ts';
import { ownStatePublicAt, publicField, publicObservation } from '../db/visibility.ts';
import type { HeldCell, InputRow } from './calculation.ts';

export interface StoredCalculated {
  slug: string;
  formula: string;
  inputs: string[];
  definition: unknown;
  ready_made: boolean;
}

/**
 * Stores a definition, or replaces the one held under its slug; whether anything changed (the
 * same definition again writes nothing).
 */
export async function saveDefinition(
  db: Executor,
  row: Omit<StoredCalculated, 'definition'> & { definition: object },
): Promise<boolean> {
  const definition = JSON.stringify(row.definition);
  const saved = await sql<{ slug: string }>`
    insert into calculated_metrics (slug, formula, inputs, definition, ready_made)
    values (${row.slug}, ${row.formula}, ${row.inputs}::text[], ${definition}::jsonb,
      ${row.ready_made})
    on conflict (slug) do update set formula = excluded.formula, inputs = excluded.inputs,
      definition = excluded.definition, ready_made = excluded.ready_made, updated_at = now()
    where (calculated_metrics.definition, calculated_metrics.ready_made)
      is distinct from (excluded.definition, excluded.ready_made)
    returning slug`.execute(db);
  return saved.rows.length > 0;
}

/** Who holds a slug: a calculated metric (shipped or not), an imported metric, or nobody. */
export async function slugInUse(
  db: Executor,
  slug: string,
): Promise<'ready-made' | 'defined' | 'imported' | null> {
  const calculated = await db
    .selectFrom('calculated_metrics')
    .select('ready_made')
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (calculated) return calculated.ready_made ? 'ready-made' : 'defined';
  const metric = await db
    .selectFrom('metrics')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return metric ? 'imported' : null;
}

export async function listDefinitions(db: Executor): Promise<StoredCalculated[]> {
  return db
    .selectFrom('calculated_metrics')
    .select(['slug', 'formula', 'inputs', 'definition', 'ready_made'])
    .orderBy('slug')
    .execute();
}

/** The calculated metrics that read any of these metrics. */
export async function dependantsOf(db: Executor, slugs: readonly string[]): Promise<string[]> {
  if (slugs.length === 0) return [];
  const rows = await sql<{ slug: string }>`select slug from calculated_metrics
    where inputs && ${slugs}::text[] order by slug`.execute(db);
  return rows.rows.map((r) => r.slug);
}

/** The database's clock, which embargoes end by. */
export async function databaseNow(db: Executor): Promise<Date> {
  const result = await sql<{ now: Date }>`select now() as now`.execute(db);
  const now = result.rows[0]?.now;
  if (!now) throw new Error('the database told no time');
  return now;
}

/**
 * Records that a calculated metric was calculated from its inputs as they were public at `readAt`
 * (taken before they were read): an embargo that ends after it is picked up by dueAfterEmbargoes.
 */
export async function markCalculated(db: Executor, slug: string, readAt: Date) {
  await sql`update calculated_metrics set calculated_at = ${readAt}
    where slug = ${slug}`.execute(db);
}

/**
 * The calculated metrics an input value of which became public, at the end of its embargo or
 * restriction, since they were last calculated: the public now sees a value they were not
 * calculated from. (Imports recalculate at once; an embargo ends with nothing running.)
 */
export async function dueAfterEmbargoes(db: Executor): Promise<string[]> {
  const rows = await sql<{ slug: string }>`select c.slug from calculated_metrics c
    where exists (select 1 from observations o join metrics m on m.id = o.metric_id
      where m.slug = any(c.inputs) and o.embargo_until <= now()
        and o.embargo_until > coalesce(c.calculated_at, '-infinity'::timestamptz))
    order by c.slug`.execute(db);
  return rows.rows.map((r) => r.slug);
}

interface ValueRow {
  slug: string;
  area_code: string;
  period_code: string;
  period_type: PeriodType;
  period_label: string;
  start_date: string;
  end_date: string;
  value: number | null;
  status: ValueStatus;
  import_id: number | null;
}

const toPeriod = (r: Omit<ValueRow, 'slug' | 'value' | 'status' | 'import_id' | 'area_code'>) => ({
  code: r.period_code,
  type: r.period_type,
  label: r.period_label,
  startDate: r.start_date,
  endDate: r.end_date,
});

/**
 * Every value of these metrics as the public sees it now, and nothing else: a calculated metric
 * is published as soon as it is calculated, so it must never be worked out from a value that is
 * embargoed, restricted or lodged but not yet public. A revision waiting under embargo gives the
 * public state it holds. The import is named only when the value's own state is public (a held
 * state's import is an earlier one, and an unpublished import must not be named).
 */
export async function publicValues(db: Executor, slugs: readonly string[]): Promise<InputRow[]> {
  const rows = await sql<ValueRow>`
    select m.slug, a.code as area_code, p.code as period_code, p.type as period_type,
      p.label as period_label, p.start_date, p.end_date,
      ${publicField('o', 'value', sql`now()`)} as value,
      ${publicField('o', 'status', sql`now()`)} as status,
      case when ${ownStatePublicAt('o', sql`now()`)} then o.import_id end as import_id
    from observations o
    join metrics m on m.id = o.metric_id
    join areas a on a.id = o.area_id
    join periods p on p.id = o.period_id
    where m.slug = any(${slugs}::text[]) and ${publicObservation}`.execute(db);
  return rows.rows.map((r) => ({
    slug: r.slug,
    areaCode: r.area_code,
    period: toPeriod(r),
    value: r.value,
    status: r.status,
    importId: r.import_id,
  }));
}

/** The cells (area and period) a metric holds values for, whoever may see them. */
export async function heldCells(db: Executor, slug: string): Promise<HeldCell[]> {
  const rows = await sql<Omit<ValueRow, 'slug' | 'value' | 'status' | 'import_id'>>`
    select a.code as area_code, p.code as period_code, p.type as period_type,
      p.label as period_label, p.start_date, p.end_date
    from observations o
    join metrics m on m.id = o.metric_id
    join areas a on a.id = o.area_id
    join periods p on p.id = o.period_id
    where m.slug = ${slug}`.execute(db);
  return rows.rows.map((r) => ({ areaCode: r.area_code, period: toPeriod(r) }));
}

/** What the public provenance of these imports is made from (see publicImportId). */
export async function importsByIds(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('imports')
    .select(['id', 'kind', 'source', 'file_checksum', 'started_at'])
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
}
