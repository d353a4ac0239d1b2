import { sql } from 'kysely';
import type { Role } from '../accounts/roles.ts';
import type { Executor } from '../db/database.ts';
import type { AskedMetric, LodgedValue } from './collections.schema.ts';
import type { ReturnState } from './collections.tables.ts';

export type { AskedMetric, LodgedValue } from './collections.schema.ts';

export interface CollectionInput {
  title: string;
  periodCode: string;
  deadline: Date;
  createdBy: number | null;
  metricSlugs: readonly string[];
  areaCodes: readonly string[];
}

export interface CollectionRecord {
  id: number;
  title: string;
  periodCode: string;
  deadline: Date;
  createdAt: Date;
  createdByName: string | null;
  /** Metric slugs in the order the form asks for them. */
  metricSlugs: string[];
}

/** A collection in a list, with how many of its councils' returns are in each state. */
export interface CollectionSummary extends Omit<CollectionRecord, 'metricSlugs'> {
  counts: Record<ReturnState, number>;
}

/** One council's return, with who last changed, submitted and published it. */
export interface ReturnRecord {
  collectionId: number;
  areaCode: string;
  state: ReturnState;
  changedAt: Date | null;
  changedByName: string | null;
  changedByEmail: string | null;
  submittedAt: Date | null;
  submittedBy: number | null;
  submittedByEmail: string | null;
  publishedAt: Date | null;
  importId: number | null;
}

/** A return the reminders job may remind a council of, with its collection's words. */
export interface UnsentReturn {
  collectionId: number;
  title: string;
  deadline: Date;
  areaCode: string;
}

const collectionColumns = [
  'c.id',
  'c.title',
  'c.period_code as periodCode',
  'c.deadline',
  'c.created_at as createdAt',
  'u.name as createdByName',
] as const;

