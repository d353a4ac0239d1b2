import { sql, type Kysely } from 'kysely';

/*
 * Councils lodging their own data (issue 17). An import now says which organisation lodged it
 * and who (null for the operator's imports of open data), and who may see it before the public:
 * the lodging organisation always, and for a restricted import the organisations named as its
 * audience (councils, or benchmarking clubs, whose member councils' people see it too). A
 * restriction may end on a date (embargo_until), after which the values are public like an
 * embargo's; one without an end is withdrawn from the public for good, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table imports
    add column organisation_id integer references organisations (id),
    add column user_id integer references users (id) on delete set null`.execute(db);
  await sql`create index imports_organisation on imports (organisation_id)
    where organisation_id is not null`.execute(db);
  await sql`create table import_audiences (
    import_id integer not null references imports (id) on delete cascade,
    organisation_id integer not null references organisations (id) on delete cascade,
    primary key (import_id, organisation_id)
  )`.execute(db);
  await sql`create index import_audiences_organisation on import_audiences (organisation_id)`.execute(
    db,
  );
  await sql`create table club_members (
    club_id integer not null references organisations (id) on delete cascade,
    organisation_id integer not null references organisations (id) on delete cascade,
    primary key (club_id, organisation_id)
  )`.execute(db);
  await sql`create index club_members_organisation on club_members (organisation_id)`.execute(db);
  await restrictionsMayEnd(db);
  // What a signed-in reader sees beyond the public is the values of a few imports that are not
  // yet public: indexed only there, so that 34 million published values cost the index nothing.
  await sql`create index observations_unpublished_import on observations (import_id)
    where publication <> 'published'`.execute(db);
}

/**
 * Until now only an embargo had an end (a check on observations and definitions said so), and
 * only an embargoed revision held the public's state. A restriction may now end too, and hold
 * the public's state until then. The old checks were never named: found by what they say.
 * The new ones are added NOT VALID: every stored row already meets them (they are looser), and
 * validating would read every value at national scale for nothing.
 */
async function restrictionsMayEnd(db: Kysely<unknown>): Promise<void> {
  await sql`do $$ declare c record; begin
    for c in select conrelid::regclass::text as t, conname from pg_constraint
      where contype = 'c'
        and conrelid in ('observations'::regclass, 'metric_definitions'::regclass)
        and (pg_get_constraintdef(oid) like '%= (embargo_until IS NOT NULL)%'
          or pg_get_constraintdef(oid) like '%held_status IS NULL) OR (publication = %')
    loop execute format('alter table %I drop constraint %I', c.t, c.conname); end loop;
  end $$`.execute(db);
  for (const table of ['observations', 'metric_definitions'])
    await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`${table}_ends_check`)}
      check (case publication when 'published' then embargo_until is null
        when 'embargoed' then embargo_until is not null else true end) not valid`.execute(db);
  await sql`alter table observations add constraint observations_held_check
    check (held_status is null or embargo_until is not null) not valid`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index observations_unpublished_import`.execute(db);
  await sql`drop table club_members, import_audiences`.execute(db);
  await sql`alter table imports drop column organisation_id, drop column user_id`.execute(db);
}
