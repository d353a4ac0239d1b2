import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/*
 * How a page scope takes files (data uploads, peer challenge documents): streamed to disk as
 * they arrive, never held whole in memory by the parser, and each left behind when too big.
 */

/** A file field as the multipart parser leaves it: streamed to `path`, or too big and dropped. */
export interface ReceivedFile {
  path: string | null;
  name: string;
  tooBig: boolean;
}

/**
 * Streams each uploaded file to a temporary file of its own, at most `maxBytes` long: a longer
 * one is dropped and marked too big, so that the page can say so in its error summary.
 */
export function receiveFiles(app: FastifyInstance, maxBytes: number) {
  const kept = new WeakMap<FastifyRequest, string[]>();
  void app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 11 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const dir = await mkdtemp(path.join(tmpdir(), 'openlg-received-'));
      const file = path.join(dir, 'upload');
      kept.set(this, [...(kept.get(this) ?? []), dir]);
      await pipeline(part.file, createWriteStream(file));
      const tooBig = part.file.truncated;
      part.value = { path: tooBig ? null : file, name: part.filename, tooBig } as ReceivedFile;
    },
  });
  // Whatever became of the request (refused, failed, answered), its files go.
  app.addHook('onResponse', async (request) => {
    for (const dir of kept.get(request) ?? []) await rm(dir, { recursive: true, force: true });
  });
}

/** The form's `file` field as received, or null when the form sent none. */
export function receivedFile(body: unknown): ReceivedFile | null {
  const file = (body as Record<string, unknown> | undefined)?.['file'];
  if (typeof file !== 'object' || file === null || !('tooBig' in file)) return null;
  return file as ReceivedFile;
}
