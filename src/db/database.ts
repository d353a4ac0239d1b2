import { mkdir } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import path from 'node:path';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Config } from '../config/config.ts';
import { dataVersionChannel } from './data-version.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { lockStore, type StoreLock } from './store-lock.ts';
import type { DB } from './schema.ts';

export type Db = Kysely<DB>;
/** Either the database or an open transaction: repositories accept both, callers decide. */
export type Executor = Kysely<DB> | Transaction<DB>;

/** A transaction in which rows can also be bulk-loaded with COPY. */
export interface CopySession {
  trx: Transaction<DB>;
  /** Loads CSV text (no header) into `table` via COPY, inside the session's transaction. */
  copyCsv(table: string, columns: readonly string[], csv: string): Promise<void>;
}

export interface Database {
  db: Db;
  engine: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction on one connection, with COPY available. Kysely does not
   * expose its connection, so each engine provides the connection COPY must travel on.
   */
  withCopySession<T>(work: (session: CopySession) => Promise<T>): Promise<T>;
  /**
   * The same store in a fresh instance of the engine, for a process that goes on to serve after
   * a large import: PGlite's WebAssembly memory grows to what the import needed (about 200 MB
   * more for the demo) and never shrinks. The lock stays held. PostgreSQL and PGlite in memory
   * have nothing to give back: they answer with themselves. Use only the database returned.
   */
  renew(): Promise<Database>;
  /**
   * Where this process is the store's only writer (PGlite: the store is locked to it), calls
   * `changed` each time a transaction that moved the data version commits, before its commit
   * returns: what the public can see may then be known without asking. Null on PostgreSQL, where
   * other processes write too and the version must be read.
   */
  watchDataVersion: ((changed: () => void) => Promise<void>) | null;
  close(): Promise<void>;
}

function copyStatement(table: string, columns: readonly string[], source: string): string {
  const quoted = columns.map((c) => `"${c.replaceAll('"', '""')}"`).join(', ');
  return `copy "${table.replaceAll('"', '""')}" (${quoted}) from ${source} with (format csv)`;
}

const OID = { int8: 20, numeric: 1700, date: 1082 } as const;

// Both engines must hand back identical JavaScript values: dates as ISO strings (never
// timezone-shifted Date objects), counts and numerics as numbers.
const toNumber = (value: string) => Number(value);
const asIs = (value: string) => value;
const parsers: Record<number, (value: string) => unknown> = {
  [OID.int8]: toNumber,
  [OID.numeric]: toNumber,
  [OID.date]: asIs,
};

/**
 * The embedded PostgreSQL's buffer pool. Its initdb writes 128 MB, which PGlite allocates and
 * touches at start inside its WebAssembly memory, which never shrinks: 125 MB of a serving
 * process's 400. The store's files stay in the operating system's cache, so a page missing from a
 * small pool costs a read call, not a disk read (docs/performance.md). Given at each start rather
 * than written to the store, so stores built earlier follow it too.
 */
const pgliteSettings = ['-c', 'shared_buffers=16MB'];

/** Names this process in the lock of an embedded store, for whoever it refuses. */
const defaultCommand = () => [path.basename(process.argv0), ...process.argv.slice(1)].join(' ');

