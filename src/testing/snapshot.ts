import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

/**
 * Fixtures built once and copied for each test file: loading the register (or the demo's
 * indicators) took a test file seconds to minutes, and dozens of files did it. A snapshot is
 * named after everything that could change its contents (the code, the catalogue, the lockfile,
 * the data files' sizes and dates), so an edit anywhere builds a new one rather than serving a
 * stale one. PGlite keeps its dump under node_modules/.cache; PostgreSQL a template database.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const cacheDir = path.join(root, 'node_modules/.cache/openlg-test-snapshots');

export type Build = (database: Database) => Promise<unknown>;

const keys = new Map<string, Promise<string>>();

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** What a snapshot's contents depend on, hashed: the same for every test file of one run. */
function sourceKey(dataDir: string | undefined): Promise<string> {
  const known = keys.get(dataDir ?? '');
  if (known) return known;
  const key = (async () => {
    const hash = createHash('sha256').update(await readFile(path.join(root, 'package-lock.json')));
    for (const dir of ['src', 'catalogue'])
      for (const file of await filesUnder(path.join(root, dir)))
        if (!file.endsWith('.test.ts')) hash.update(file).update(await readFile(file));
    for (const file of dataDir ? await filesUnder(dataDir) : []) {
      const { size, mtimeMs } = await stat(file);
      hash.update(`${file}:${size}:${mtimeMs}`);
    }
    return hash.digest('hex').slice(0, 16);
  })();
  keys.set(dataDir ?? '', key);
  return key;
}

/** A PGlite dump of a store that `build` filled, made on first use and cached. */
export async function pgliteSnapshot(
  name: string,
  dataDir: string | undefined,
  build: Build,
): Promise<Blob> {
  const file = path.join(cacheDir, `${name}-${await sourceKey(dataDir)}.tar`);
  const cached = await readFile(file).catch(() => undefined);
  if (cached) return new Blob([cached]);
  const folder = await mkdtemp(path.join(tmpdir(), 'openlg-snapshot-'));
  try {
    const database = await openDatabase({ kind: 'pglite', dataDir: folder });
    try {
      await migrateToLatest(database.db);
      await build(database);
    } finally {
      await database.close();
    }
    const { PGlite } = await import('@electric-sql/pglite');
    const store = await PGlite.create(folder);
    const dump = await store.dumpDataDir('none');
    await store.close();
    // Written whole under another name first: a test file running beside this one reads either
    // no snapshot or all of it.
    await mkdir(cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
    await removeStale(name, file);
    return dump;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Earlier versions' dumps, unused for an hour: a run of the tests still reading one has ended. */
async function removeStale(name: string, current: string) {
  const hourAgo = Date.now() - 3_600_000;
  for (const entry of await readdir(cacheDir)) {
    const file = path.join(cacheDir, entry);
    if (!entry.startsWith(`${name}-`) || file === current) continue;
    const { atimeMs, mtimeMs } = await stat(file).catch(() => ({ atimeMs: 0, mtimeMs: 0 }));
    if (Math.max(atimeMs, mtimeMs) < hourAgo) await rm(file, { force: true });
  }
}

/**
 * The name of a template database on the PostgreSQL server that `build` filled, made on first
 * use: a test database is then created as a copy of it.
 */
export async function postgresTemplate(
  serverUrl: string,
  name: string,
  dataDir: string | undefined,
  build: Build,
): Promise<string> {
  const template = `openlg_snapshot_${name}_${await sourceKey(dataDir)}`;
  const exists = await withAdmin(serverUrl, (client) =>
    client.query('select 1 from pg_database where datname = $1', [template]),
  );
  if (exists.rowCount) return template;
  // Built under a name of its own and renamed when whole: a file beside this one that builds the
  // same template at the same time loses the rename and drops its copy.
  const building = `${template}_${randomBytes(4).toString('hex')}`;
  await withAdmin(serverUrl, (client) => client.query(`create database ${building}`));
  const url = new URL(serverUrl);
  url.pathname = `/${building}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  try {
    await migrateToLatest(database.db);
    await build(database);
  } finally {
    await database.close();
  }
  await withAdmin(serverUrl, async (client) => {
    try {
      await client.query(`alter database ${building} rename to ${template}`);
    } catch {
      await client.query(`drop database if exists ${building} with (force)`);
    }
    await dropStaleTemplates(client, name, template);
  });
  return template;
}

/**
 * Earlier versions' templates of this fixture, which nobody can use again. One still being copied
 * (a run of the tests on older code) refuses the drop and stays until the next build. One still
 * being built (its name has a suffix after the key) belongs to another process: never dropped.
 */
async function dropStaleTemplates(client: pg.Client, name: string, current: string) {
  const { rows } = await client.query<{ datname: string }>(
    'select datname from pg_database where datname like $1 and datname <> $2',
    [`openlg\\_snapshot\\_${name}\\_%`, current],
  );
  const built = new RegExp(`^openlg_snapshot_${name}_[0-9a-f]{16}$`);
  for (const { datname } of rows)
    if (built.test(datname))
      await client.query(`drop database if exists ${datname}`).catch(() => undefined);
}

export async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
