import { sql, type Kysely } from 'kysely';

/*
 * Council data uploads waiting to be confirmed (issue 17): a steward's file, kept between the
 * preview (a dry run) and the confirmation in the database rather than on one process's disk,
 * so that any openlg process may serve the confirmation. Each belongs to the person and the
 * organisation it was uploaded for, carries its checksum (checked again before the import) and
 * an expiry; it is deleted once used, and when expired.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table pending_uploads (
    id serial primary key,
    organisation_id integer not null references organisations (id) on delete cascade,
    user_id integer not null references users (id) on delete cascade,
    file_name text not null,
    format text not null check (format in ('csv', 'xlsx')),
    checksum text not null,
    content bytea not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
  )`.execute(db);
  await sql`create index pending_uploads_expires on pending_uploads (expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table pending_uploads`.execute(db);
}
