import type { Database } from '../db/database.ts';
import { type DataVersion, pingDatabase, readDataVersion } from './health.repository.ts';

export interface Health {
  status: 'ok' | 'unavailable';
  database: { engine: Database['engine']; reachable: boolean };
}

/** How long an answered ping vouches for the database before the next check pings again. */
const freshForMs = 1_000;
/** How long a good answer stands while the next ping waits behind other requests' statements. */
const standsForMs = 10_000;

/**
 * Whether the database answers, checked by a ping at most about a second old. PGlite serves
 * every request on one connection, so under load a ping waits behind the statements of
 * expensive answers (a few hundred milliseconds): meanwhile the last good answer, if recent,
 * stands, and health checks answer at once. An unreachable database still shows within about a
 * second, and one that stops answering within `standsForMs`.
 */
export class HealthCheck {
  private last: { at: number; reachable: boolean } | null = null;
  private pending: Promise<boolean> | null = null;

  constructor(private readonly database: Database) {}

  async check(): Promise<Health> {
    const reachable = await this.reachable();
    return {
      status: reachable ? 'ok' : 'unavailable',
      database: { engine: this.database.engine, reachable },
    };
  }

  private reachable(): Promise<boolean> {
    const last = this.last;
    const age = last ? Date.now() - last.at : Number.POSITIVE_INFINITY;
    if (last && age < freshForMs) return Promise.resolve(last.reachable);
    this.pending ??= pingDatabase(this.database.db)
      .then(
        () => true,
        () => false,
      )
      .then((reachable) => {
        this.last = { at: Date.now(), reachable };
        this.pending = null;
        return reachable;
      });
    return last?.reachable && age < standsForMs ? Promise.resolve(true) : this.pending;
  }
}

/** The latest public import, as the provenance API describes it. */
export interface LatestImport {
  kind: string;
  source: string;
  finishedAt: string;
}

/** What the status page says: the health check, and how fresh the figures are. */
export interface ServiceStatus {
  health: Health;
  /** Null when the database cannot be asked. */
  data: DataVersion | null;
  lastImport: LatestImport | null;
}

/**
 * The health check with the figures' version and latest import. A database that fails while
 * they are read is reported as unreachable rather than as an error page: the status page is
 * where people look when things go wrong.
 */
export async function serviceStatus(
  check: HealthCheck,
  database: Database,
  latestImport: () => Promise<LatestImport | null>,
): Promise<ServiceStatus> {
  const health = await check.check();
  if (health.status !== 'ok') return { health, data: null, lastImport: null };
  try {
    const [data, lastImport] = await Promise.all([readDataVersion(database.db), latestImport()]);
    return { health, data, lastImport };
  } catch {
    const down: Health = {
      status: 'unavailable',
      database: { engine: database.engine, reachable: false },
    };
    return { health: down, data: null, lastImport: null };
  }
}
