import { sql } from 'kysely';
import type { Executor } from './database.ts';

/*
 * Failed sign-ins and password reset requests are throttled the same way: one row per request,
 * counted per email address and per client address over a window, kept in the database so that
 * every openlg process serving one PostgreSQL sees the same counts.
 */
export type RequestCountTable = 'sign_in_attempts' | 'password_reset_requests';

export async function recordRequest(
  db: Executor,
  table: RequestCountTable,
  emailKey: string,
  address: string,
): Promise<void> {
  await db.insertInto(table).values({ email_key: emailKey, address }).execute();
}

/** Requests in the last `windowSeconds` for this email address, and from this address. */
export async function recentRequests(
  db: Executor,
  table: RequestCountTable,
  request: { emailKey: string; address: string; windowSeconds: number },
): Promise<{ forEmail: number; fromAddress: number }> {
  const { emailKey, address, windowSeconds } = request;
  const row = await db
    .selectFrom(table)
    .select([
      sql<number>`count(*) filter (where email_key = ${emailKey})::int`.as('forEmail'),
      sql<number>`count(*) filter (where address = ${address})::int`.as('fromAddress'),
    ])
    .where((eb) => eb.or([eb('email_key', '=', emailKey), eb('address', '=', address)]))
    .where('at', '>', sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
    .executeTakeFirstOrThrow();
  return { forEmail: row.forEmail, fromAddress: row.fromAddress };
}

/** Requests older than the window: nothing counts them any more. */
export async function forgetRequestsBefore(
  db: Executor,
  table: RequestCountTable,
  windowSeconds: number,
): Promise<void> {
  await db
    .deleteFrom(table)
    .where('at', '<=', sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
    .execute();
}
