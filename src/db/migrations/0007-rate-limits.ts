import { sql, type Kysely } from 'kysely';

/*
 * Schema v7: requests counted per client address and minute, so that every openlg process
 * serving one database enforces one limit (issue 13). Each process counts in memory and adds its
 * counts here about once a second, reading back everyone's; rows older than two minutes are of
 * no further use and are deleted as it goes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table rate_limits (
    client text not null,
    window_start bigint not null,
    hits integer not null,
    primary key (client, window_start)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table rate_limits`.execute(db);
}
