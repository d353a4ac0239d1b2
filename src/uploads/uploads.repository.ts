import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { Sight } from '../db/visibility.ts';
import type { PublicationState } from '../db/vocabulary.ts';
import type { UploadFormat } from './uploads.tables.ts';

export interface PendingUpload {
  id: number;
  organisationId: number;
  userId: number;
  fileName: string;
  format: UploadFormat;
  checksum: string;
  content: Uint8Array;
  expiresAt: Date;
}

export async function insertUpload(
  db: Executor,
  upload: Omit<PendingUpload, 'id'>,
): Promise<number> {
  const row = await db
    .insertInto('pending_uploads')
    .values({
      organisation_id: upload.organisationId,
      user_id: upload.userId,
      file_name: upload.fileName,
      format: upload.format,
      checksum: upload.checksum,
      content: upload.content,
      expires_at: upload.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The person's upload for the organisation, unless it has expired (or is someone else's). */
export async function findUpload(
  db: Executor,
  where: { id: number; userId: number; organisationId: number },
): Promise<PendingUpload | null> {
  const row = await db
    .selectFrom('pending_uploads')
    .select([
      'id',
      'organisation_id as organisationId',
      'user_id as userId',
      'file_name as fileName',
      'format',
      'checksum',
      'content',
      'expires_at as expiresAt',
    ])
    .where('id', '=', where.id)
    .where('user_id', '=', where.userId)
    .where('organisation_id', '=', where.organisationId)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return row ? { ...row, content: new Uint8Array(row.content) } : null;
}

/** Deletes an upload once used; true when it was there to delete (so used only once). */
export async function deleteUpload(db: Executor, id: number): Promise<boolean> {
  const result = await db.deleteFrom('pending_uploads').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function deleteExpiredUploads(db: Executor): Promise<number> {
  const result = await db
    .deleteFrom('pending_uploads')
    .where('expires_at', '<=', new Date())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface LodgedImport {
  id: number;
  fileName: string;
  createdBy: string;
  userName: string | null;
  startedAt: Date;
  publication: PublicationState;
  embargoUntil: Date | null;
  audience: string[];
  values: number;
}

/** The imports an organisation lodged, newest first, with who they were shared with. */
export async function lodgedImports(
  db: Executor,
  organisationId: number,
  limit: number,
): Promise<LodgedImport[]> {
  const result = await sql<LodgedImport>`
    select i.id, i.file_name as "fileName", i.created_by as "createdBy", u.name as "userName",
      i.started_at as "startedAt", i.publication, i.embargo_until as "embargoUntil",
      coalesce((select array_agg(o.name order by o.name) from import_audiences a
        join organisations o on o.id = a.organisation_id where a.import_id = i.id),
        '{}') as audience,
      coalesce((i.summary ->> 'inserted')::integer, 0)
        + coalesce((i.summary ->> 'updated')::integer, 0) as values
    from imports i left join users u on u.id = i.user_id
    where i.organisation_id = ${organisationId}
    order by i.id desc
    limit ${limit}`.execute(db);
  return result.rows;
}

export interface UnpublishedValue {
  importId: number;
  metric: string;
  metricTitle: string;
  areaCode: string;
  areaName: string;
  period: string;
  value: number | null;
  status: string;
}

/**
 * The values of an organisation's own imports that the public cannot see yet, as far as `sight`
 * (the reader's) reaches: nothing for a reader whose sight holds none of them.
 */
export async function unpublishedValues(
  db: Executor,
  organisationId: number,
  sight: Sight,
  limit: number,
): Promise<UnpublishedValue[]> {
  if (sight.length === 0) return [];
  const result = await sql<UnpublishedValue>`
    select o.import_id as "importId", m.slug as metric,
      coalesce(d.title, m.slug) as "metricTitle", a.code as "areaCode", a.name as "areaName",
      p.label as period, o.value, o.status
    from observations o
      join imports i on i.id = o.import_id
      join metrics m on m.id = o.metric_id
      left join lateral (select title from metric_definitions md
        where md.metric_id = m.id and md.publication = 'published'
        order by md.id desc limit 1) d on true
      join areas a on a.id = o.area_id
      join periods p on p.id = o.period_id
    where o.publication <> 'published' and i.organisation_id = ${organisationId}
      and o.import_id = any(${sight}::integer[])
      and (o.embargo_until is null or o.embargo_until > now())
    order by m.slug, p.start_date, a.code
    limit ${limit}`.execute(db);
  return result.rows;
}
