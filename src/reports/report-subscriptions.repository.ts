import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/* Subscriptions to reports (migration 0025's report_subscriptions): who asked to be emailed when
 * a report's figures for an area change, and up to when they have been told. */

export interface Subscription {
  id: number;
  userId: number;
  slug: string;
  area: string;
  createdAt: Date;
  toldThrough: Date;
}

const columns = [
  'id',
  'user_id as userId',
  'report_slug as slug',
  'area_code as area',
  'created_at as createdAt',
  'told_through as toldThrough',
] as const;

/** The person's subscriptions, oldest first. */
export async function subscriptionsOf(db: Executor, userId: number): Promise<Subscription[]> {
  return db
    .selectFrom('report_subscriptions')
    .select(columns)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The person's subscription to a report for an area, if they have one. */
export async function findSubscription(
  db: Executor,
  key: { userId: number; slug: string; area: string },
): Promise<Subscription | undefined> {
  return db
    .selectFrom('report_subscriptions')
    .select(columns)
    .where('user_id', '=', key.userId)
    .where('report_slug', '=', key.slug)
    .where('area_code', '=', key.area)
    .executeTakeFirst();
}

export async function countSubscriptions(db: Executor, userId: number): Promise<number> {
  const row = await db
    .selectFrom('report_subscriptions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Holds the person's row until the transaction ends: their subscriptions are counted and added
 * one request at a time, so two at once cannot pass the limit together.
 */
export async function lockSubscriber(trx: Executor, userId: number): Promise<void> {
  await sql`select id from users where id = ${userId} for update`.execute(trx);
}

/** A new subscription told through `at`. */
export async function insertSubscription(
  db: Executor,
  key: { userId: number; slug: string; area: string },
  at: Date,
): Promise<Subscription> {
  return db
    .insertInto('report_subscriptions')
    .values({
      user_id: key.userId,
      report_slug: key.slug,
      area_code: key.area,
      created_at: at,
      told_through: at,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

/** Deletes the subscription (the person's own, when `userId` is given); what was deleted. */
export async function deleteSubscription(
  db: Executor,
  id: number,
  userId?: number,
): Promise<Subscription | undefined> {
  let query = db.deleteFrom('report_subscriptions').where('id', '=', id);
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  return query.returning(columns).executeTakeFirst();
}

/** Subscriptions not looked at since `before`, those told longest ago first. */
export async function dueSubscriptions(
  db: Executor,
  before: Date,
  limit: number,
): Promise<Subscription[]> {
  return db
    .selectFrom('report_subscriptions')
    .select(columns)
    .where('told_through', '<', before)
    .orderBy('told_through')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Claims the subscription for this transaction, if no other process holds it and nobody moved
 * it on since it was read as told through `toldThrough`: false means someone else has it.
 */
export async function claimSubscription(
  trx: Executor,
  id: number,
  toldThrough: Date,
): Promise<boolean> {
  const { rows } = await sql<{ id: number }>`select id from report_subscriptions
    where id = ${id} and told_through = ${toldThrough}::timestamptz
    for update skip locked`.execute(trx);
  return rows.length > 0;
}

export async function moveToldThrough(trx: Executor, id: number, at: Date): Promise<void> {
  await trx
    .updateTable('report_subscriptions')
    .set({ told_through: at })
    .where('id', '=', id)
    .execute();
}

/** The person a subscription mails: their name and address, unless their account is disabled. */
export async function subscriber(
  db: Executor,
  userId: number,
): Promise<{ name: string; email: string } | undefined> {
  return db
    .selectFrom('users')
    .select(['name', 'email'])
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}
