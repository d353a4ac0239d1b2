import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** The real server (`openlg serve`, as `npm start` runs it) on 127.0.0.1, for a benchmark. */
export interface BenchServer {
  pid: number;
  /** Everything the server wrote to stderr so far. */
  output(): string;
  /** Throws, with the server's output, if it has stopped. */
  assertRunning(): void;
  stop(): Promise<void>;
}

/**
 * Starts the server on the loopback address with `env` added to this process's environment, and
 * resolves once it says it is serving (it may first prepare the store: up to five minutes).
 * Ctrl-C stops it too.
 */
export async function startServer(port: number, env: Record<string, string>): Promise<BenchServer> {
  const server = spawn(process.execPath, ['bin/openlg.js', 'serve'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  let output = '';
  server.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const stopped = () => server.exitCode !== null || server.signalCode !== null;
  const stop = async () => {
    if (stopped()) return;
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  const serving = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${output}`)),
      300_000,
    ).unref();
    const ready = () => {
      if (!/openlg is serving/.test(output)) return;
      clearTimeout(timer);
      server.stderr.off('data', ready);
      resolve();
    };
    server.stderr.on('data', ready);
    void exited.then(() => reject(new Error(`server exited ${server.exitCode}:\n${output}`)));
  });
  await serving.catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    pid: server.pid ?? 0,
    output: () => output,
    assertRunning: () => {
      if (stopped()) throw new Error(`the server stopped during the run:\n${output}`);
    },
    stop,
  };
}

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '');
}

async function childrenOf(pid: number): Promise<number[]> {
  return (await readText(`/proc/${pid}/task/${pid}/children`))
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
}

/**
 * The process that serves: `openlg serve` runs the server in a child process of its own (see
 * bin/openlg.js), so the launcher's own memory (about 50 MB) is not the server's.
 */
export async function servingPid(launcher: number): Promise<number> {
  return (await childrenOf(launcher))[0] ?? launcher;
}

/** The resident memory of a process and every process it started, in MB. */
async function rssMb(pid: number): Promise<number> {
  const status = await readText(`/proc/${pid}/status`);
  const own = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  const theirs = await Promise.all((await childrenOf(pid)).map(rssMb));
  return own + theirs.reduce((a, b) => a + b, 0);
}

/** Memory samples of a process tree taken in the background, each [ms since the start, MB]. */
export function sampleMemory(pid: number, everyMs = 250) {
  const started = performance.now();
  const samples: [number, number][] = [];
  const take = async () => {
    samples.push([Math.round(performance.now() - started), Math.round(await rssMb(pid))]);
  };
  // Unreferenced, like the start-up timer, so that a run that fails part-way still ends.
  const timer = setInterval(() => void take(), everyMs).unref();
  return {
    everyMs,
    samples,
    since: (ms: number) => samples.filter(([t]) => t >= ms).map(([, mb]) => mb),
    elapsed: () => performance.now() - started,
    stop: async () => {
      clearInterval(timer);
      await take();
    },
  };
}

/** Fails the run if a route does not answer 200 (no demo data, a renamed metric): its figures would mean nothing. */
export async function assertRoutesAnswer(
  origin: string,
  routes: readonly string[],
  headers: Record<string, string> = {},
): Promise<void> {
  for (const route of routes) {
    const response = await fetch(origin + route, { headers });
    if (response.status !== 200)
      throw new Error(`${route} answered ${response.status}: ${await response.text()}`);
  }
}

/**
 * The CPU time a process's main thread (where Node runs JavaScript and PGlite's engine) has had,
 * in ms: on a shared machine, less swayed by the other processes than a request's wall time.
 */
export async function mainThreadCpuMs(pid: number): Promise<number> {
  const onCpuNs = Number((await readText(`/proc/${pid}/schedstat`)).split(' ')[0]);
  return onCpuNs / 1e6;
}
