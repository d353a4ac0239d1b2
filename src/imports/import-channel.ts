import { once } from 'node:events';
import { chmod, unlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { Progress } from '../shared/progress.ts';

/**
 * An embedded store has one owner, so `openlg import` cannot open a store that `openlg serve`
 * holds. Instead it hands the command to the server over a Unix socket in the store's folder:
 * the server runs it as the command would have run it and streams back what the command would
 * have printed, and the exit code. The socket is the operator's alone (mode 0600: connecting
 * needs write permission on it), and it is never a TCP port, which anyone on the machine or the
 * network could reach.
 */
export const channelFileName = 'openlg.sock';

/** Unix socket paths are limited to 108 bytes on Linux (104 on macOS), including the final NUL. */
const maxSocketPath = 103;

/** The socket of a store, or null where its path is too long for one. */
export function channelPath(store: string): string | null {
  const socket = path.join(path.resolve(store), channelFileName);
  return Buffer.byteLength(socket) <= maxSocketPath ? socket : null;
}

const requestSchema = z.object({
  argv: z.array(z.string()).max(1000),
  cwd: z.string(),
});
export type ChannelRequest = z.infer<typeof requestSchema>;

const eventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stdout'), text: z.string() }),
  z.object({ type: z.literal('stderr'), text: z.string() }),
  z.object({ type: z.literal('step'), message: z.string() }),
  z.object({ type: z.literal('tick'), done: z.number(), total: z.number() }),
  z.object({ type: z.literal('done'), message: z.string() }),
  z.object({ type: z.literal('exit'), code: z.number().int() }),
]);
type ChannelEvent = z.infer<typeof eventSchema>;

/** Where a command's output goes: the terminal, or the client that handed it over. */
export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  progress: Progress;
}

export type ChannelHandler = (request: ChannelRequest, output: CommandOutput) => Promise<number>;

/** A request is one line of JSON: a command line is far smaller than this. */
const maxRequestBytes = 1 << 20;

function serve(socket: net.Socket, handle: ChannelHandler, onError: (error: unknown) => void) {
  // A client that goes away (Ctrl-C) does not stop the import: it runs to its end, atomically.
  socket.on('error', () => {});
  const send = (event: ChannelEvent) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(event)}\n`);
  };
  const output: CommandOutput = {
    stdout: (text) => send({ type: 'stdout', text }),
    stderr: (text) => send({ type: 'stderr', text }),
    progress: {
      step: (message) => send({ type: 'step', message }),
      tick: (done, total) => send({ type: 'tick', done, total }),
      done: (message) => send({ type: 'done', message }),
    },
  };
  let received = '';
  const onData = (chunk: Buffer) => {
    received += chunk.toString('utf8');
    if (received.length > maxRequestBytes) {
      socket.destroy();
      return;
    }
    const end = received.indexOf('\n');
    if (end < 0) return;
    socket.off('data', onData);
    let request: ChannelRequest;
    try {
      request = requestSchema.parse(JSON.parse(received.slice(0, end)));
    } catch {
      output.stderr('openlg: the request to the server was not understood\n');
      send({ type: 'exit', code: 2 });
      socket.end();
      return;
    }
    void handle(request, output)
      .catch((error: unknown) => {
        onError(error);
        output.stderr(`The server could not run the import: ${(error as Error).message}\n`);
        return 1;
      })
      .then((code) => {
        send({ type: 'exit', code });
        socket.end();
      });
  };
  socket.on('data', onData);
}

export interface ImportChannel {
  close(): Promise<void>;
}

/**
 * Listens on `socketPath` for handed-over commands and runs them one at a time, in the order they
 * came. The caller must hold the store's lock: a socket left by a killed server is replaced.
 */
export async function openImportChannel(
  socketPath: string,
  handle: ChannelHandler,
  onError: (error: unknown) => void,
): Promise<ImportChannel> {
  let queue: Promise<unknown> = Promise.resolve();
  const serial: ChannelHandler = (request, output) => {
    const run = queue.then(() => handle(request, output));
    queue = run.catch(() => {});
    return run;
  };
  const server = net.createServer((socket) => serve(socket, serial, onError));
  await unlink(socketPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  // The socket is created by listen() itself: the mask makes it 0600 from its first moment,
  // rather than after a chmod that another user could race.
  const mask = process.umask(0o177);
  try {
    server.listen(socketPath);
  } finally {
    process.umask(mask);
  }
  await once(server, 'listening');
  await chmod(socketPath, 0o600);
  return {
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await queue;
      await unlink(socketPath).catch(() => {});
    },
  };
}

/** Nobody is listening: the holder is not a server that takes imports (or not yet). */
export class ChannelUnavailableError extends Error {}

/**
 * Hands a command to the server listening on `socketPath` and relays its output as it comes;
 * resolves to the command's exit code.
 */
export async function handOver(
  socketPath: string,
  request: ChannelRequest,
  output: CommandOutput,
): Promise<number> {
  const socket = net.createConnection(socketPath);
  try {
    await once(socket, 'connect');
  } catch (error) {
    socket.destroy();
    throw new ChannelUnavailableError((error as Error).message);
  }
  // Written, not ended: a server socket closes its side when the client ends its own.
  socket.write(`${JSON.stringify(request)}\n`);
  let code: number | null = null;
  try {
    for await (const line of createInterface({ input: socket, crlfDelay: Infinity })) {
      const event = eventSchema.parse(JSON.parse(line));
      if (event.type === 'exit') code = event.code;
      else if (event.type === 'stdout') output.stdout(event.text);
      else if (event.type === 'stderr') output.stderr(event.text);
      else if (event.type === 'tick') output.progress.tick(event.done, event.total);
      else output.progress[event.type](event.message);
    }
  } catch {
    // The connection broke: reported below like a server that stopped mid-way.
  }
  if (code !== null) return code;
  output.stderr(
    'The server stopped before the import finished. An import is one transaction, so it was ' +
      'applied whole or not at all: run it again (a repeat changes nothing).\n',
  );
  return 1;
}
