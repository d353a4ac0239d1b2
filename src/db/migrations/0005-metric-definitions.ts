import { sql, type Kysely } from 'kysely';

/*
 * Schema v5: a metric's definition (title, description, unit, caveats, source, licence...) is
 * versioned and follows the publication state of the import that wrote it, as values do. An
 * embargoed import that redefines a metric must not show the new definition before its values,
 * and a restricted one never: every public read takes the newest version that is public at the
 * moment it describes, by comparison with that moment, so an embargo lifts without a job.
 *
 * Versions are never updated: a version's state is fixed when written, so "public at t" needs
 * no history of states. The metrics table keeps only what never changes (id, slug).
 * Today's definitions become each metric's first version, published, written when the metric
 * was created: their earlier history is not known, and values as of any past moment need one.
 */
const statements = [
  `create table metric_definitions (
    id bigint generated always as identity primary key,
    metric_id integer not null references metrics (id) on delete cascade,
    title text not null check (title <> ''),
    subtitle text,
    description text,
    unit text,
    measure text,
    decimal_places smallint not null default 0 check (decimal_places between 0 and 10),
    polarity text not null check (polarity in ('higher-is-better', 'lower-is-better', 'no-judgement')),
    theme text check (theme in ('children-and-young-people', 'adult-social-care-and-health',
      'economy-and-skills', 'environment-housing-and-planning', 'safer-and-stronger-communities',
      'culture-tourism-and-sport', 'finance-and-value-for-money', 'workforce',
      'context-and-demographics')),
    source_organisation text,
    source_url text,
    licence text,
    caveats text,
    periodicity text,
    publication text not null default 'published'
      check (publication in ('published', 'embargoed', 'restricted')),
    embargo_until timestamptz,
    import_id bigint references imports (id),
    written_at timestamptz not null default now(),
    check ((publication = 'embargoed') = (embargo_until is not null))
  )`,
  // The newest version public at a moment is the first match walking this index backwards.
  `create index metric_definitions_metric on metric_definitions (metric_id, id desc)
    include (publication, embargo_until, written_at)`,
  `insert into metric_definitions (metric_id, title, subtitle, description, unit, measure,
      decimal_places, polarity, theme, source_organisation, source_url, licence, caveats,
      periodicity, written_at)
    select id, title, subtitle, description, unit, measure, decimal_places, polarity, theme,
      source_organisation, source_url, licence, caveats, periodicity, created_at
    from metrics order by id`,
  `drop index metrics_theme`,
  `alter table metrics drop column title, drop column subtitle, drop column description,
    drop column unit, drop column measure, drop column decimal_places, drop column polarity,
    drop column theme, drop column source_organisation, drop column source_url,
    drop column licence, drop column caveats, drop column periodicity, drop column updated_at`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
