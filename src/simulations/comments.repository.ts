import type { Executor } from '../db/database.ts';
import type { CommentStatus } from './simulations.tables.ts';

/** A comment with what an editor (or, once approved, the public) reads beside it. */
export interface CommentRow {
  responseId: number;
  body: string;
  status: CommentStatus;
  submittedAt: Date;
  version: number;
  /** Moderation excluded the response the comment came with. */
  responseExcluded: boolean;
  moderatedAt: Date | null;
  moderatedReason: string | null;
}

export async function insertComment(
  trx: Executor,
  row: {
    responseId: number;
    simulationId: number;
    body: string;
    /** A robot's comment is hidden at once, with why. */
    hidden: { at: Date; reason: string } | null;
  },
): Promise<void> {
  await trx
    .insertInto('simulation_comments')
    .values({
      response_id: row.responseId,
      simulation_id: row.simulationId,
      body: row.body,
      status: row.hidden ? 'hidden' : 'pending',
      moderated_at: row.hidden?.at ?? null,
      moderated_reason: row.hidden?.reason ?? null,
    })
    .execute();
}

export async function findCommentForUpdate(
  trx: Executor,
  simulationId: number,
  responseId: number,
): Promise<{ responseId: number; status: CommentStatus } | null> {
  const row = await trx
    .selectFrom('simulation_comments')
    .select(['response_id', 'status'])
    .where('simulation_id', '=', simulationId)
    .where('response_id', '=', responseId)
    .forUpdate()
    .executeTakeFirst();
  return row ? { responseId: row.response_id, status: row.status } : null;
}

export async function setCommentStatus(
  trx: Executor,
  responseId: number,
  status: CommentStatus,
  by: { at: Date; reason: string; userId: number },
): Promise<void> {
  await trx
    .updateTable('simulation_comments')
    .set({
      status,
      moderated_at: by.at,
      moderated_reason: by.reason,
      moderated_by_user_id: by.userId,
    })
    .where('response_id', '=', responseId)
    .execute();
}

/**
 * A simulation's comments in one state, newest first, at most `limit`; `keptOnly` leaves out
 * those whose response moderation excluded (what the public may read of approved ones).
 */
export async function listComments(
  db: Executor,
  simulationId: number,
  status: CommentStatus,
  options: { limit: number; keptOnly: boolean },
): Promise<CommentRow[]> {
  let query = db
    .selectFrom('simulation_comments as c')
    .innerJoin('simulation_responses as r', 'r.id', 'c.response_id')
    .innerJoin('simulation_versions as v', 'v.id', 'r.version_id')
    .select((eb) => [
      'c.response_id as responseId',
      'c.body',
      'c.status',
      'r.submitted_at as submittedAt',
      'v.version',
      eb('r.excluded_at', 'is not', null).as('responseExcluded'),
      'c.moderated_at as moderatedAt',
      'c.moderated_reason as moderatedReason',
    ])
    .where('c.simulation_id', '=', simulationId)
    .where('c.status', '=', status);
  if (options.keptOnly) query = query.where('r.excluded_at', 'is', null);
  const rows = await query.orderBy('c.response_id', 'desc').limit(options.limit).execute();
  return rows.map((r) => ({
    ...r,
    submittedAt: new Date(r.submittedAt),
    responseExcluded: Boolean(r.responseExcluded),
  }));
}

/** How many comments a simulation holds in each state (and, approved, of kept responses). */
export async function commentCounts(
  db: Executor,
  simulationId: number,
): Promise<Record<CommentStatus, number> & { approvedKept: number }> {
  const rows = await db
    .selectFrom('simulation_comments as c')
    .innerJoin('simulation_responses as r', 'r.id', 'c.response_id')
    .select(({ fn, eb }) => [
      'c.status',
      fn.countAll<string>().as('comments'),
      fn.count<string>(eb.case().when('r.excluded_at', 'is', null).then(1).end()).as('kept'),
    ])
    .where('c.simulation_id', '=', simulationId)
    .groupBy('c.status')
    .execute();
  const count = (status: CommentStatus) =>
    Number(rows.find((r) => r.status === status)?.comments ?? 0);
  return {
    pending: count('pending'),
    approved: count('approved'),
    hidden: count('hidden'),
    approvedKept: Number(rows.find((r) => r.status === 'approved')?.kept ?? 0),
  };
}
