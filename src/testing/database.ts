import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../db/database.ts';
import { pgliteSnapshot, postgresTemplate, withAdmin, type Build } from './snapshot.ts';

/** A fixture many test files share: built once (see snapshot.ts), then copied for each. */
export interface Snapshot {
  /** Names the snapshot among others: letters, digits and underscores, 20 at most. */
  name: string;
  /** The data folder the build reads, if any: a change to its files means a new snapshot. */
  dataDir?: string;
  build: Build;
}

/** The schema alone: migrating took PGlite seconds of CPU for every test file. */
const migrated: Snapshot = { name: 'migrated', build: async () => {} };

/**
 * A fresh, migrated database for one test file, empty or holding a copy of `snapshot`. With
 * DATABASE_URL set (the CI's second pass) it is a new database on that PostgreSQL server, dropped
 * afterwards; otherwise an in-memory PGlite.
 */
export async function openTestDatabase(
  snapshot: Snapshot = migrated,
): Promise<Database & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const loadDataDir = await pgliteSnapshot(snapshot.name, snapshot.dataDir, snapshot.build);
    return openDatabase({ kind: 'pglite', dataDir: 'memory://' }, { loadDataDir });
  }
  const name = `openlg_test_${randomBytes(6).toString('hex')}`;
  const template = await postgresTemplate(
    serverUrl,
    snapshot.name,
    snapshot.dataDir,
    snapshot.build,
  );
  await withAdmin(serverUrl, (client) =>
    client.query(`create database ${name} template ${template}`),
  );
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
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
