import { sql, type RawBuilder } from 'kysely';

/*
 * What the public may see, in one place: every public read of values filters by these. A value
 * is public when published, or embargoed until a moment that has passed; restricted never.
 */

/** Whether the row of observations (or revisions) aliased `table` was public at `at`. */
export function publicAt(table: 'o' | 'r', at: RawBuilder<unknown>) {
  return sql<boolean>`(${sql.ref(`${table}.publication`)} = 'published'
    or (${sql.ref(`${table}.publication`)} = 'embargoed' and ${sql.ref(`${table}.embargo_until`)} <= ${at}))`;
}

/** The observation aliased `o` is public now. */
export const publicObservation = publicAt('o', sql`now()`);

/** Coverage rows (aliased `c`) carry the moment their values became public ('infinity' when restricted). */
export const publicCoverage = sql<boolean>`c.visible_from <= now()`;
