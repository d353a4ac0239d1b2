import { sql, type Kysely } from 'kysely';

/*
 * Schema v1. Migrations are snapshots: vocabularies are written out here rather than imported,
 * so that changing src/db/vocabulary.ts later needs a new migration (a test checks they agree).
 *
 * Observations are keyed by compact integer ids for (metric, period, area) because the national
 * store holds tens of millions of rows; the public identifiers (slug, ISO period, GSS code) stay
 * the primary keys of their own tables.
 */
const statements = [
  `create table areas (
    id integer generated always as identity unique,
    code text primary key check (code ~ '^[EWSNK][0-9]{8}$'),
    name text not null check (name <> ''),
    short_name text not null check (short_name <> ''),
    type text not null check (type in ('county', 'district', 'unitary', 'metropolitan-district',
      'london-borough', 'sui-generis', 'combined-authority', 'strategic-authority',
      'fire-and-rescue-authority', 'region', 'nation', 'welsh-unitary', 'scottish-unitary',
      'northern-ireland-district')),
    nation text not null check (nation in ('england', 'wales', 'scotland', 'northern-ireland')),
    valid_from date,
    valid_to date,
    check (valid_to is null or valid_from is null or valid_to >= valid_from)
  )`,
  `create index areas_type on areas (type, code)`,

  `create table area_identifiers (
    scheme text not null check (scheme in ('mysociety', 'dfe-la', 'mhclg-ecode', 'former-gss')),
    identifier text not null check (identifier <> ''),
    area_code text not null references areas (code) on delete cascade,
    primary key (scheme, identifier)
  )`,
  `create index area_identifiers_area on area_identifiers (area_code)`,

  // Spelling variants, lower-cased and with punctuation folded; one name may match several areas.
  `create table area_names (
    name_key text not null check (name_key <> ''),
    area_code text not null references areas (code) on delete cascade,
    primary key (name_key, area_code)
  )`,
  `create index area_names_area on area_names (area_code)`,

  // Parents are not always areas openlg holds (police force areas), so the code is not a
  // foreign key and the parent's name is kept beside it.
  `create table area_parents (
    area_code text not null references areas (code) on delete cascade,
    relation text not null check (relation in ('nation', 'region', 'upper-tier',
      'combined-authority', 'fire-and-rescue-authority', 'police-force-area')),
    parent_code text not null,
    parent_name text not null,
    source text not null,
    primary key (area_code, relation)
  )`,
  `create index area_parents_parent on area_parents (relation, parent_code)`,

  `create table area_successions (
    predecessor_code text not null references areas (code) on delete cascade,
    successor_code text not null references areas (code) on delete cascade,
    effective_date date,
    kind text not null check (kind in ('merger', 'code-change', 'abolition')),
    primary key (predecessor_code, successor_code)
  )`,
  `create index area_successions_successor on area_successions (successor_code)`,

  // Boundaries are stored already projected to SVG path data, so that drawing a map is string
  // concatenation rather than geometry work on every request.
  `create table area_boundaries (
    layer text not null check (layer in ('ltla', 'utla', 'cauth', 'rgn', 'ctry')),
    area_code text not null references areas (code) on delete cascade,
    path text not null,
    min_x real not null,
    min_y real not null,
    max_x real not null,
    max_y real not null,
    primary key (layer, area_code)
  )`,

  `create table area_groups (
    id text primary key check (id ~ '^[a-z0-9][a-z0-9:._-]*$'),
    kind text not null check (kind in ('region', 'type', 'nearest-neighbours', 'cluster', 'custom')),
    label text not null,
    description text,
    owner text,
    subject_area_code text references areas (code) on delete cascade,
    model text,
    model_version text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index area_groups_subject on area_groups (subject_area_code, kind)`,
  `create table area_group_members (
    group_id text not null references area_groups (id) on delete cascade,
    area_code text not null references areas (code) on delete cascade,
    position integer not null check (position >= 1),
    distance double precision,
    band text,
    primary key (group_id, area_code),
    unique (group_id, position)
  )`,
  `create index area_group_members_area on area_group_members (area_code)`,

  `create table metrics (
    id integer generated always as identity unique,
    slug text primary key check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
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
    synthetic boolean not null default false,
    metadata jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index metrics_theme on metrics (theme, slug)`,

  // end_date is exclusive: 2019-04-01/P1Y runs from 2019-04-01 up to 2020-04-01.
  `create table periods (
    id integer generated always as identity unique,
    code text primary key,
    type text not null check (type in ('financial-year', 'academic-year', 'calendar-year',
      'quarter', 'month', 'multi-year', 'other')),
    label text not null,
    start_date date not null,
    end_date date not null,
    check (end_date > start_date)
  )`,
  `create index periods_start on periods (start_date, end_date)`,

  `create table imports (
    id bigint generated always as identity primary key,
    kind text not null,
    source text not null,
    file_name text not null,
    file_checksum text not null,
    command text not null,
    created_by text not null,
    started_at timestamptz not null,
    finished_at timestamptz not null default now(),
    publication text not null default 'published'
      check (publication in ('published', 'embargoed', 'restricted')),
    embargo_until timestamptz,
    synthetic boolean not null default false,
    summary jsonb not null default '{}'
  )`,
  `create index imports_checksum on imports (file_checksum)`,

  `create table observations (
    metric_id integer not null references metrics (id) on delete cascade,
    period_id integer not null references periods (id),
    area_id integer not null references areas (id),
    value double precision,
    lci double precision,
    uci double precision,
    numerator double precision,
    denominator double precision,
    status text not null default 'ok' check (status in ('ok', 'low-reliability', 'provisional',
      'estimated', 'not-available', 'suppressed', 'not-applicable')),
    publication text not null default 'published'
      check (publication in ('published', 'embargoed', 'restricted')),
    embargo_until timestamptz,
    import_id bigint not null references imports (id),
    updated_at timestamptz not null default now(),
    primary key (metric_id, period_id, area_id),
    check ((value is null) = (status in ('not-available', 'suppressed', 'not-applicable'))),
    check ((publication = 'embargoed') = (embargo_until is not null)),
    check (value is null or value = value)
  )`,
  `create index observations_area on observations (area_id, metric_id, period_id)`,

  // The value an observation had before each change, and when that value was current.
  `create table observation_revisions (
    id bigint generated always as identity primary key,
    metric_id integer not null references metrics (id) on delete cascade,
    period_id integer not null references periods (id),
    area_id integer not null references areas (id),
    value double precision,
    lci double precision,
    uci double precision,
    numerator double precision,
    denominator double precision,
    status text not null,
    publication text not null,
    embargo_until timestamptz,
    import_id bigint not null references imports (id),
    valid_from timestamptz not null,
    valid_to timestamptz not null,
    check (valid_to >= valid_from)
  )`,
  `create index observation_revisions_key on observation_revisions
    (metric_id, period_id, area_id, valid_to)`,

  // Bumped by every change to published data; the API derives ETag and Last-Modified from it.
  `create table data_version (
    singleton boolean primary key default true check (singleton),
    version bigint not null,
    updated_at timestamptz not null
  )`,
  `insert into data_version (version, updated_at) values (1, now())`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'data_version',
    'observation_revisions',
    'observations',
    'imports',
    'periods',
    'metrics',
    'area_group_members',
    'area_groups',
    'area_boundaries',
    'area_successions',
    'area_parents',
    'area_names',
    'area_identifiers',
    'areas',
  ]) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
}
