import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { lockFileName, lockStore, readHolder, StoreLockedError } from './store-lock.ts';

const store = () => mkdtemp(path.join(tmpdir(), 'openlg-lock-'));

/** A separate process that takes the store's lock, says so, and waits to be signalled. */
function holdInChild(dir: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `const { lockStore } = await import(${JSON.stringify(path.resolve('src/db/store-lock.ts'))});
       await lockStore(${JSON.stringify(dir)}, 'openlg import held-by-child');
       process.stdout.write('locked\\n');
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('locked')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the holder exited early (${code})`)));
  });
  return { child, locked };
}

describe('the lock on an embedded store', () => {
  it('refuses a second opener, naming the holder, until the first releases it', async () => {
    const dir = await store();
    const first = await lockStore(dir, 'openlg serve');
    await assert.rejects(lockStore(dir, 'openlg db migrate'), (error) => {
      assert.ok(error instanceof StoreLockedError);
      assert.match(error.message, new RegExp(`"openlg serve" \\(pid ${process.pid}, since `));
      return true;
    });
    assert.equal((await readHolder(dir))?.command, 'openlg serve');
    first.release();
    assert.equal(await readHolder(dir), null);
    const second = await lockStore(dir, 'openlg db migrate');
    second.release();
  });

  it('is refused to another process while its holder lives, and taken over once it is SIGKILLed', async () => {
    const dir = await store();
    const { child, locked } = holdInChild(dir);
    await locked;
    await assert.rejects(
      lockStore(dir, 'openlg import'),
      /"openlg import held-by-child" \(pid \d+/,
    );
    child.kill('SIGKILL');
    await once(child, 'exit');
    // The dead holder's lock is still there: nothing ran to remove it.
    assert.equal((await readHolder(dir))?.pid, child.pid);
    const lock = await lockStore(dir, 'openlg import');
    assert.equal((await readHolder(dir))?.pid, process.pid);
    lock.release();
  });

  it('is released when its holder is stopped by SIGTERM, which still ends it', async () => {
    const dir = await store();
    const { child, locked } = holdInChild(dir);
    await locked;
    child.kill('SIGTERM');
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
    assert.deepEqual({ code, signal }, { code: null, signal: 'SIGTERM' });
    assert.equal(await readHolder(dir), null);
  });

  it('is taken over from a live process whose pid was reused (another start time)', async () => {
    const dir = await store();
    const lock = await lockStore(dir, 'openlg serve');
    const file = path.join(dir, lockFileName);
    const holder = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    lock.release();
    // This process is alive, but the lock says its pid belonged to a process started earlier.
    await writeFile(file, JSON.stringify({ ...holder, processStart: '1', token: 'earlier' }));
    const taken = await lockStore(dir, 'openlg db migrate');
    assert.equal((await readHolder(dir))?.command, 'openlg db migrate');
    taken.release();
  });

  it('lets exactly one of many openers take a stale lock at once', async () => {
    const dir = await store();
    await writeFile(
      path.join(dir, lockFileName),
      JSON.stringify({
        pid: 2 ** 22 + 1, // above Linux's largest pid: no such process
        command: 'openlg serve',
        startedAt: '2026-01-01T00:00:00.000Z',
        host: (await import('node:os')).hostname(),
        processStart: null,
        bootId: null,
        token: 'dead',
      }),
    );
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => lockStore(dir, `opener ${i}`)),
    );
    const won = attempts.filter((a) => a.status === 'fulfilled');
    assert.equal(won.length, 1);
    for (const a of attempts)
      if (a.status === 'rejected') assert.ok(a.reason instanceof StoreLockedError);
    if (won[0]?.status === 'fulfilled') won[0].value.release();
  });

  it('refuses a lock file it cannot read rather than guessing', async () => {
    const dir = await store();
    await writeFile(path.join(dir, lockFileName), 'not json');
    await assert.rejects(lockStore(dir, 'openlg serve'), /is not an openlg lock/);
  });
});
