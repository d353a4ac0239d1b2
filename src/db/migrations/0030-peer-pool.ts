import { sql, type Kysely } from 'kysely';

/*
 * The peer pool and the teams made from it (issue 20): peers (member and officer), the windows
 * they are free, the councils they declared a conflict with, and each challenge's team with
 * every peer's answer. A peer who signs in is linked to their user and keeps their own profile;
 * the programme team may hold peers who never sign in. Vocabularies written out, as in 0029.
 */
const kinds = `'member', 'officer'`;
const roles = `'chief-executive-peer', 'lead-member-peer', 'member-peer', 'officer-peer', 'manager'`;
const statuses = `'proposed', 'invited', 'accepted', 'declined'`;
const gss = `'^E[0-9]{8}$'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table peers (
    id integer generated always as identity primary key,
    kind text not null check (kind in (${sql.raw(kinds)})),
    name text not null check (length(name) between 1 and 200),
    email text,
    user_id integer unique references users (id) on delete set null,
    home_area_code text not null check (home_area_code ~ ${sql.raw(gss)}),
    party text,
    roles text[] not null default '{}'
      check (roles <@ array[${sql.raw(roles)}]::text[]),
    role_title text not null,
    specialisms text[] not null default '{}',
    accredited_on date,
    trained_on date,
    region_code text not null check (region_code ~ ${sql.raw(gss)}),
    illustrative boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    -- Member peers serve for a party (or as independents, named so); officers for none.
    check ((kind = 'member') = (party is not null))
  )`.execute(db);
  await sql`create index peers_home on peers (home_area_code)`.execute(db);
  await sql`create table peer_availability (
    id integer generated always as identity primary key,
    peer_id integer not null references peers (id) on delete cascade,
    from_date date not null,
    to_date date not null,
    check (to_date >= from_date)
  )`.execute(db);
  await sql`create index peer_availability_peer on peer_availability (peer_id)`.execute(db);
  await sql`create table peer_conflicts (
    id integer generated always as identity primary key,
    peer_id integer not null references peers (id) on delete cascade,
    area_code text not null check (area_code ~ ${sql.raw(gss)}),
    reason text not null,
    unique (peer_id, area_code)
  )`.execute(db);
  await sql`create table peer_challenge_members (
    id integer generated always as identity primary key,
    challenge_id integer not null references peer_challenges (id) on delete cascade,
    peer_id integer not null references peers (id) on delete cascade,
    role text not null check (role in (${sql.raw(roles)})),
    status text not null check (status in (${sql.raw(statuses)})),
    override_reason text,
    decided_at timestamptz,
    created_at timestamptz not null default now(),
    unique (challenge_id, peer_id)
  )`.execute(db);
  await sql`create index peer_challenge_members_peer on peer_challenge_members (peer_id)`.execute(
    db,
  );
  await sql`alter table peer_challenges
    add column leadership_party text,
    add column scoping_specialisms text[] not null default '{}'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table peer_challenges
    drop column leadership_party, drop column scoping_specialisms`.execute(db);
  await sql`drop table peer_challenge_members`.execute(db);
  await sql`drop table peer_conflicts`.execute(db);
  await sql`drop table peer_availability`.execute(db);
  await sql`drop table peers`.execute(db);
}
