import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** An organisation's single sign-on as stored: the client secret still sealed. */
export interface SingleSignOnRecord {
  organisationId: number;
  organisationCode: string;
  organisationName: string;
  issuer: string;
  clientId: string;
  sealedSecret: string;
  domains: string[];
  updatedAt: Date;
}

/** A sign-in sent to a provider, as its callback finds it. */
export interface SignOnRequest {
  organisationId: number;
  nonce: string;
  codeVerifier: string;
  nextPath: string;
}

function configured(db: Executor) {
  return db
    .selectFrom('single_sign_on as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select((eb) => [
      's.organisation_id as organisationId',
      'o.code as organisationCode',
      'o.name as organisationName',
      's.issuer',
      's.client_id as clientId',
      's.client_secret as sealedSecret',
      's.updated_at as updatedAt',
      eb
        .selectFrom('single_sign_on_domains as d')
        .select(sql<string[]>`coalesce(array_agg(d.domain order by d.domain), '{}')`.as('domains'))
        .whereRef('d.organisation_id', '=', 's.organisation_id')
        .as('domains'),
    ]);
}

const withDomains = (row: Omit<SingleSignOnRecord, 'domains'> & { domains: string[] | null }) => ({
  ...row,
  domains: row.domains ?? [],
});

export async function listSingleSignOn(db: Executor): Promise<SingleSignOnRecord[]> {
  const rows = await configured(db).orderBy('o.code').execute();
  return rows.map(withDomains);
}

export async function findByOrganisation(
  db: Executor,
  organisationId: number,
): Promise<SingleSignOnRecord | null> {
  const row = await configured(db)
    .where('s.organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row ? withDomains(row) : null;
}

/** The single sign-on whose domains include this one (lowercase), or null. */
export async function findByDomain(
  db: Executor,
  domain: string,
): Promise<SingleSignOnRecord | null> {
  const row = await configured(db)
    .innerJoin('single_sign_on_domains as match', 'match.organisation_id', 's.organisation_id')
    .where('match.domain', '=', domain)
    .executeTakeFirst();
  return row ? withDomains(row) : null;
}

/** Which organisations (by code) hold any of these domains already. */
export async function domainOwners(
  db: Executor,
  domains: readonly string[],
): Promise<{ domain: string; organisationId: number; organisationCode: string }[]> {
  if (domains.length === 0) return [];
  return db
    .selectFrom('single_sign_on_domains as d')
    .innerJoin('organisations as o', 'o.id', 'd.organisation_id')
    .select(['d.domain', 'd.organisation_id as organisationId', 'o.code as organisationCode'])
    .where('d.domain', 'in', domains)
    .execute();
}

/** Stores an organisation's single sign-on, replacing what it had, domains and all. */
export async function saveSingleSignOn(
  db: Executor,
  settings: {
    organisationId: number;
    issuer: string;
    clientId: string;
    sealedSecret: string;
    domains: readonly string[];
  },
): Promise<void> {
  const { organisationId } = settings;
  const values = {
    issuer: settings.issuer,
    client_id: settings.clientId,
    client_secret: settings.sealedSecret,
    updated_at: sql<Date>`now()`,
  };
  await db
    .insertInto('single_sign_on')
    .values({ organisation_id: organisationId, ...values })
    .onConflict((c) => c.column('organisation_id').doUpdateSet(values))
    .execute();
  await db
    .deleteFrom('single_sign_on_domains')
    .where('organisation_id', '=', organisationId)
    .execute();
  await db
    .insertInto('single_sign_on_domains')
    .values(settings.domains.map((domain) => ({ domain, organisation_id: organisationId })))
    .execute();
}

/** Removes an organisation's single sign-on; whether it had one. */
export async function deleteSingleSignOn(db: Executor, organisationId: number): Promise<boolean> {
  const removed = await db
    .deleteFrom('single_sign_on')
    .where('organisation_id', '=', organisationId)
    .returning('issuer')
    .execute();
  return removed.length > 0;
}

export async function insertRequest(
  db: Executor,
  request: SignOnRequest & { stateHash: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('single_sign_on_requests')
    .values({
      state_hash: request.stateHash,
      organisation_id: request.organisationId,
      nonce: request.nonce,
      code_verifier: request.codeVerifier,
      next_path: request.nextPath,
      expires_at: request.expiresAt,
    })
    .execute();
}

/**
 * Ends an unexpired sign-in and returns it, in one statement: a state works once, and of two
 * callbacks racing with one state, one finds it and the other does not.
 */
export async function takeRequest(db: Executor, stateHash: string): Promise<SignOnRequest | null> {
  const row = await db
    .deleteFrom('single_sign_on_requests')
    .where('state_hash', '=', stateHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning([
      'organisation_id as organisationId',
      'nonce',
      'code_verifier as codeVerifier',
      'next_path as nextPath',
    ])
    .executeTakeFirst();
  return row ?? null;
}

export async function deleteEndedRequests(db: Executor): Promise<void> {
  await db
    .deleteFrom('single_sign_on_requests')
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
}
