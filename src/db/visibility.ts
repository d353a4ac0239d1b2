import { sql, type RawBuilder } from 'kysely';
import type { MetricDefinitionColumns } from './schema.ts';
import type { AreaType, ValueStatus } from './vocabulary.ts';

/*
 * What a reader may see, in one place: every read of values filters by these. A value is public
 * when published, or embargoed (or restricted) until a moment that has passed; restricted with
 * no end, never. While an embargoed revision of a value waits, the public keeps seeing the state
 * it saw before, held beside the revision in the held_* columns (see migration 0006).
 *
 * A signed-in reader may see more: the values of the imports in their sight (see Sight), whatever
 * their state. Public reads pass no sight and get exactly the public's SQL.
 */

type ValueTable = 'o' | 'r';

/**
 * The imports a reader may see before the public does, beyond what is public: those their
 * organisations lodged, and the restricted ones shared with them (see migration 0017). Empty
 * for the public. Small: ids of imports not yet public, never of every import.
 */
export type Sight = readonly number[];

/** The public's sight: nothing beyond what is public. */
export const publicSight: Sight = [];

/** Whether the row's own state (not its held one) was public at `at`. */
export function ownStatePublicAt(table: ValueTable, at: RawBuilder<unknown>) {
  const until = sql.ref(`${table}.embargo_until`);
  // A restriction with no end has no embargo_until: "is not null" keeps the test true or false.
  return sql<boolean>`(${sql.ref(`${table}.publication`)} = 'published'
    or (${until} is not null and ${until} <= ${at}))`;
}

/** Whether the reader with `sight` sees the row's own state at `at` (not its held one). */
export function ownStateVisibleAt(table: ValueTable, at: RawBuilder<unknown>, sight: Sight) {
  if (sight.length === 0) return ownStatePublicAt(table, at);
  return sql<boolean>`(${ownStatePublicAt(table, at)}
    or ${sql.ref(`${table}.import_id`)} = any(${sight}::integer[]))`;
}

/**
 * Whether what the reader with `sight` sees of the row now is not yet public: its own state, seen
 * through their sight before the public may. Always false for the public, at no cost.
 */
export function unpublishedFor(
  table: ValueTable,
  sight: Sight,
  at: RawBuilder<unknown> = sql`now()`,
) {
  if (sight.length === 0) return sql<boolean>`false`;
  return sql<boolean>`(not ${ownStatePublicAt(table, at)}
    and ${sql.ref(`${table}.import_id`)} = any(${sight}::integer[]))`;
}

/**
 * Whether the row of observations (or revisions) aliased `table` showed the reader with `sight`
 * anything at `at`: its own state, or the public state it holds while its revision waits.
 */
export function visibleAt(table: ValueTable, at: RawBuilder<unknown>, sight: Sight = publicSight) {
  return sql<boolean>`(${ownStateVisibleAt(table, at, sight)} or ${sql.ref(`${table}.held_status`)} is not null)`;
}

/** A past moment a reader asks about, never later than now: a later one would lift embargoes early. */
export function pastMoment(at: Date): RawBuilder<Date> {
  return sql<Date>`least(${at}::timestamptz, now())`;
}

/** An observation's key and state as a reader saw it, flagged when not public then. */
export interface SeenState {
  metric_id: number;
  period_id: number;
  area_id: number;
  value: number | null;
  lci: number | null;
  uci: number | null;
  status: ValueStatus;
  unpublished: boolean;
}

/**
 * The observations of these metrics as the reader with `sight` saw them at a past moment, to
 * select from as a table: the current row if it was written by then, otherwise the revision
 * current then (a revision holds the state a value had from valid_from to valid_to), either only
 * if the reader saw it then. The two never both match: a revision ends when the current row was
 * written. Read from the values themselves, never from the summaries kept for today.
 */
export function observationsSeenAt(at: Date, sight: Sight, metricIds: readonly number[]) {
  const moment = pastMoment(at);
  const columns = (t: ValueTable) =>
    sql`${sql.join(['metric_id', 'period_id', 'area_id'].map((c) => sql.ref(`${t}.${c}`)))},
      ${visibleStateAt(t, moment, sight)}, ${unpublishedFor(t, sight, moment)} as unpublished`;
  return sql<SeenState>`(select ${columns('o')} from observations o
      where o.metric_id = any(${metricIds}::integer[]) and o.updated_at <= ${moment}
        and ${visibleAt('o', moment, sight)}
    union all
    select ${columns('r')} from observation_revisions r
      where r.metric_id = any(${metricIds}::integer[]) and r.valid_from <= ${moment}
        and ${moment} < r.valid_to and ${visibleAt('r', moment, sight)})`;
}

/** Whether the row aliased `table` showed the public anything at `at`. */
export function publicAt(table: ValueTable, at: RawBuilder<unknown>) {
  return visibleAt(table, at);
}

/** The observation aliased `o` is public now. */
export const publicObservation = publicAt('o', sql`now()`);

