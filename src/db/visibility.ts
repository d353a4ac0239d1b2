import { sql, type RawBuilder } from 'kysely';
import type { MetricDefinitionColumns } from './schema.ts';

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
 * state once public, otherwise the state held while its revision waits. updated_at is when that
 * state was written.
 */
export function publicField(
  table: ValueTable,
  field: StateField | 'updated_at',
  at: RawBuilder<unknown>,
) {
  return sql`(case when ${ownStatePublicAt(table, at)} then ${sql.ref(`${table}.${field}`)}
    else ${sql.ref(`${table}.held_${field}`)} end)`;
}

/** The public fields value, lci, uci and status of the row aliased `table` at `at`. */
export function publicStateAt(table: ValueTable, at: RawBuilder<unknown>) {
  return sql.join(stateFields.map((field) => publicField(table, field, at).as(field)));
}

/** The public value, lci, uci and status of the observation aliased `o` now. */
export const publicState = publicStateAt('o', sql`now()`);

/** Coverage rows (aliased `c`) carry the moment their values became public ('infinity' when restricted). */
export const publicCoverage = sql<boolean>`c.visible_from <= now()`;

/** The columns of a metric as the public sees it: its identity and one version of its definition. */
export interface PublicMetricColumns extends MetricDefinitionColumns {
  id: number;
  slug: string;
  synthetic: boolean;
}

/**
 * Every metric with the newest version of its definition that the public could see at `at`
 * (a version is immutable: written by then, and published or embargoed until no later than
 * then). A metric with no such version is not in it: a new metric whose definition is still
 * embargoed or restricted does not exist for the public. Select from it as a table.
 */
export function metricsPublicAt(at: RawBuilder<unknown>) {
  return sql<PublicMetricColumns>`(select m.id, m.slug, m.synthetic, d.title, d.subtitle,
      d.description, d.unit, d.measure, d.decimal_places, d.polarity, d.theme,
      d.source_organisation, d.source_url, d.licence, d.caveats, d.periodicity,
      d.comparable_across
    from metrics m cross join lateral (select * from metric_definitions d
      where d.metric_id = m.id and d.written_at <= ${at} and ${definitionPublicAt(at)}
      order by d.id desc limit 1) d)`;
}

/** Whether the version of a metric's definition aliased `d`, if written by then, is public at `at`. */
export function definitionPublicAt(at: RawBuilder<unknown>) {
  return sql<boolean>`(d.publication = 'published'
    or (d.publication = 'embargoed' and d.embargo_until <= ${at}))`;
}

/** Every metric with the definition the public sees now. */
export const metricsPublicNow = metricsPublicAt(sql`now()`);
