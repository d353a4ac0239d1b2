import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

export interface AuditFilter {
  action?: string | undefined;
  /** Events by or about this person: their own, the actor's, or the subject's email. */
  email?: string | undefined;
  /** From this moment on, inclusive. */
  from?: Date | undefined;
  /** Before this moment, exclusive. */
  before?: Date | undefined;
}

export interface AuditRow {
  id: string;
  at: Date;
  userEmail: string | null;
  actor: string | null;
  address: string | null;
  action: string;
  subject: string | null;
  before: unknown;
  after: unknown;
}

/** Up to `limit` events matching `filter`, newest first, after skipping `offset` of them. */
export async function findAuditEvents(
  db: Executor,
  filter: AuditFilter,
  offset: number,
  limit: number,
): Promise<AuditRow[]> {
  let query = db
    .selectFrom('audit_events as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .select([
      sql<string>`e.id::text`.as('id'),
      'e.at',
      'u.email as userEmail',
      'e.actor',
      'e.address',
      'e.action',
      'e.subject',
      'e.before',
      'e.after',
    ]);
  if (filter.action) query = query.where('e.action', '=', filter.action);
  if (filter.email) {
    const email = filter.email.toLowerCase();
    query = query.where((eb) =>
      eb.or([
        eb(sql<string>`lower(u.email)`, '=', email),
        eb(sql<string>`lower(e.actor)`, '=', email),
        eb(sql<string>`lower(e.subject)`, '=', email),
      ]),
    );
  }
  if (filter.from) query = query.where('e.at', '>=', filter.from);
  if (filter.before) query = query.where('e.at', '<', filter.before);
  return query.orderBy('e.id', 'desc').offset(offset).limit(limit).execute();
}

/** The actions recorded so far, for the filter's choices. */
export async function auditActions(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select('action')
    .distinct()
    .orderBy('action')
    .execute();
  return rows.map((r) => r.action);
}
