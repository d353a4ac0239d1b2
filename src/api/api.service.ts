import { createHash } from 'node:crypto';
import type { Database, Db } from '../db/database.ts';
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
  /** Seconds until the next embargo lifts, when one is pending, from when the version was given. */
  secondsToNextLift: number | null;
  /**
   * When the next embargo lifts, by this process's clock (Date.now()), measured from before the
   * read so never later than the lift: what a version kept for a while is still valid until.
   */
  nextLiftAt: number | null;
}

/**
 * The version of what the public can see, from which every API response's validators and cache
 * lifetime are derived, and under which answers are kept (AnswerCache). A new process counts as a
 * change too: a new release may answer the same data differently, and a client must not keep an
 * old answer on the strength of a 304.
 *
 * On PostgreSQL every request gets a version read after it arrived, so that an import committed by
 * any process on the database, or an embargo ending, is seen by the next request. Requests
 * arriving while a read is under way share the next one: under load a read serves every request
 * that came during the one before, and the database is asked about twice per read's round trip,
 * not per request.
 *
 * Where this process is the only writer (PGlite), the version read is kept until a commit moves
 * the data version (Database.watchDataVersion tells of it before the commit returns) or the next
 * embargo lifts: a kept answer then needs no query at all.
 */
export class DataVersionService {
  private running: Promise<DataVersion> | null = null;
  private queued: Promise<DataVersion> | null = null;
  private readonly started = new Date();
  /** The version while nothing has moved it, where writes are told of; null: read it again. */
  private known: { version: DataVersion; until: number } | null = null;
  /** Moved by every change told of, so that a read that began before one is not kept. */
  private changes = 0;
  private watched = false;

  private constructor(private readonly db: Db) {}

  static async open(database: Database): Promise<DataVersionService> {
    const service = new DataVersionService(database.db);
    if (database.watchDataVersion) {
      await database.watchDataVersion(() => {
        service.changes++;
        service.known = null;
      });
      service.watched = true;
    }
    return service;
  }

  current(): Promise<DataVersion> {
    const known = this.known;
    const now = Date.now();
    // A kept version's seconds to the lift count from now, not from when it was read.
    if (known && now < known.until)
      return Promise.resolve(
        known.until === Infinity
          ? known.version
          : { ...known.version, secondsToNextLift: (known.until - now) / 1000 },
      );
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
    const changes = this.changes;
    // Before the database's clock was read: kept until no later than the lift.
    const began = Date.now();
    const read = this.read(began);
    this.running = read;
    const done = () => {
      if (this.running === read) this.running = null;
    };
    read.then((version) => {
      done();
      if (this.watched && this.changes === changes) this.keep(version);
    }, done);
    return read;
  }

  /** Until the next embargo lifts, by this process's clock (the read gave the database's). */
  private keep(version: DataVersion) {
    this.known = { version, until: version.nextLiftAt ?? Infinity };
  }

  /** `began`: this process's clock before the read, from which the lift's moment is counted. */
  private async read(began: number): Promise<DataVersion> {
    const row = await repository.readDataVersion(this.db);
    const changes = [row.updated_at, this.started, ...(row.lifted ? [row.lifted] : [])];
    const latest = Math.max(...changes.map((d) => d.getTime()));
    const seconds =
      row.next_lift === null
        ? null
        : Math.max(0, (row.next_lift.getTime() - row.now.getTime()) / 1000);
    return {
      token: [row.version, ...changes.map((d) => d.toISOString())].join('|'),
      number: Number(row.version),
      lastModified: new Date(Math.floor(latest / 1000) * 1000),
      secondsToNextLift: seconds,
      nextLiftAt: seconds === null ? null : began + seconds * 1000,
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