export async function openDatabase(
  database: Config['database'],
  {
    command = defaultCommand(),
    statementTimeoutMs,
    loadDataDir,
  }: {
    command?: string;
    /**
     * PostgreSQL cancels any statement running longer (the server passes it; imports and
     * maintenance run without). PGlite cannot interrupt a statement: see app/admission.ts.
     */
    statementTimeoutMs?: number;
    /**
     * PGlite only, a test seam: start from this dump of a store (`dumpDataDir`), so that test
     * files share one build of their fixtures (src/testing/snapshot.ts) instead of each redoing it.
     */
    loadDataDir?: Blob;
  } = {},
): Promise<Database> {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: database.url,
      max: 10,
      ...(statementTimeoutMs === undefined ? {} : { statement_timeout: statementTimeoutMs }),
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          const parser = parsers[oid];
          if (parser) return parser;
          return format === 'binary'
            ? pg.types.getTypeParser(oid, 'binary')
            : pg.types.getTypeParser(oid, 'text');
        }) as typeof pg.types.getTypeParser,
      },
    });
    // An idle pooled connection that the server ends (a restart, a terminated backend) emits
    // 'error' on the pool; unhandled, that would stop the whole process. The pool drops the dead
    // client and the next query opens a new one, so there is nothing else to do here.
    pool.on('error', () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const postgres: Database = {
      db,
      engine: 'postgres',
      withCopySession: async (work) => {
        const client = await pool.connect();
        // A Kysely bound to this one client, so the transaction and COPY share the connection.
        const single = new Kysely<DB>({
          dialect: new PostgresDialect({
            pool: {
              // The client goes back to the pool once, in the finally below, not per query.
              connect: async () => ({
                query: client.query.bind(client) as typeof client.query,
                release: () => {},
              }),
              end: async () => {},
            },
          }),
        });
        try {
          return await single.transaction().execute((trx) =>
            work({
              trx,
              copyCsv: async (table, columns, csv) => {
                const stream = client.query(copyFrom(copyStatement(table, columns, 'stdin')));
                await pipeline(Readable.from([csv]), stream);
              },
            }),
          );
        } finally {
          client.release();
        }
      },
      renew: async () => postgres,
      watchDataVersion: null,
      close: () => db.destroy(),
    };
    return postgres;
  }
  const lock = await lockEmbeddedStore(database.dataDir, command);
  const start = () => startPglite(database.dataDir, loadDataDir);
  try {
    return pgliteDatabase(await start(), database.dataDir === 'memory://' ? null : start, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function startPglite(dataDir: string, loadDataDir: Blob | undefined): Promise<PGlite> {
  // Loaded only here: a server on PostgreSQL has no use for the embedded engine's code.
  const { PGlite, types: pgliteTypes } = await import('@electric-sql/pglite');
  // Search scores names by trigram similarity (migration 0009); PGlite ships it as contrib.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  return PGlite.create(dataDir, {
    ...(loadDataDir ? { loadDataDir } : {}),
    extensions: { pg_trgm },
    startParams: [...PGlite.defaultStartParams, ...pgliteSettings],
    parsers: {
      [pgliteTypes.INT8]: toNumber,
      [pgliteTypes.NUMERIC]: toNumber,
      [pgliteTypes.DATE]: asIs,
    },
  });
}

/** `restart` starts the engine again on the same files; null for a store only in memory. */
function pgliteDatabase(
  pglite: PGlite,
  restart: (() => Promise<PGlite>) | null,
  lock: StoreLock | undefined,
): Database {
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  const embedded: Database = {
    db,
    engine: 'pglite',
    // PGlite is a single connection: while the transaction holds it, a direct COPY through the
    // PGlite object runs inside that same transaction.
    withCopySession: (work) =>
      db.transaction().execute((trx) =>
        work({
          trx,
          copyCsv: async (table, columns, csv) => {
            await pglite.query(copyStatement(table, columns, "'/dev/blob'"), [], {
              blob: new Blob([csv]),
            });
          },
        }),
      ),
    renew: async () => {
      if (!restart) return embedded;
      // Closing checkpoints the store, so the new instance starts from consistent files.
      await db.destroy();
      try {
        return pgliteDatabase(await restart(), restart, lock);
      } catch (error) {
        lock?.release();
        throw error;
      }
    },
    // PGlite delivers a notice while it reads the committing statement's answer.
    watchDataVersion: async (changed) => {
      await pglite.listen(dataVersionChannel, changed);
    },
    close: async () => {
      try {
        await db.destroy();
      } finally {
        lock?.release();
      }
    },
  };
  return embedded;
}

/** A folder store is locked before anything touches it; memory:// belongs to this process. */
async function lockEmbeddedStore(dataDir: string, command: string) {
  if (dataDir === 'memory://') return undefined;
  await mkdir(dataDir, { recursive: true });
  return lockStore(dataDir, command);
}
