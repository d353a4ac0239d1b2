import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';
import type { ChallengeMembers } from './challenge-access.ts';
import type { DocumentKind, PublishedKind } from './documents.ts';
import type { ChallengeType } from './vocabulary.ts';

/** Who takes part in a challenge, as challenge-access.ts reads it; null if there is none. */
export async function membersOf(db: Executor, id: number): Promise<ChallengeMembers | null> {
  const row = await db
    .selectFrom('peer_challenges')
    .select('area_code')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  return { areaCode: row.area_code, teamUserIds: (await teamUsers(db, [id])).get(id) ?? [] };
}

/** The users of each challenge's accepted peers, by challenge. */
async function teamUsers(db: Executor, ids: readonly number[]) {
  const byChallenge = new Map<number, number[]>();
  if (ids.length === 0) return byChallenge;
  const rows = await db
    .selectFrom('peer_challenge_members as m')
    .innerJoin('peers as p', 'p.id', 'm.peer_id')
    .select(['m.challenge_id', 'p.user_id'])
    .where('m.challenge_id', 'in', ids)
    .where('m.status', '=', 'accepted')
    .where('p.user_id', 'is not', null)
    .execute();
  for (const row of rows)
    if (row.user_id !== null)
      byChallenge.set(row.challenge_id, [
        ...(byChallenge.get(row.challenge_id) ?? []),
        row.user_id,
      ]);
  return byChallenge;
}

/**
 * The challenges of any of `areaCodes`, and those on whose team `userId` accepted a place,
 * newest first, each with who takes part: the candidates a viewer's own list is decided from.
 */
export async function challengesNear(db: Executor, areaCodes: readonly string[], userId: number) {
  const rows = await db
    .selectFrom('peer_challenges as c')
    .select([
      'c.id',
      'c.type',
      'c.area_code',
      'c.state',
      'c.programme_year',
      'c.window_start',
      'c.window_end',
      'c.illustrative',
    ])
    .where((eb) =>
      eb.or([
        ...(areaCodes.length > 0 ? [eb('c.area_code', 'in', areaCodes)] : []),
        eb(
          'c.id',
          'in',
          eb
            .selectFrom('peer_challenge_members as m')
            .innerJoin('peers as p', 'p.id', 'm.peer_id')
            .select('m.challenge_id')
            .where('p.user_id', '=', userId)
            .where('m.status', '=', 'accepted'),
        ),
      ]),
    )
    .orderBy('c.programme_year', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
  const teams = await teamUsers(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    row,
    members: { areaCode: row.area_code, teamUserIds: teams.get(row.id) ?? [] },
  }));
}

/** A document to keep: a new version of its kind. */
export interface NewDocument {
  challenge_id: number;
  kind: DocumentKind;
  file_name: string;
  media_type: string;
  sha256: string;
  content: Uint8Array;
  uploaded_by_user_id: number | null;
  illustrative: boolean;
}

/**
 * Keeps a document as the next version of its kind; its id and version. The caller holds the
 * challenge's row locked (findForChange), so two uploads cannot take the same version.
 */
export async function insertDocument(trx: Executor, doc: NewDocument) {
  const last = await trx
    .selectFrom('peer_challenge_documents')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('challenge_id', '=', doc.challenge_id)
    .where('kind', '=', doc.kind)
    .executeTakeFirst();
  const version = Number(last?.version ?? 0) + 1;
  const made = await trx
    .insertInto('peer_challenge_documents')
    .values({ ...doc, version, size_bytes: doc.content.byteLength })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: made.id, version };
}

const described = [
  'd.id',
  'd.kind',
  'd.version',
  'd.file_name',
  'd.media_type',
  'd.size_bytes',
  'd.sha256',
  'd.uploaded_at',
  'd.illustrative',
] as const;

/** Every version of a challenge's documents, without their content: by kind, newest first. */
export async function versionsOf(db: Executor, challengeId: number) {
  return db
    .selectFrom('peer_challenge_documents as d')
    .leftJoin('users as u', 'u.id', 'd.uploaded_by_user_id')
    .select([...described, 'u.name as uploaded_by'])
    .where('d.challenge_id', '=', challengeId)
    .orderBy('d.kind')
    .orderBy('d.version', 'desc')
    .execute();
}

export type DocumentVersion = Awaited<ReturnType<typeof versionsOf>>[number];

