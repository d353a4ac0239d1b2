import { sql } from 'kysely';
import type { Db, Executor } from '../db/database.ts';
import { madePublicSince } from '../db/visibility.ts';
import type { NoteKind } from './early-warning.tables.ts';

/** A flag as kept: standing while cleared_at is null. */
export interface FlagRecord {
  id: number;
  area_code: string;
  rule: string;
  theme: string;
  rule_version: number;
  summary: string;
  evidence: unknown;
  raised_at: Date;
  cleared_at: Date | null;
}

/** A flag as a rebuild raises it. */
export interface RaisedFlag {
  area_code: string;
  rule: string;
  theme: string;
  summary: string;
  evidence: unknown;
}

const key = (f: { area_code: string; rule: string; theme: string }) =>
  `${f.area_code}|${f.rule}|${f.theme}`;

/**
 * Keeps what a rebuild raised, in one transaction: a flag raised again keeps the day it was
 * first raised and takes the new evidence; a new one is raised now; a standing one no longer
 * raised is cleared now. Returns how many were raised and cleared.
 */
export async function keepFlags(db: Db, raised: readonly RaisedFlag[], ruleVersion: number) {
  return db.transaction().execute(async (tx) => {
    const standing = await tx
      .selectFrom('early_warning_flags')
      .select(['id', 'area_code', 'rule', 'theme'])
      .where('cleared_at', 'is', null)
      .forUpdate()
      .execute();
    const now = new Map(raised.map((f) => [key(f), f]));
    const kept = new Set(standing.map(key));
    const cleared = standing.filter((f) => !now.has(key(f))).map((f) => f.id);
    for (let i = 0; i < cleared.length; i += 2_000)
      await tx
        .updateTable('early_warning_flags')
        .set({ cleared_at: sql`now()` })
        .where('id', 'in', cleared.slice(i, i + 2_000))
        .execute();
    for (const flag of standing.filter((f) => now.has(key(f)))) {
      const update = now.get(key(flag));
      if (!update) continue;
      await tx
        .updateTable('early_warning_flags')
        .set({
          summary: update.summary,
          evidence: JSON.stringify(update.evidence),
          rule_version: ruleVersion,
        })
        .where('id', '=', flag.id)
        .execute();
    }
    const fresh = raised.filter((f) => !kept.has(key(f)));
    for (let i = 0; i < fresh.length; i += 1_000)
      await tx
        .insertInto('early_warning_flags')
        .values(
          fresh.slice(i, i + 1_000).map((f) => ({
            ...f,
            evidence: JSON.stringify(f.evidence),
            rule_version: ruleVersion,
          })),
        )
        .execute();
    await tx
      .insertInto('early_warning_builds')
      .values({ id: 1, rule_version: ruleVersion, built_at: sql`now()` })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ rule_version: ruleVersion, built_at: sql`now()` }),
      )
      .execute();
    return { raised: fresh.length, cleared: cleared.length };
  });
}

export async function lastBuild(db: Executor) {
  return (await db.selectFrom('early_warning_builds').selectAll().executeTakeFirst()) ?? null;
}

/** Every standing flag, and those cleared since `since`: the watch list's reading. */
export async function flagsSince(db: Executor, since: Date): Promise<FlagRecord[]> {
  return db
    .selectFrom('early_warning_flags')
    .selectAll()
    .where((eb) => eb.or([eb('cleared_at', 'is', null), eb('cleared_at', '>=', since)]))
    .orderBy('area_code')
    .orderBy('theme')
    .orderBy('rule')
    .execute();
}

/** Every flag a council has had, standing first, newest first. */
export async function flagsOf(db: Executor, areaCode: string): Promise<FlagRecord[]> {
  return db
    .selectFrom('early_warning_flags')
    .selectAll()
    .where('area_code', '=', areaCode)
    .orderBy(sql`cleared_at is null`, 'desc')
    .orderBy('raised_at', 'desc')
    .orderBy('theme')
    .orderBy('rule')
    .execute();
}

export interface NoteRecord {
  id: number;
  area_code: string;
  kind: NoteKind;
  body: string;
  author: string;
  created_at: Date;
}

export async function addNote(
  db: Executor,
  note: { area_code: string; kind: NoteKind; body: string; user_id: number; author: string },
): Promise<NoteRecord> {
  return db
    .insertInto('early_warning_notes')
    .values(note)
    .returning(['id', 'area_code', 'kind', 'body', 'author', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** A council's notes, newest first. */
export async function notesOf(db: Executor, areaCode: string): Promise<NoteRecord[]> {
  return db
    .selectFrom('early_warning_notes')
    .select(['id', 'area_code', 'kind', 'body', 'author', 'created_at'])
    .where('area_code', '=', areaCode)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Each council's latest note: where its support stands, for the watch list. */
export async function latestNotes(db: Executor): Promise<NoteRecord[]> {
  return db
    .selectFrom('early_warning_notes')
    .distinctOn('area_code')
    .select(['id', 'area_code', 'kind', 'body', 'author', 'created_at'])
    .orderBy('area_code')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Whether values of these metrics became public (an embargo ended) since the flags were built. */
export async function liftedSinceBuilt(db: Executor, slugs: readonly string[]): Promise<boolean> {
  const built = sql`(select built_at from early_warning_builds)`;
  const result = await sql<{ due: boolean }>`
    select ${madePublicSince(slugs, built)} as due`.execute(db);
  return result.rows[0]?.due ?? false;
}
