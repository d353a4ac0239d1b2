import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

/**
 * A fresh, migrated, empty database for one test file. With DATABASE_URL set (the CI's second
 * pass) it is a new database on that PostgreSQL server, dropped afterwards; otherwise an
 * in-memory PGlite.
 */
export async function openTestDatabase(): Promise<Database & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
    await migrateToLatest(database.db);
    return database;
  }
  const name = `openlg_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  await migrateToLatest(database.db);
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      await withAdmin(serverUrl, (client) =>
        client.query(`drop database if exists ${name} with (force)`),
      );
    },
  };
}

async function withAdmin(url: string, work: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** A fingerprint of whole tables (row count and a hash of every row), to prove nothing changed. */
export async function fingerprint(database: Database, tables: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const table of tables) {
    const result = await sql<{ n: number; sum: string | null }>`
      select count(*)::int as n, md5(string_agg(t::text, '|' order by t::text)) as sum
      from ${sql.table(table)} t`.execute(database.db);
    parts.push(`${table}:${result.rows[0]?.n}:${result.rows[0]?.sum}`);
  }
  return parts.join(' ');
}
