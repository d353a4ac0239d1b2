import { spawn } from 'node:child_process';

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