export async function insertCollection(db: Executor, input: CollectionInput): Promise<number> {
  const { id } = await db
    .insertInto('collections')
    .values({
      title: input.title,
      period_code: input.periodCode,
      deadline: input.deadline,
      created_by: input.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('collection_metrics')
    .values(
      input.metricSlugs.map((slug, position) => ({
        collection_id: id,
        position,
        metric_slug: slug,
      })),
    )
    .execute();
  await db
    .insertInto('collection_returns')
    .values(input.areaCodes.map((code) => ({ collection_id: id, area_code: code })))
    .execute();
  return id;
}

export async function findCollection(db: Executor, id: number): Promise<CollectionRecord | null> {
  const row = await db
    .selectFrom('collections as c')
    .leftJoin('users as u', 'u.id', 'c.created_by')
    .select(collectionColumns)
    .where('c.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const metrics = await db
    .selectFrom('collection_metrics')
    .select('metric_slug')
    .where('collection_id', '=', id)
    .orderBy('position')
    .execute();
  return { ...row, metricSlugs: metrics.map((m) => m.metric_slug) };
}

/** Every collection, the latest deadline first, with its returns counted by state. */
export async function listCollections(db: Executor): Promise<CollectionSummary[]> {
  const rows = await db
    .selectFrom('collections as c')
    .leftJoin('users as u', 'u.id', 'c.created_by')
    .select(collectionColumns)
    .orderBy('c.deadline', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  const counts = await db
    .selectFrom('collection_returns')
    .select(['collection_id', 'state', sql<number>`count(*)::integer`.as('n')])
    .groupBy(['collection_id', 'state'])
    .execute();
  return rows.map((row) => {
    const mine = counts.filter((c) => c.collection_id === row.id);
    const of = (state: ReturnState) => Number(mine.find((c) => c.state === state)?.n ?? 0);
    return {
      ...row,
      counts: {
        'not-started': of('not-started'),
        draft: of('draft'),
        submitted: of('submitted'),
        published: of('published'),
      },
    };
  });
}

/** The collections that ask `areaCode` for figures, the nearest deadline first. */
export async function collectionsAsking(
  db: Executor,
  areaCode: string,
): Promise<(CollectionRecord & { state: ReturnState })[]> {
  const rows = await db
    .selectFrom('collections as c')
    .innerJoin('collection_returns as r', 'r.collection_id', 'c.id')
    .leftJoin('users as u', 'u.id', 'c.created_by')
    .select([...collectionColumns, 'r.state'])
    .where('r.area_code', '=', areaCode)
    .orderBy('c.deadline')
    .orderBy('c.id')
    .execute();
  return rows.map((row) => ({ ...row, metricSlugs: [] }));
}

/** The catalogue's words for these metrics, those of them that exist. */
export async function askedMetrics(
  db: Executor,
  slugs: readonly string[],
): Promise<Map<string, AskedMetric>> {
  if (slugs.length === 0) return new Map();
  // The latest definition, published or not: a collection may ask for a metric before its
  // first figures are public.
  const rows = await db
    .selectFrom('metrics as m')
    .innerJoin('metric_definitions as d', 'd.metric_id', 'm.id')
    .distinctOn('m.slug')
    .select(['m.slug', 'd.title', 'd.unit', 'd.decimal_places as decimalPlaces'])
    .where('m.slug', 'in', [...slugs])
    .orderBy('m.slug')
    .orderBy('d.id', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.slug, row]));
}

const returnQuery = (db: Executor) =>
  db
    .selectFrom('collection_returns as r')
    .leftJoin('users as changer', 'changer.id', 'r.changed_by')
    .leftJoin('users as submitter', 'submitter.id', 'r.submitted_by')
    .select([
      'r.collection_id as collectionId',
      'r.area_code as areaCode',
      'r.state',
      'r.changed_at as changedAt',
      'changer.name as changedByName',
      'changer.email as changedByEmail',
      'r.submitted_at as submittedAt',
      'r.submitted_by as submittedBy',
      'submitter.email as submittedByEmail',
      'r.published_at as publishedAt',
      'r.import_id as importId',
    ]);

/** A collection's returns, by council code, of one state when `state` says so. */
export async function listReturns(
  db: Executor,
  collectionId: number,
  state?: ReturnState,
): Promise<ReturnRecord[]> {
  let query = returnQuery(db).where('r.collection_id', '=', collectionId);
  if (state) query = query.where('r.state', '=', state);
  return query.orderBy('r.area_code').execute();
}

export async function findReturn(
  db: Executor,
  collectionId: number,
  areaCode: string,
): Promise<ReturnRecord | null> {
  const row = await returnQuery(db)
    .where('r.collection_id', '=', collectionId)
    .where('r.area_code', '=', areaCode)
    .executeTakeFirst();
  return row ?? null;
}

export async function returnValues(
  db: Executor,
  collectionId: number,
  areaCode: string,
): Promise<LodgedValue[]> {
  return db
    .selectFrom('collection_values')
    .select(['metric_slug as metricSlug', 'value', 'status', 'note'])
    .where('collection_id', '=', collectionId)
    .where('area_code', '=', areaCode)
    .execute();
}

/** Replaces a return's figures and moves it to `state`, said to be by `userId` at `at`. */
export async function saveReturn(
  db: Executor,
  key: { collectionId: number; areaCode: string },
  change: { state: 'draft' | 'submitted'; values: readonly LodgedValue[]; userId: number },
): Promise<void> {
  const { collectionId, areaCode } = key;
  await db
    .deleteFrom('collection_values')
    .where('collection_id', '=', collectionId)
    .where('area_code', '=', areaCode)
    .execute();
  if (change.values.length > 0)
    await db
      .insertInto('collection_values')
      .values(
        change.values.map((v) => ({
          collection_id: collectionId,
          area_code: areaCode,
          metric_slug: v.metricSlug,
          value: v.value,
          status: v.status,
          note: v.note,
        })),
      )
      .execute();
  const submitted = change.state === 'submitted';
  await db
    .updateTable('collection_returns')
    .set({
      state: change.state,
      changed_at: sql<Date>`now()`,
      changed_by: change.userId,
      submitted_at: submitted ? sql<Date>`now()` : null,
      submitted_by: submitted ? change.userId : null,
    })
    .where('collection_id', '=', collectionId)
    .where('area_code', '=', areaCode)
    .execute();
}

/** Marks a submitted return published by `userId`, through the import that wrote its values. */
export async function markPublished(
  db: Executor,
  key: { collectionId: number; areaCode: string },
  userId: number,
  importId: number | null,
): Promise<boolean> {
  const result = await db
    .updateTable('collection_returns')
    .set({
      state: 'published',
      changed_at: sql<Date>`now()`,
      changed_by: userId,
      published_at: sql<Date>`now()`,
      published_by: userId,
      import_id: importId,
    })
    .where('collection_id', '=', key.collectionId)
    .where('area_code', '=', key.areaCode)
    .where('state', '=', 'submitted')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Returns not yet submitted whose deadline is after `now` and no more than `withinDays` away:
 * those a reminder may be due for.
 */
export async function unsentReturns(
  db: Executor,
  now: Date,
  withinDays: number,
): Promise<UnsentReturn[]> {
  const horizon = new Date(now.getTime() + withinDays * 86_400_000);
  return db
    .selectFrom('collection_returns as r')
    .innerJoin('collections as c', 'c.id', 'r.collection_id')
    .select(['c.id as collectionId', 'c.title', 'c.deadline', 'r.area_code as areaCode'])
    .where('r.state', 'in', ['not-started', 'draft'])
    .where('c.deadline', '>', now)
    .where('c.deadline', '<=', horizon)
    .orderBy('c.id')
    .orderBy('r.area_code')
    .execute();
}

/**
 * Claims the reminder `daysBefore` for a return: true when this caller is the first (the row
 * is new). Called in the transaction that sends the mail, a second process waits on the row
 * and then finds it taken.
 */
export async function claimReminder(
  db: Executor,
  key: { collectionId: number; areaCode: string; daysBefore: number },
  recipients: number,
): Promise<boolean> {
  const row = await db
    .insertInto('collection_reminders')
    .values({
      collection_id: key.collectionId,
      area_code: key.areaCode,
      days_before: key.daysBefore,
      recipients,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('days_before')
    .executeTakeFirst();
  return row !== undefined;
}

/** The reminders sent for a collection's returns, as `code:days` keys. */
export async function sentReminders(db: Executor, collectionId: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom('collection_reminders')
    .select(['area_code', 'days_before'])
    .where('collection_id', '=', collectionId)
    .execute();
  return new Set(rows.map((r) => `${r.area_code}:${r.days_before}`));
}

/** The people holding one of `roles` in the council `areaCode`'s organisation, still enabled. */
export async function peopleOf(
  db: Executor,
  areaCode: string,
  roles: readonly Role[],
): Promise<{ email: string; name: string }[]> {
  if (roles.length === 0) return [];
  return db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.email', 'u.name'])
    .distinct()
    .where('o.code', '=', areaCode)
    .where('m.role', 'in', [...roles])
    .where('u.disabled_at', 'is', null)
    .where('u.password_hash', 'is not', null)
    .orderBy('u.email')
    .execute();
}

/** The id of the organisation for a council's GSS code, when anyone has joined it. */
export async function organisationIdOf(db: Executor, code: string): Promise<number | null> {
  const row = await db
    .selectFrom('organisations')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirst();
  return row?.id ?? null;
}
