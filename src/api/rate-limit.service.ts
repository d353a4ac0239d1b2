import type { Executor } from '../db/database.ts';
import { addHits, forgetBefore, type WindowHits } from './rate-limits.repository.ts';

/** The limit counts requests a minute. */
export const windowMs = 60_000;

interface Counts {
  /** Everyone's hits as the database last said, this process's sent ones included. */
  shared: number;
  /** This process's hits not yet sent. */
  pending: number;
}

export interface Standing {
  /** The requests counted against the limit now, this one included. */
  current: number;
  /** Milliseconds until the count falls below the limit, if no more requests come. */
  ttl: number;
}

/**
 * A sliding-window limit shared through the database. Each minute's hits are counted per client;
 * the count now is the last minute's, weighted by how much of it the sliding minute still covers,
 * plus this minute's: a burst at the end of one minute still counts at the start of the next,
 * where a fixed window let 620 requests through in 5.2 s across its reset.
 *
 * Requests are counted in memory (the hot path does no I/O); `sync`, run about once a second,
 * adds this process's counts to the database in one statement and reads back every process's, so
 * several processes on one database enforce one limit, each at most a second behind the others.
 */
export class SharedRateLimit {
  private readonly clients = new Map<string, Map<number, Counts>>();
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly db: Executor,
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request of `client`, whose limit is `max` (an API key's may be larger). */
  hit(client: string, max: number = this.max): Standing {
    const at = this.now();
    const start = at - (at % windowMs);
    let windows = this.clients.get(client);
    if (!windows) {
      windows = new Map();
      this.clients.set(client, windows);
    }
    const current = windows.get(start) ?? { shared: 0, pending: 0 };
    current.pending += 1;
    windows.set(start, current);
    const previous = windows.get(start - windowMs);
    const before = previous ? previous.shared + previous.pending : 0;
    const now = current.shared + current.pending;
    const covered = 1 - (at - start) / windowMs;
    return {
      current: Math.ceil(before * covered + now),
      ttl: this.ttl(at, start, before, now, max),
    };
  }

  /** When the weighted count falls below max again, if no more requests come. */
  private ttl(at: number, start: number, before: number, now: number, max: number): number {
    const room = max - 1;
    if (now <= room) {
      // Within this minute, as the last minute's weight fades.
      const fraction = before > 0 ? Math.max(0, 1 - (room - now) / before) : 0;
      return Math.max(0, Math.ceil(start + fraction * windowMs - at));
    }
    // In the next minute, as this one's weight fades; never more than a minute, which the count
    // (an estimate of the hits in the last 60 s, spread evenly over each minute) may overstate.
    const fraction = Math.max(0, 1 - room / now);
    return Math.min(windowMs, Math.ceil(start + windowMs + fraction * windowMs - at));
  }

  /** Sends the pending counts and reads back everyone's; one sync at a time. */
  sync(): Promise<void> {
    this.syncing ??= this.exchange().finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async exchange(): Promise<void> {
    const at = this.now();
    const oldest = at - (at % windowMs) - windowMs;
    const rows: WindowHits[] = [];
    for (const [client, windows] of this.clients) {
      for (const start of windows.keys()) if (start < oldest) windows.delete(start);
      if (windows.size === 0) this.clients.delete(client);
      for (const [start, counts] of windows)
        rows.push({ client, windowStart: start, hits: counts.pending });
    }
    for (const row of rows) {
      const counts = this.clients.get(row.client)?.get(row.windowStart);
      if (counts) counts.pending -= row.hits;
    }
    try {
      for (const total of await addHits(this.db, rows)) {
        const counts = this.clients.get(total.client)?.get(total.windowStart);
        if (counts) counts.shared = total.hits;
      }
      await forgetBefore(this.db, oldest);
    } catch (error) {
      // Not sent: counted again at the next sync, so that no hit is lost.
      for (const row of rows) {
        const counts = this.clients.get(row.client)?.get(row.windowStart);
        if (counts) counts.pending += row.hits;
      }
      throw error;
    }
  }
}
