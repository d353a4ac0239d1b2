import type { Database } from '../db/database.ts';
import { pingDatabase } from './health.repository.ts';

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
