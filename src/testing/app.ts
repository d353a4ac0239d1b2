import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app/app.ts';
import { AreasService } from '../areas/areas.service.ts';
import { ImportService } from '../imports/imports.service.ts';
import { MetricsService } from '../metrics/metrics.service.ts';
import { GroupsService } from '../groups/groups.service.ts';
import { ComparisonService } from '../comparison/comparison.service.ts';
import { DataService } from '../data/data.service.ts';
import { loadConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from './database.ts';

/** The real public data beside the repository (or wherever OPENLG_DATA_DIR points). */
export const dataDir = path.resolve(process.env.OPENLG_DATA_DIR ?? '../shared/data');

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/** A fresh database holding the real area register. */
export async function openRegisterDatabase(): Promise<Database> {
  const database = await openTestDatabase();
  await new AreasService(database.db).importRegister(dataDir);
  return database;
}

/** An in-process app on a fresh database holding the real area register. */
export async function openTestApp(): Promise<TestApp> {
  const database = await openRegisterDatabase();
  const areas = new AreasService(database.db);
  const config = loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir });
  const groups = new GroupsService(database.db);
  const app = await buildApp(config, {
    areas,
    database,
    imports: new ImportService(database),
    metrics: new MetricsService(database.db),
    groups,
    comparison: new ComparisonService(database.db, areas, groups),
    data: new DataService(database.db, groups),
  });
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
