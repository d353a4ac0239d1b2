import { sql, type Kysely } from 'kysely';

/*
 * Schema v6: an embargoed revision of a value the public has seen no longer hides it.
 *
 * An observation row holds the newest state of its value. When an embargoed import changes a
 * value the public can see, the row also keeps that public state in its held_* columns, and
 * readers show the held state until the embargo ends, then the row's own state: the switch
 * happens at read time by comparing embargo_until with the moment asked about, so no job has to
 * run at the embargo's end. Only embargoed rows hold a state; a restricted import withdraws the
 * values it names, as before. Revisions carry the same columns, so that answers "as of" a past
 * moment show what the public saw then. held_updated_at is when the held state was written: the
 * public's "last changed" must not reveal that a revision is waiting.
 *
 * The coverage summary gains rows that mark the moment a held value gives way to its revision
 * (observation_count 0, value_count the change in how many cells hold a value, which may be
 * negative), so
 * its counts stay exact before and after the embargo and readers of kept latest values know
 * that moment made them stale.
 */
const heldColumns = `add column held_value double precision,
    add column held_lci double precision,
    add column held_uci double precision,
    add column held_status text,
    add column held_updated_at timestamptz`;

const heldChecks = (table: string) => [
  `alter table ${table} add constraint ${table}_held_only_embargoed
    check (held_status is null or publication = 'embargoed')`,
  `alter table ${table} add constraint ${table}_held_complete
    check ((held_status is null) = (held_updated_at is null))`,
  `alter table ${table} add constraint ${table}_held_value_status
    check (held_status is null or (held_value is null) = (held_status in ('not-available',
      'suppressed', 'not-applicable')))`,
];

const statements = [
  `alter table observations ${heldColumns}`,
  `alter table observation_revisions ${heldColumns}`,
  ...heldChecks('observations'),
  ...heldChecks('observation_revisions'),
  `alter table metric_period_coverage drop constraint metric_period_coverage_observation_count_check`,
  `alter table metric_period_coverage drop constraint metric_period_coverage_check`,
  `alter table metric_period_coverage add constraint metric_period_coverage_counts
    check (observation_count >= 0)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
