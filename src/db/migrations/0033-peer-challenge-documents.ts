import { sql, type Kysely } from 'kysely';

/*
 * A peer challenge's documents (issue 20): the council's position statement, the team's report
 * and the action plan. Every upload is a new version, kept whole in the database (so that any
 * openlg process serves it) with its checksum, size, who uploaded it and when; none is ever
 * changed. Publishing the report or the action plan names the version published, once, with an
 * optional link to the council's own published copy: that version, and only it, is public.
 */
const kinds = `'position-statement', 'report', 'action-plan'`;
const types = `'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.oasis.opendocument.text'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table peer_challenge_documents (
    id integer generated always as identity primary key,
    challenge_id integer not null references peer_challenges (id) on delete cascade,
    kind text not null check (kind in (${sql.raw(kinds)})),
    version integer not null check (version > 0),
    file_name text not null check (length(file_name) between 1 and 120),
    media_type text not null check (media_type in (${sql.raw(types)})),
    size_bytes integer not null check (size_bytes > 0),
    sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    content bytea not null,
    uploaded_by_user_id integer references users (id) on delete set null,
    uploaded_at timestamptz not null default now(),
    illustrative boolean not null default false,
    unique (challenge_id, kind, version)
  )`.execute(db);
  await sql`create table peer_challenge_publications (
    challenge_id integer not null references peer_challenges (id) on delete cascade,
    kind text not null check (kind in ('report', 'action-plan')),
    document_id integer not null references peer_challenge_documents (id),
    published_on date not null,
    council_url text check (council_url ~ '^https://'),
    recorded_at timestamptz not null default now(),
    primary key (challenge_id, kind)
  )`.execute(db);
  await sql`create index peer_challenge_publications_document
    on peer_challenge_publications (document_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table peer_challenge_publications`.execute(db);
  await sql`drop table peer_challenge_documents`.execute(db);
}
