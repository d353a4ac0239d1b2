import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { OrganisationKind } from './accounts.tables.ts';
import { insertOneTimeLink, openOneTimeLink, useOneTimeLink } from '../db/one-time-links.ts';
import { forgetRequestsBefore, recentRequests, recordRequest } from '../db/request-counts.ts';
import type { Membership, Role } from './roles.ts';

export interface Organisation {
  id: number;
  kind: OrganisationKind;
  code: string;
  name: string;
}

export interface UserRecord {
  id: number;
  email: string;
  name: string;
  passwordHash: string | null;
  disabledAt: Date | null;
  createdAt: Date;
}

/** A live session with the person it signs in. */
export interface SessionRecord {
  userId: number;
  email: string;
  name: string;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface AuditEvent {
  userId: number | null;
  actor: string | null;
  address: string | null;
  action: string;
  subject: string | null;
  before?: unknown;
  after?: unknown;
}

const asJson = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

export async function findOrganisation(db: Executor, code: string): Promise<Organisation | null> {
  const row = await db
    .selectFrom('organisations')
    .select(['id', 'kind', 'code', 'name'])
    .where('code', '=', code)
    .executeTakeFirst();
  return row ?? null;
}

/** The register's current area with this GSS code, by name, or null. */
export async function currentAreaName(db: Executor, code: string): Promise<string | null> {
  const row = await db
    .selectFrom('areas')
    .select('name')
    .where('code', '=', code)
    .where('valid_to', 'is', null)
    .executeTakeFirst();
  return row?.name ?? null;
}

/** Adds the organisation unless one has its code already; either way, returns the one stored. */
export async function ensureOrganisation(
  db: Executor,
  organisation: Omit<Organisation, 'id'>,
): Promise<Organisation> {
  await db
    .insertInto('organisations')
    .values(organisation)
    .onConflict((c) => c.column('code').doNothing())
    .execute();
  const stored = await findOrganisation(db, organisation.code);
  if (!stored) throw new Error(`organisation ${organisation.code} was not stored`);
  return stored;
}

const userColumns = [
  'id',
  'email',
  'name',
  'password_hash as passwordHash',
  'disabled_at as disabledAt',
  'created_at as createdAt',
] as const;

/** The user with this email address, compared without regard to case. */
export async function findUserByEmail(db: Executor, email: string): Promise<UserRecord | null> {
  const row = await db
    .selectFrom('users')
    .select(userColumns)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return row ?? null;
}

export async function findUser(db: Executor, id: number): Promise<UserRecord | null> {
  const row = await db
    .selectFrom('users')
    .select(userColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

export async function insertUser(db: Executor, email: string, name: string): Promise<number> {
  const row = await db
    .insertInto('users')
    .values({ email, name, password_hash: null, disabled_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listUsers(db: Executor): Promise<UserRecord[]> {
  return db.selectFrom('users').select(userColumns).orderBy('email').execute();
}

export async function setPasswordHash(db: Executor, userId: number, hash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
}

export async function disableUser(db: Executor, userId: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ disabled_at: sql<Date>`now()` })
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .execute();
}

/** Adds a role; whether it was new (holding it already changes nothing). */
export async function addMembership(
  db: Executor,
  userId: number,
  organisationId: number,
  role: Role,
): Promise<boolean> {
  const result = await db
    .insertInto('memberships')
    .values({ user_id: userId, organisation_id: organisationId, role })
    .onConflict((c) => c.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function membershipsOf(
  db: Executor,
  userIds: readonly number[],
): Promise<(Membership & { userId: number; organisationName: string })[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select([
      'm.user_id as userId',
      'o.code as organisation',
      'o.name as organisationName',
      'm.role',
    ])
    .where('m.user_id', 'in', userIds)
    .orderBy('o.name')
    .orderBy('m.role')
    .execute();
}

export async function insertSession(
  db: Executor,
  session: { tokenHash: string; userId: number; csrfToken: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
    })
    .execute();
}

/**
 * The session with this token hash, if it has not ended: neither past its absolute end nor idle
 * for longer than `idleSeconds`, and its user not disabled.
 */
export async function findLiveSession(
  db: Executor,
  tokenHash: string,
  idleSeconds: number,
): Promise<SessionRecord | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.user_id as userId',
      'u.email',
      'u.name',
      's.csrf_token as csrfToken',
      's.last_seen_at as lastSeenAt',
      's.expires_at as expiresAt',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('s.last_seen_at', '>', sql<Date>`now() - make_interval(secs => ${idleSeconds})`)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  return row ?? null;
}

export async function touchSession(db: Executor, tokenHash: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: sql<Date>`now()` })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user but `except` (the one asking, when it stays signed in). */
export async function deleteUserSessions(
  db: Executor,
  userId: number,
  except: string | null = null,
): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (except !== null) query = query.where('token_hash', '<>', except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Sessions past their absolute end or idle too long: nothing will ever read them again. */
export async function deleteEndedSessions(db: Executor, idleSeconds: number): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', sql<Date>`now()`),
        eb('last_seen_at', '<=', sql<Date>`now() - make_interval(secs => ${idleSeconds})`),
      ]),
    )
    .execute();
}

export async function insertInvitation(
  db: Executor,
  invitation: { tokenHash: string; userId: number; expiresAt: Date },
): Promise<void> {
  await insertOneTimeLink(db, 'invitations', invitation);
}

/** The user an unused, unexpired invitation is for, or null. */
export async function openInvitation(db: Executor, tokenHash: string): Promise<number | null> {
  return openOneTimeLink(db, 'invitations', tokenHash);
}

/** Marks an open invitation used and returns its user; of two racing requests one wins. */
export async function useInvitation(db: Executor, tokenHash: string): Promise<number | null> {
  return useOneTimeLink(db, 'invitations', tokenHash);
}

export async function recordFailedSignIn(
  db: Executor,
  emailKey: string,
  address: string,
): Promise<void> {
  await recordRequest(db, 'sign_in_attempts', emailKey, address);
}

/** Failed sign-ins in the last `windowSeconds` for this email address, and from this address. */
export async function recentFailures(
  db: Executor,
  emailKey: string,
  address: string,
  windowSeconds: number,
): Promise<{ forEmail: number; fromAddress: number }> {
  return recentRequests(db, 'sign_in_attempts', { emailKey, address, windowSeconds });
}

export async function forgetFailuresBefore(db: Executor, windowSeconds: number): Promise<void> {
  await forgetRequestsBefore(db, 'sign_in_attempts', windowSeconds);
}

export async function appendAudit(db: Executor, event: AuditEvent): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      user_id: event.userId,
      actor: event.actor,
      address: event.address,
      action: event.action,
      subject: event.subject,
      before: asJson(event.before),
      after: asJson(event.after),
    })
    .execute();
}

export async function auditEvents(db: Executor, limit = 100) {
  return db
    .selectFrom('audit_events')
    .select([
      'id',
      'at',
      'user_id as userId',
      'actor',
      'address',
      'action',
      'subject',
      'before',
      'after',
    ])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
