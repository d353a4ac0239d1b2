import { sql, type RawBuilder } from 'kysely';

/*
 * What the public may see, in one place: every public read of values filters by these. A value
 * is public when published, or embargoed until a moment that has passed; restricted never. While
 * an embargoed revision of a value waits, the public keeps seeing the state it saw before, held
 * beside the revision in the held_* columns (see migration 0006).
 */

type ValueTable = 'o' | 'r';

/** Whether the row's own state (not its held one) was public at `at`. */
export function ownStatePublicAt(table: ValueTable, at: RawBuilder<unknown>) {
  return sql<boolean>`(${sql.ref(`${table}.publication`)} = 'published'
    or (${sql.ref(`${table}.publication`)} = 'embargoed' and ${sql.ref(`${table}.embargo_until`)} <= ${at}))`;
}

/** Whether the row of observations (or revisions) aliased `table` showed the public anything at `at`. */
export function publicAt(table: ValueTable, at: RawBuilder<unknown>) {
  return sql<boolean>`(${ownStatePublicAt(table, at)} or ${sql.ref(`${table}.held_status`)} is not null)`;
}

/** The observation aliased `o` is public now. */
export const publicObservation = publicAt('o', sql`now()`);

const stateFields = ['value', 'lci', 'uci', 'status'] as const;
export type StateField = (typeof stateFields)[number];

/**
 * One field of the state the public saw at `at` of a row that publicAt says was public: its own
 * state once public, otherwise the state held while its revision waits. Named as the field.
 */
export function publicFieldAt(table: ValueTable, field: StateField, at: RawBuilder<unknown>) {
  return sql`(case when ${ownStatePublicAt(table, at)} then ${sql.ref(`${table}.${field}`)}
    else ${sql.ref(`${table}.held_${field}`)} end)`.as(field);
}

/** The public fields value, lci, uci and status of the row aliased `table` at `at`. */
export function publicStateAt(table: ValueTable, at: RawBuilder<unknown>) {
  return sql.join(stateFields.map((field) => publicFieldAt(table, field, at)));
}

/** The public value, lci, uci and status of the observation aliased `o` now. */
export const publicState = publicStateAt('o', sql`now()`);

/** Coverage rows (aliased `c`) carry the moment their values became public ('infinity' when restricted). */
export const publicCoverage = sql<boolean>`c.visible_from <= now()`;
