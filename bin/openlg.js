#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx, so there is no build step to forget.
import { spawn } from 'node:child_process';
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

// Node's flags can only be given when a process starts, so `serve` starts itself again with the
// limit. Whoever runs node with flags of their own (--inspect, NODE_OPTIONS) chooses their own.
if (args[0] === 'serve' && process.execArgv.length === 0 && !process.env.NODE_OPTIONS) {
  const server = spawn(
    process.execPath,
    [`--max-old-space-size=${serveHeapMb}`, fileURLToPath(import.meta.url), ...args],
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
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(args);
}