const stateFields = ['value', 'lci', 'uci', 'status'] as const;
export type StateField = (typeof stateFields)[number];

/**
 * One field of the state the reader with `sight` saw at `at` of a row that visibleAt says they
 * saw: its own state once visible to them, otherwise the state held while its revision waits.
 * updated_at is when that state was written.
 */
export function visibleField(
  table: ValueTable,
  field: StateField | 'updated_at',
  at: RawBuilder<unknown>,
  sight: Sight,
) {
  return sql`(case when ${ownStateVisibleAt(table, at, sight)} then ${sql.ref(`${table}.${field}`)}
    else ${sql.ref(`${table}.held_${field}`)} end)`;
}

/** The fields value, lci, uci and status of the row aliased `table` at `at`, as `sight` sees them. */
export function visibleStateAt(table: ValueTable, at: RawBuilder<unknown>, sight: Sight) {
  return sql.join(stateFields.map((field) => visibleField(table, field, at, sight).as(field)));
}

/** One field of the state the public saw at `at` (see visibleField). */
export function publicField(
  table: ValueTable,
  field: StateField | 'updated_at',
  at: RawBuilder<unknown>,
) {
  return visibleField(table, field, at, publicSight);
}

/** The public fields value, lci, uci and status of the row aliased `table` at `at`. */
export function publicStateAt(table: ValueTable, at: RawBuilder<unknown>) {
  return visibleStateAt(table, at, publicSight);
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
 * Every metric with the newest version of its definition that the public (or a reader with
 * `sight`) could see at `at`
 * (a version is immutable: written by then, and published or embargoed until no later than
 * then). A metric with no such version is not in it: a new metric whose definition is still
 * embargoed or restricted does not exist for the public. Select from it as a table.
 */
export function metricsPublicAt(at: RawBuilder<unknown>, sight: Sight = publicSight) {
  return sql<PublicMetricColumns>`(select m.id, m.slug, m.synthetic, d.title, d.subtitle,
      d.description, d.unit, d.measure, d.decimal_places, d.polarity, d.theme,
      d.source_organisation, d.source_url, d.licence, d.caveats, d.periodicity,
      d.comparable_across
    from metrics m cross join lateral (select * from metric_definitions d
      where d.metric_id = m.id and d.written_at <= ${at} and ${definitionPublicAt(at, sight)}
      order by d.id desc limit 1) d)`;
}

/**
 * Whether the version of a metric's definition aliased `d`, if written by then, is public at
 * `at`, or in the reader's sight.
 */
export function definitionPublicAt(at: RawBuilder<unknown>, sight: Sight = publicSight) {
  const own = sight.length === 0 ? sql`` : sql` or d.import_id = any(${sight}::integer[])`;
  return sql<boolean>`(d.publication = 'published'
    or (d.embargo_until is not null and d.embargo_until <= ${at})${own})`;
}

/** Every metric with the definition the public sees now. */
export const metricsPublicNow = metricsPublicAt(sql`now()`);

/** The columns of the coverage summary (migration 0002), as a reader's coverage has them. */
export interface CoverageColumns {
  metric_id: number;
  period_id: number;
  area_type: AreaType;
  visible_from: Date;
  observation_count: number;
  value_count: number;
  last_changed: Date;
}

/**
 * The coverage rows a reader with `sight` sees, to select from aliased `c` and filter by
 * publicCoverage as the public's are: the kept summary alone for the public. With a sight, the
 * observations in it that the public cannot see yet are laid over it, each counted as the
 * summary counts it once its embargo has ended (a revision holding a public state adds no row,
 * only the change in cells with a value), so that counts stay exact. Read per request, never kept.
 */
export function coverageSeenBy(sight: Sight) {
  if (sight.length === 0) return sql<CoverageColumns>`metric_period_coverage`;
  return sql<CoverageColumns>`(select c.metric_id, c.period_id, c.area_type, c.visible_from,
      c.observation_count, c.value_count, c.last_changed
    from metric_period_coverage c
    union all
    select o.metric_id, o.period_id, a.type, '-infinity'::timestamptz,
      (o.held_status is null)::integer,
      (o.value is not null)::integer - (o.held_value is not null)::integer, o.updated_at
    from observations o join areas a on a.id = o.area_id
    where o.publication <> 'published' and o.import_id = any(${sight}::integer[])
      and not ${ownStatePublicAt('o', sql`now()`)})`;
}

/**
 * Whether values of these metrics became public (an embargo ended) after `since` and by now:
 * what a table kept from the public figures must be worked out again for.
 */
export function madePublicSince(slugs: readonly string[], since: RawBuilder<unknown>) {
  return sql<boolean>`exists (
    select 1 from metric_period_coverage c join metrics m on m.id = c.metric_id
    where m.slug = any(${[...slugs]}::text[])
      and c.visible_from > ${since}
      and c.visible_from <= now())`;
}
