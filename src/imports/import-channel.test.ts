import assert from 'node:assert/strict';
import { mkdtemp, stat } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  channelPath,
  ChannelUnavailableError,
  handOver,
  openImportChannel,
  type CommandOutput,
} from './import-channel.ts';

/** Collects what a command would have printed, in order. */
function recorder() {
  const lines: string[] = [];
  const output: CommandOutput = {
    stdout: (text) => lines.push(`out ${text}`),
    stderr: (text) => lines.push(`err ${text}`),
    progress: {
      step: (message) => lines.push(`step ${message}`),
      tick: (done, total) => lines.push(`tick ${done}/${total}`),
      done: (message) => lines.push(`done ${message}`),
    },
  };
  return { lines, output };
}

const socketIn = async () => {
  const socket = channelPath(await mkdtemp(path.join(tmpdir(), 'openlg-channel-')));
  assert.ok(socket);
  return socket;
};

describe('the import channel', () => {
  it("relays a handed-over command's output in order and its exit code", async () => {
    const socket = await socketIn();
    const channel = await openImportChannel(
      socket,
      async ({ argv, cwd }, out) => {
        out.progress.step(`Checking ${argv.join(' ')} in ${cwd}`);
        out.progress.tick(1, 2);
        out.stdout('note: a\n');
        out.stderr('rejected: b\n');
        out.progress.done('summary');
        return 3;
      },
      () => {},
    );
    try {
      // Only the owner may connect: the socket is created 0600.
      assert.equal((await stat(socket)).mode & 0o777, 0o600);
      const { lines, output } = recorder();
      const code = await handOver(socket, { argv: ['import', 'x'], cwd: '/here' }, output);
      assert.equal(code, 3);
      assert.deepEqual(lines, [
        'step Checking import x in /here',
        'tick 1/2',
        'out note: a\n',
        'err rejected: b\n',
        'done summary',
      ]);
    } finally {
      await channel.close();
    }
  });

  it('runs handed-over commands one at a time, in the order they came', async () => {
    const socket = await socketIn();
    const events: string[] = [];
    const channel = await openImportChannel(
      socket,
      async ({ argv }) => {
        events.push(`start ${argv[0]}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        events.push(`end ${argv[0]}`);
        return 0;
      },
      () => {},
    );
    try {
      const first = handOver(socket, { argv: ['1'], cwd: '/' }, recorder().output);
      while (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const second = handOver(socket, { argv: ['2'], cwd: '/' }, recorder().output);
      assert.deepEqual(await Promise.all([first, second]), [0, 0]);
      assert.deepEqual(events, ['start 1', 'end 1', 'start 2', 'end 2']);
    } finally {
      await channel.close();
    }
  });

  it('answers a failure as a message and exit code 1, and a malformed request with 2', async () => {
    const socket = await socketIn();
    const logged: unknown[] = [];
    const channel = await openImportChannel(
      socket,
      async () => {
        throw new Error('disk full');
      },
      (error) => logged.push(error),
    );
    try {
      const { lines, output } = recorder();
      assert.equal(await handOver(socket, { argv: [], cwd: '/' }, output), 1);
      assert.deepEqual(lines, ['err The server could not run the import: disk full\n']);
      assert.equal(logged.length, 1);
      const raw = net.createConnection(socket);
      raw.write('{"argv": "not a list"}\n');
      let answer = '';
      for await (const chunk of raw) answer += String(chunk);
      assert.match(answer, /"type":"exit","code":2/);
    } finally {
      await channel.close();
    }
  });

  it('tells the client when nobody listens, and when the server stops mid-way', async () => {
    const socket = await socketIn();
    await assert.rejects(
      handOver(socket, { argv: [], cwd: '/' }, recorder().output),
      ChannelUnavailableError,
    );
    // A server that dies with the import running: the connection closes with no exit code.
    const dying = net.createServer((client) => {
      client.end('{"type":"step","message":"Writing 3 values"}\n');
    });
    await new Promise<void>((resolve) => dying.listen(socket, resolve));
    try {
      const { lines, output } = recorder();
      assert.equal(await handOver(socket, { argv: [], cwd: '/' }, output), 1);
      assert.equal(lines[0], 'step Writing 3 values');
      assert.match(lines[1] ?? '', /stopped before the import finished.*run it again/s);
    } finally {
      dying.close();
    }
  });

  it('is not offered where the socket path would be too long', () => {
    assert.equal(channelPath(`/${'x'.repeat(120)}`), null);
  });
});
