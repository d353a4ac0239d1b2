import { sql, type Kysely } from 'kysely';

/*
 * Saved comparison groups (issue 17): councils a person keeps under a name, to compare with as
 * `group=saved:<id>`. Each belongs to the user who made it, and to one of their organisations
 * when shared with it; who may see it is its visibility (private: its owner; organisation: the
 * organisation's members; public: everyone). Members are GSS codes in the order chosen, not
 * references to areas: a council abolished later stays in the group, as it does in a link.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table saved_groups (
    id serial primary key,
    owner_user_id integer not null references users (id) on delete cascade,
    organisation_code text references organisations (code) on delete cascade,
    name text not null,
    slug text not null,
    visibility text not null check (visibility in ('private', 'organisation', 'public')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    updated_by integer references users (id) on delete set null,
    check (visibility <> 'organisation' or organisation_code is not null)
  )`.execute(db);
  await sql`create index saved_groups_owner on saved_groups (owner_user_id)`.execute(db);
  await sql`create index saved_groups_organisation on saved_groups (organisation_code)`.execute(db);
  await sql`create table saved_group_members (
    group_id integer not null references saved_groups (id) on delete cascade,
    position integer not null,
    area_code text not null,
    primary key (group_id, position),
    unique (group_id, area_code)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table saved_group_members, saved_groups`.execute(db);
}
