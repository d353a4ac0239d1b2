import type { Database } from '../db/database.ts';
import { pingDatabase } from './health.repository.ts';

export interface Health {
  status: 'ok' | 'unavailable';
  database: { engine: Database['engine']; reachable: boolean };
}

export async function checkHealth(database: Database): Promise<Health> {
  const reachable = await pingDatabase(database.db).then(
    () => true,
    () => false,
  );
  return {
    status: reachable ? 'ok' : 'unavailable',
    database: { engine: database.engine, reachable },
  };
}
