import { createServices } from '../app/services.ts';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app/app.ts';
import { AreasService } from '../areas/areas.service.ts';
import { loadConfig } from '../config/config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { GroupsService } from '../groups/groups.service.ts';
import { ImportService } from '../imports/imports.service.ts';
import { demoTargets } from '../imports/sources.ts';
import { openTestDatabase } from './database.ts';

/** The real public data beside the repository (or wherever OPENLG_DATA_DIR points). */
export const dataDir = path.resolve(process.env.OPENLG_DATA_DIR ?? '../shared/data');

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

const importRegister = (database: Database) =>
  new AreasService(database.db).importRegister(dataDir);

/** A fresh database holding the real area register (a copy of one built once: snapshot.ts). */
export function openRegisterDatabase(): Promise<Database> {
  return openTestDatabase({ name: 'register', dataDir, build: importRegister });
}

/**
 * A fresh database holding the real area register, the demo datasets loadContextData loads by
 * default and the groups: a copy of one built once, where loading them took minutes a file.
 */
export function openContextDatabase(): Promise<Database> {
  return openTestDatabase({
    name: 'context',
    dataDir,
    build: async (database) => {
      await importRegister(database);
      await loadContextData(database);
    },
  });
}

/**
 * A fresh database holding the whole demo: the context database's register and datasets, the
 * DfE children's services and MHCLG council tax sets too, and the groups. Built once (loading
 * the DfE set is most of it), then copied for each test file that needs every dataset.
 */
export function openDemoDatabase(): Promise<Database> {
  return openTestDatabase({
    name: 'demo',
    dataDir,
    build: async (database) => {
      await importRegister(database);
      await loadContextData(database, ['ons-els', 'tidy-csv', 'dfe-lait', 'mhclg-ctr']);
    },
  });
}

/**
 * An in-process app on a fresh database holding the real area register (or what `open` gives),
 * configured as the environment `env` says beside the test defaults.
 */
export async function openTestApp(
  open: () => Promise<Database> = openRegisterDatabase,
  env: Readonly<Record<string, string>> = {},
): Promise<TestApp> {
  const database = await open();
  const config = loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir, ...env });
  const app = await buildApp(config, createServices(database));
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** An in-process app on a fresh copy of the context database (register, context data, groups). */
export const openContextApp = (env: Readonly<Record<string, string>> = {}): Promise<TestApp> =>
  openTestApp(openContextDatabase, env);

/** An in-process app on a fresh copy of the whole demo database (openDemoDatabase). */
export const openDemoApp = (env: Readonly<Record<string, string>> = {}): Promise<TestApp> =>
  openTestApp(openDemoDatabase, env);

/**
 * The demo datasets the comparison pages and the neighbours model need (the ONS indicators, and
 * mySociety's population and deprivation: by default every tidy-csv demo set), then the groups.
 * The DfE and council tax sets are left out: they take most of a full demo load.
 */
export async function loadContextData(
  database: Database,
  kinds: readonly string[] = ['ons-els', 'tidy-csv'],
): Promise<void> {
  const imports = new ImportService(database);
  for (const { kind, target, mapping } of await demoTargets(dataDir))
    if (kinds.includes(kind.kind)) await imports.run(await kind.read(target, dataDir, mapping));
  await new GroupsService(database.db).ensureGroups(dataDir);
}

/**
 * Two openlg processes serving one PostgreSQL, as a deployment behind a load balancer runs: each
 * app built by `build` on its own connection to a fresh test database, all closed after `run`.
 */
export async function withTwoProcesses(
  build: (database: Database) => Promise<FastifyInstance>,
  run: (database: Database, first: FastifyInstance, second: FastifyInstance) => Promise<void>,
): Promise<void> {
  const database = await openTestDatabase();
  const other = await openDatabase({ kind: 'postgres', url: database.url ?? '' });
  const [first, second] = [await build(database), await build(other)];
  try {
    await run(database, first, second);
  } finally {
    await first.close();
    await second.close();
    await other.close();
    await database.close();
  }
}
