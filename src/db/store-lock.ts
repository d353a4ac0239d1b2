import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * An embedded (PGlite) store has no server of its own to arbitrate between processes: two
 * processes opening the same folder each write its files as if alone, and the store is lost. So
 * whoever opens one first holds this lock, a file in the store naming the holder, and everyone
 * else is refused until the holder closes or dies.
 */
export const lockFileName = 'openlg.lock';

const holderSchema = z.object({
  pid: z.number().int().positive(),
  command: z.string(),
  startedAt: z.string(),
  host: z.string(),
  /** The kernel's start time of the process (Linux), so a reused pid is not taken for it. */
  processStart: z.string().nullable(),
  /** Which boot of the machine the pid belongs to (Linux): after a reboot every pid is new. */
  bootId: z.string().nullable(),
  /** Tells this holder's lock from any later one, so a release can only remove its own. */
  token: z.string(),
});
export type StoreHolder = z.infer<typeof holderSchema>;

export class StoreLockedError extends Error {
  constructor(
    readonly store: string,
    readonly holder: StoreHolder,
  ) {
    super(
      `The embedded database ${store} is in use by "${holder.command}" (pid ${holder.pid}` +
        `${holder.host === hostname() ? '' : ` on ${holder.host}`}, since ${holder.startedAt}). ` +
        'Only one process may open it at a time: stop that one first.',
    );
  }
}

export interface StoreLock {
  readonly holder: StoreHolder;
  /** Removes the lock if it is still this holder's; synchronous so it can run at exit. */
  release(): void;
}

function readProcFile(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The process's state and start time from /proc (field 3 and 22), null where there is none. */
function processStat(pid: number): { state: string; start: string } | null {
  const stat = readProcFile(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields?.[0];
  const start = fields?.[19];
  return state && start ? { state, start } : null;
}

function describeSelf(command: string): StoreHolder {
  return {
    pid: process.pid,
    command,
    startedAt: new Date().toISOString(),
    host: hostname(),
    processStart: processStat(process.pid)?.start ?? null,
    bootId: readProcFile('/proc/sys/kernel/random/boot_id'),
    token: randomBytes(8).toString('hex'),
  };
}

/** Whether the process that wrote the lock may still be running (when unsure: yes). */
export function holderAlive(holder: StoreHolder): boolean {
  // Another machine's pids cannot be checked from here (a store on a shared file system).
  if (holder.host !== hostname()) return true;
  const bootId = readProcFile('/proc/sys/kernel/random/boot_id');
  if (holder.bootId && bootId && holder.bootId !== bootId) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the pid exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  const now = processStat(holder.pid);
  if (!now) return true;
  // A zombie has exited already; a different start time means the pid was reused.
  return now.state !== 'Z' && (holder.processStart === null || now.start === holder.processStart);
}

/** The holder named in the store's lock, or null when nobody holds it. */
export async function readHolder(store: string): Promise<StoreHolder | null> {
  let text: string;
  try {
    text = await readFile(path.join(store, lockFileName), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = holderSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${path.join(store, lockFileName)} is not an openlg lock`);
  return parsed.data;
}

const held = new Set<StoreLock>();
const releaseAll = () => {
  for (const lock of held) lock.release();
};
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/**
 * On a signal nobody else handles, the lock goes and the signal is raised again, so the process
 * ends as it would have. A command that handles the signal itself (serve) closes the database,
 * which releases the lock.
 */
function onSignal(signal: NodeJS.Signals) {
  if (process.listenerCount(signal) > 1) return;
  releaseAll();
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

function track(lock: StoreLock) {
  if (held.size === 0) {
    process.on('exit', releaseAll);
    for (const signal of signals) process.on(signal, onSignal);
  }
  held.add(lock);
}

function untrack(lock: StoreLock) {
  held.delete(lock);
  if (held.size > 0) return;
  process.removeListener('exit', releaseAll);
  for (const signal of signals) process.removeListener(signal, onSignal);
}

/** Another process is taking over a stale lock; this long means it died doing so. */
const takeoverTimeoutMs = 10_000;

/**
 * Removes a dead holder's lock, unless someone has replaced it meanwhile. Two processes may find
 * the same stale lock at once: a directory made with mkdir (atomic) lets only one of them look
 * again and remove it, and both then race fairly to create their own.
 */
async function removeStale(store: string, stale: StoreHolder) {
  const guard = path.join(store, `${lockFileName}.takeover`);
  try {
    await mkdir(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const age = Date.now() - (await stat(guard).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > takeoverTimeoutMs) await rmdir(guard).catch(() => {});
    else await new Promise((resolve) => setTimeout(resolve, 50));
    return;
  }
  try {
    const now = await readHolder(store);
    if (now?.token === stale.token) await unlink(path.join(store, lockFileName));
  } finally {
    await rmdir(guard);
  }
}

/**
 * Takes the store's lock or throws StoreLockedError naming its live holder. The lock file is
 * written whole under a private name, then linked into place: link fails if the name exists, so
 * exactly one process can create it, and nobody ever reads it half-written.
 */
export async function lockStore(store: string, command: string): Promise<StoreLock> {
  const holder = describeSelf(command);
  const file = path.join(store, lockFileName);
  const draft = path.join(store, `${lockFileName}.${holder.pid}.${holder.token}`);
  await writeFile(draft, `${JSON.stringify(holder)}\n`, { mode: 0o600 });
  try {
    for (;;) {
      try {
        await link(draft, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = await readHolder(store);
      if (current && holderAlive(current)) throw new StoreLockedError(store, current);
      if (current) await removeStale(store, current);
    }
  } finally {
    await unlink(draft);
  }
  const lock: StoreLock = {
    holder,
    release() {
      untrack(lock);
      try {
        const now = holderSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
        if (now.token === holder.token) unlinkSync(file);
      } catch {
        // Already gone (or no longer ours): nothing of this holder's is left to remove.
      }
    },
  };
  track(lock);
  return lock;
}
