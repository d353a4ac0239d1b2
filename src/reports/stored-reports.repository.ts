import { sql } from 'kysely';
import { sharedWhere, type SharedFilter } from '../db/sharing.ts';
import type { Visibility } from '../accounts/sharing.ts';
import type { Executor } from '../db/database.ts';

export interface StoredReportRecord {
  id: number;
  ownerUserId: number;
  ownerName: string;
  organisationCode: string | null;
  visibility: Visibility;
  name: string;
  revision: number;
  /** The definition as stored: the service checks it against the schema when read. */
  definition: unknown;
  copiedFrom: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a person saves: the report's sharing and definition; who saves it is said beside. */
export interface StoredReportInput {
  name: string;
  visibility: Visibility;
  organisationCode: string | null;
  definition: unknown;
}

const reportColumns = [
  'r.id',
  'r.owner_user_id as ownerUserId',
  'u.name as ownerName',
  'r.organisation_code as organisationCode',
  'r.visibility',
  'r.name',
  'r.revision',
  'r.definition',
  'r.copied_from as copiedFrom',
  'r.created_at as createdAt',
  'r.updated_at as updatedAt',
] as const;

async function keepRevision(
  db: Executor,
  id: number,
  revision: number,
  definition: string,
  byUserId: number,
) {
  await db
    .insertInto('stored_report_revisions')
    .values({ report_id: id, revision, definition, saved_by: byUserId })
    .execute();
}

export async function insertStoredReport(
  db: Executor,
  ownerUserId: number,
  report: StoredReportInput,
  copiedFrom: string | null,
): Promise<number> {
  const definition = JSON.stringify(report.definition);
  const row = await db
    .insertInto('stored_reports')
    .values({
      owner_user_id: ownerUserId,
      organisation_code: report.organisationCode,
      visibility: report.visibility,
      name: report.name,
      revision: 1,
      definition,
      copied_from: copiedFrom,
      updated_by: ownerUserId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await keepRevision(db, row.id, 1, definition, ownerUserId);
  return row.id;
}

/** Saves the report as its next revision, and keeps that revision. */
export async function updateStoredReport(
  db: Executor,
  id: number,
  byUserId: number,
  report: StoredReportInput,
): Promise<number> {
  const definition = JSON.stringify(report.definition);
  const row = await db
    .updateTable('stored_reports')
    .set({
      organisation_code: report.organisationCode,
      visibility: report.visibility,
      name: report.name,
      revision: sql<number>`revision + 1`,
      definition,
      updated_at: sql<Date>`now()`,
      updated_by: byUserId,
    })
    .where('id', '=', id)
    .returning('revision')
    .executeTakeFirstOrThrow();
  await keepRevision(db, id, row.revision, definition, byUserId);
  return row.revision;
}

export async function deleteStoredReport(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('stored_reports').where('id', '=', id).execute();
}

export async function findStoredReport(
  db: Executor,
  id: number,
): Promise<StoredReportRecord | null> {
  const row = await db
    .selectFrom('stored_reports as r')
    .innerJoin('users as u', 'u.id', 'r.owner_user_id')
    .select(reportColumns)
    .where('r.id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

/** The reports any part of the filter matches, by name; none when it asks for nothing. */
export async function listStoredReports(
  db: Executor,
  filter: SharedFilter,
): Promise<StoredReportRecord[]> {
  const where = sharedWhere('r', filter);
  if (where === null) return [];
  return db
    .selectFrom('stored_reports as r')
    .innerJoin('users as u', 'u.id', 'r.owner_user_id')
    .select(reportColumns)
    .where(where)
    .orderBy('r.name')
    .orderBy('r.id')
    .execute();
}
