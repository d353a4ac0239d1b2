import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import * as repository from './api.repository.ts';

/** How long a response may be reused without asking again, when no embargo lifts sooner. */
export const apiMaxAgeSeconds = 60;

export interface DataVersion {
  /** Changes whenever any public answer may have changed. */
  token: string;
  /** The database's data version, which every write moves on (embargoes ending do not). */
  number: number;
  /** When public answers last changed, to the second (HTTP dates carry no finer time). */
  lastModified: Date;
  /** Seconds until the next embargo lifts, when one is pending. */
  secondsToNextLift: number | null;
}

/**
 * The version of what the public can see, from which every API response's validators and cache
 * lifetime are derived, and under which answers are kept (AnswerCache). A new process counts as a
 * change too: a new release may answer the same data differently, and a client must not keep an
 * old answer on the strength of a 304.
 *
 * Every request gets a version read after it arrived, so that an import committed by any process
 * on the database, or an embargo ending, is seen by the next request. Requests arriving while a
 * read is under way share the next one: under load a read serves every request that came during
 * the one before, and the database is asked about twice per read's round trip, not per request.
 */
export class DataVersionService {
  private running: Promise<DataVersion> | null = null;
  private queued: Promise<DataVersion> | null = null;
  private readonly started = new Date();

  constructor(private readonly db: Db) {}

  current(): Promise<DataVersion> {
    if (!this.running) return this.start();
    // The read under way may have begun before this request arrived: wait for the next.
    this.queued ??= this.running.then(
      () => this.startQueued(),
      () => this.startQueued(),
    );
    return this.queued;
  }

  private startQueued(): Promise<DataVersion> {
    this.queued = null;
    return this.start();
  }

  private start(): Promise<DataVersion> {
    const read = this.read();
    this.running = read;
    const done = () => {
      if (this.running === read) this.running = null;
    };
    read.then(done, done);
    return read;
  }

  private async read(): Promise<DataVersion> {
    const row = await repository.readDataVersion(this.db);
    const changes = [row.updated_at, this.started, ...(row.lifted ? [row.lifted] : [])];
    const latest = Math.max(...changes.map((d) => d.getTime()));
    return {
      token: [row.version, ...changes.map((d) => d.toISOString())].join('|'),
      number: Number(row.version),
      lastModified: new Date(Math.floor(latest / 1000) * 1000),
      secondsToNextLift:
        row.next_lift === null
          ? null
          : Math.max(0, (row.next_lift.getTime() - row.now.getTime()) / 1000),
    };
  }
}

/** A weak validator: the same version, address and negotiated format give the same tag. */
export function entityTag(version: DataVersion, url: string, accept: string): string {
  const hash = createHash('sha256')
    .update(`${version.token}\n${url}\n${accept}`)
    .digest('base64url')
    .slice(0, 27);
  return `W/"${hash}"`;
}

/** Never lets a cache keep an answer past the moment an embargo lifts and changes it. */
export function maxAge(version: DataVersion): number {
  return version.secondsToNextLift === null
    ? apiMaxAgeSeconds
    : Math.min(apiMaxAgeSeconds, Math.floor(version.secondsToNextLift));
}

/** RFC 9110 weak comparison against an If-None-Match list (or `*`). */
export function matchesAnyTag(header: string, tag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => opaque(candidate) === opaque(tag));
}

/** True when the representation has not changed since the If-Modified-Since date. */
export function notModifiedSince(header: string, lastModified: Date): boolean {
  const since = Date.parse(header);
  return !Number.isNaN(since) && lastModified.getTime() <= since;
}