/** A challenge's publications: which version of its report and action plan is public. */
export async function publicationsOf(db: Executor, challengeId: number) {
  return db
    .selectFrom('peer_challenge_publications')
    .select(['kind', 'document_id', 'published_on', 'council_url'])
    .where('challenge_id', '=', challengeId)
    .execute();
}

/** One of a challenge's documents with its content; null if the challenge has no such one. */
export async function documentOf(db: Executor, challengeId: number, documentId: number) {
  const row = await db
    .selectFrom('peer_challenge_documents')
    .select(['id', 'kind', 'version', 'file_name', 'media_type', 'content'])
    .where('challenge_id', '=', challengeId)
    .where('id', '=', documentId)
    .executeTakeFirst();
  return row ? { ...row, content: new Uint8Array(row.content) } : null;
}

/** The newest version of a kind of a challenge's documents; null when none is uploaded. */
export async function latestOf(trx: Executor, challengeId: number, kind: DocumentKind) {
  const row = await trx
    .selectFrom('peer_challenge_documents')
    .select(['id', 'version'])
    .where('challenge_id', '=', challengeId)
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

export async function insertPublication(
  trx: Executor,
  publication: {
    challenge_id: number;
    kind: PublishedKind;
    document_id: number;
    published_on: string;
    council_url: string | null;
  },
) {
  await trx.insertInto('peer_challenge_publications').values(publication).execute();
}

/** Every published document, with its challenge: the public list. */
export async function publishedDocuments(db: Executor) {
  return db
    .selectFrom('peer_challenge_publications as p')
    .innerJoin('peer_challenge_documents as d', 'd.id', 'p.document_id')
    .innerJoin('peer_challenges as c', 'c.id', 'p.challenge_id')
    .select([
      'p.challenge_id',
      'p.kind',
      'p.published_on',
      'p.council_url',
      'd.file_name',
      'd.media_type',
      'd.size_bytes',
      'd.illustrative',
      'c.type',
      'c.area_code',
      'c.programme_year',
    ])
    .orderBy('p.published_on', 'desc')
    .execute();
}

/** The published version of a challenge's report or action plan, with its content; or null. */
export async function publishedContent(db: Executor, challengeId: number, kind: PublishedKind) {
  const row = await db
    .selectFrom('peer_challenge_publications as p')
    .innerJoin('peer_challenge_documents as d', 'd.id', 'p.document_id')
    .select(['d.file_name', 'd.media_type', 'd.sha256', 'd.content'])
    .where('p.challenge_id', '=', challengeId)
    .where('p.kind', '=', kind)
    .executeTakeFirst();
  return row ? { ...row, content: new Uint8Array(row.content) } : null;
}

/** The advisory lock loading the demo's documents takes: any fixed number, the same everywhere. */
const illustrativeLockKey = 2_033_033;

export async function lockIllustrative(trx: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(illustrativeLockKey)})`.execute(trx);
}

export async function hasIllustrativeDocuments(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('peer_challenge_documents')
    .select('id')
    .where('illustrative', '=', true)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Illustrative challenges whose report was published, the latest programme year first, with
 * the days their report and (if it was) action plan were published.
 */
export async function illustrativePublished(db: Executor, limit: number) {
  const rows = await db
    .selectFrom('peer_challenges as c')
    .innerJoin('peer_challenge_transitions as t', 't.challenge_id', 'c.id')
    .select(['c.id', 'c.type', 'c.area_code', 'c.programme_year', 't.to_state', 't.on_date'])
    .where('c.illustrative', '=', true)
    .where('t.to_state', 'in', ['report-published', 'action-plan-published'])
    .orderBy('c.programme_year', 'desc')
    .orderBy('c.id')
    .execute();
  const byId = new Map<
    number,
    { id: number; type: ChallengeType; area_code: string; programme_year: string } & {
      report_on: string | null;
      action_plan_on: string | null;
    }
  >();
  for (const r of rows) {
    const known = byId.get(r.id) ?? { ...r, report_on: null, action_plan_on: null };
    if (r.to_state === 'report-published') known.report_on = r.on_date;
    else known.action_plan_on = r.on_date;
    byId.set(r.id, known);
  }
  return [...byId.values()].filter((c) => c.report_on !== null).slice(0, limit);
}
