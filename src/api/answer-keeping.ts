import type { Readable } from 'node:stream';
import { Transform, pipeline } from 'node:stream';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  onSendAsyncHookHandler,
} from 'fastify';
import { AnswerCache, viewerOf, type KeptAnswer, type Viewer } from './answer-cache.ts';

/** What a request may leave in the cache once its answer is made. */
interface Keeping {
  viewer: Viewer;
  token: string;
  key: string;
  /** 'body': the answer is being worked out; 'form': its body is kept, and is being compressed. */
  leave: 'body' | 'form';
}

declare module 'fastify' {
  interface FastifyRequest {
    keeping: Keeping | null;
  }
}

/** The headers a route sets that describe its body; the others come from hooks per request. */
const representationHeaders = ['content-type', 'content-disposition', 'link'] as const;

/**
 * Reads that may be kept: a GET without `asOf` (a moment still to come means now, and the answer
 * names it). Workbooks and bulk files are streams, which are never kept, as are failures.
 */
function isKeepable(request: FastifyRequest): boolean {
  return request.method === 'GET' && !Object.hasOwn((request.query ?? {}) as object, 'asOf');
}

/** The request as its answer depends on it: the address and the Accept header, as ETags are. */
function keyOf(request: FastifyRequest): string {
  return `${request.url}\n${request.headers.accept ?? ''}`;
}

/** The compressed forms are told apart by the header @fastify/compress negotiated them from. */
function formKey(request: FastifyRequest): string | null {
  const acceptEncoding = request.headers['accept-encoding'];
  return acceptEncoding === undefined || request.headers['x-no-compression'] !== undefined
    ? null
    : acceptEncoding;
}

function sendKept(request: FastifyRequest, reply: FastifyReply, kept: KeptAnswer, token: string) {
  reply.headers(kept.headers);
  const wanted = formKey(request);
  const form = wanted === null ? undefined : kept.forms.get(wanted);
  if (form) {
    // A Content-Encoding already set tells @fastify/compress that the body is encoded.
    return reply.headers({ 'content-encoding': form.encoding, vary: form.vary }).send(form.body);
  }
  if (wanted !== null)
    request.keeping = { viewer: { kind: 'public' }, token, key: keyOf(request), leave: 'form' };
  return reply.send(kept.body);
}

/** Collects a compressed stream as it is sent, and keeps it whole once it has all been sent. */
function collect(stream: Readable, keep: (body: Buffer) => void): Readable {
  const chunks: Buffer[] = [];
  const tee = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done(null, chunk);
    },
    flush(done) {
      keep(Buffer.concat(chunks));
      done();
    },
  });
  // A client gone part way destroys the tee, and the stream with it: nothing is kept.
  pipeline(stream, tee, () => {});
  return tee;
}

/**
 * Keeps the encoded public answers of the API (AnswerCache), and answers a repeated question
 * from them: the same body, compressed form and headers as working it out again would give, the
 * ETag and cache lifetime coming from the version as for any answer. Bodies are kept as the
 * route made them (before compression), and each compressed form as @fastify/compress made it,
 * the first time a client asks for it; compressing a 47 KB answer again each time took longer
 * than sending it. Register in the API's scope (public-api.ts), after @fastify/compress and
 * before any route: its hooks are the scope's routes' alone.
 */
export function keepAnswers(app: FastifyInstance, maxBytes: number) {
  const cache = new AnswerCache(maxBytes);

  app.addHook('onSend', async (request, reply, payload) => {
    const keeping = request.keeping;
    if (keeping?.leave !== 'body' || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
    const headers: Record<string, string> = {};
    for (const name of representationHeaders) {
      const value = reply.getHeader(name);
      if (value !== undefined) headers[name] = String(value);
    }
    // Only a body kept has its compressed form kept: a bulk file's is never collected.
    const kept = cache.set(keeping.viewer, keeping.token, keeping.key, headers, body);
    request.keeping = kept ? { ...keeping, leave: 'form' } : null;
    return body;
  });

  // Each route's onSend hooks run after the application's, @fastify/compress's first: this one,
  // added to the route after it, sees the compressed body.
  const keepForm: onSendAsyncHookHandler = async (request, reply, payload) => {
    const keeping = request.keeping;
    const encoding = reply.getHeader('content-encoding');
    const wanted = formKey(request);
    if (keeping?.leave !== 'form' || wanted === null || reply.statusCode !== 200) return payload;
    if (typeof encoding !== 'string' || encoding === 'identity') return payload;
    const keep = (body: Buffer) =>
      cache.addForm(keeping.token, keeping.key, wanted, {
        encoding,
        vary: String(reply.getHeader('vary') ?? ''),
        body,
      });
    if (Buffer.isBuffer(payload)) keep(payload);
    // @fastify/compress's streams are readable-stream's, not node:stream's: known by pipe.
    else if (typeof (payload as Readable | null)?.pipe === 'function')
      return collect(payload as Readable, keep);
    return payload;
  };
  app.addHook('onRoute', (route) => {
    const hooks = route.onSend;
    route.onSend = [...(Array.isArray(hooks) ? hooks : hooks ? [hooks] : []), keepForm];
  });

  return {
    cache,
    /** Sends the kept answer to this request if there is one, or notes what to keep. */
    answer(request: FastifyRequest, reply: FastifyReply, token: string) {
      if (!isKeepable(request)) return;
      const viewer = viewerOf(request.headers);
      const kept = cache.get(viewer, token, keyOf(request));
      if (kept) return sendKept(request, reply, kept, token);
      request.keeping = { viewer, token, key: keyOf(request), leave: 'body' };
    },
  };
}
