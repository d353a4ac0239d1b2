#!/usr/bin/env node
// The CLI runs dist/cli.js, bundled from the sources at install (npm's "prepare"), when it is at
// least as new as every source file; otherwise it runs the sources through tsx, so an edit never
// runs stale code and there is no build step to forget. The bundle starts in a fraction of the
// time tsx takes to compile the sources (docs/performance.md).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);

/**
 * The server's heap limit, in MB. Node's default is a quarter of the machine's memory, up to
 * 4 GB, and at 2 GB or more V8 lets the heap grow to four times its live data between full
 * collections; under 2 GB it allows at most 1.3 to 2 times (1.6 at 1 GB). Serving 200 connections
 * with a live heap of about 100 MB, that was the difference between 1 GB and 300 MB of memory. The
 * limit itself leaves room for the largest answers, such as a spreadsheet of 50,000 values.
 */
const serveHeapMb = 1024;

/**
 * The young generation's two semispaces, in MB each. Under a high rate of allocation (thousands
 * of answers a second) V8 grows each to 16 MB; at 4 it collects the young more often, each time
 * as cheaply (a scavenge copies only what survives, and almost nothing an answer makes does),
 * and the server holds about 20 MB less: on PGlite 303 rather than 326 MB at peak under the peer
 * benchmark's load, at the same throughput (docs/performance.md).
 */
const semiSpaceMb = 4;

// Node's flags can only be given when a process starts, so `serve` starts itself again with the
// limits. Whoever runs node with flags of their own (--inspect, NODE_OPTIONS) chooses their own.
if (args[0] === 'serve' && process.execArgv.length === 0 && !process.env.NODE_OPTIONS) {
  const server = spawn(
    process.execPath,
    [
      `--max-old-space-size=${serveHeapMb}`,
      `--max-semi-space-size=${semiSpaceMb}`,
      fileURLToPath(import.meta.url),
      ...args,
    ],
    { stdio: 'inherit' },
  );
  // The server closes cleanly on the first of these and ignores repeats, so it does not matter
  // that Ctrl-C reaches it both from the terminal and from here.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(signal, () => server.kill(signal));
  server.on('exit', (code, signal) => {
    process.exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
  });
} else {
  const { main } = await (freshBundle() ? import('../dist/cli.js') : fromSources());
  process.exitCode = await main(args);
}

/** Whether dist/cli.js exists and no source (nor package.json) has changed since it was built. */
function freshBundle() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const built = statSync(`${root}dist/cli.js`, { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined || process.env.OPENLG_NO_BUNDLE) return false;
  if (statSync(`${root}package.json`).mtimeMs > built) return false;
  return readdirSync(`${root}src`, { recursive: true }).every(
    (file) => !file.endsWith('.ts') || statSync(`${root}src/${file}`).mtimeMs <= built,
  );
}

async function fromSources() {
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/cli/main.ts');
}
