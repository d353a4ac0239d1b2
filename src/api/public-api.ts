import fastifyCors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { keepAnswers } from './answer-keeping.ts';
import { registerKeyHolders } from './api-keys.hooks.ts';
import {
  type DataVersion,
  DataVersionService,
  entityTag,
  matchesAnyTag,
  maxAge,
  notModifiedSince,
} from './api.service.ts';

/** Headers a script on another site may read from a response, beside the CORS-safelisted ones. */
export const exposedHeaders = [
  'ETag',
  'Last-Modified',
  'Retry-After',
  'Content-Disposition',
  'Link',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
];

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The data version read for this request, after it arrived, for a GET of the API: its
     * answer may be worked out from it without asking the database again (null otherwise).
     */
    dataVersion: DataVersion | null;
  }
  interface FastifyContextConfig {
    /** An answer for its viewer alone (the audit trail): never public, never kept or validated. */
    privateAnswer?: boolean;
  }
}

function isCacheableRead(request: FastifyRequest): boolean {
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    !request.routeOptions.config.privateAnswer
  );
}

/**
 * Validators and cache lifetimes derived from the data version, so that clients and caches can
 * revalidate cheaply; a 304 when nothing changed; a kept answer when one is kept.
 */
function registerValidators(api: FastifyInstance, versions: DataVersionService, maxBytes: number) {
  const kept = keepAnswers(api, maxBytes);
  api.addHook('preHandler', async (request, reply) => {
    // An answer to a key is for its holder alone: no cache may keep it, nor answer it from the
    // public's (the public answer's validators would say nothing of what the key may see).
    if (request.apiKey) reply.header('cache-control', 'private, no-store');
    if (!isCacheableRead(request)) return;
    const version = await versions.current();
    request.dataVersion = version;
    if (request.apiKey) return;
    const tag = entityTag(version, request.url, request.headers.accept ?? '');
    reply.headers({
      etag: tag,
      'last-modified': version.lastModified.toUTCString(),
      'cache-control': `public, max-age=${maxAge(version)}`,
      vary: 'Accept',
    });
    // RFC 9110 section 13.2.2: If-None-Match, when present, decides alone.
    const ifNoneMatch = request.headers['if-none-match'];
    const ifModifiedSince = request.headers['if-modified-since'];
    const unchanged =
      ifNoneMatch !== undefined
        ? matchesAnyTag(ifNoneMatch, tag)
        : ifModifiedSince !== undefined && notModifiedSince(ifModifiedSince, version.lastModified);
    if (unchanged) return reply.code(304).send();
    // Before the handler, and so before admission: a kept answer waits for no turn.
    return kept.answer(request, reply, version.token);
  });
}

/**
 * The public open data API, as a plugin scope of its own: its routes, and only they, answer to
 * API keys (Vary: Authorization), to any origin (CORS), with validators and public cache
 * lifetimes, 304s and kept answers. `register` adds the routes (each feature's *.api.ts): a route
 * added there is the API's at whatever address, and a page added elsewhere gets none of this.
 * Register after registerHttpBehaviour (compression, the rate limit and the key decorations).
 */
export async function registerPublicApi(
  app: FastifyInstance,
  config: Config,
  database: Database,
  register: (api: FastifyInstance) => void,
) {
  const versions = await DataVersionService.open(database);
  // Set by this scope's hooks, null on every other request: pages read neither, but a page
  // drawn with a saved group clears `keeping` as the API does (saved-groups.choice.ts).
  app.decorateRequest('dataVersion', null);
  app.decorateRequest('keeping', null);
  await app.register(async (api) => {
    // Everything the API serves is a public read without credentials, so any origin may read it
    // (a POST asks a question too long for an address; it changes nothing). Its preflight route
    // is a catch-all (OPTIONS *) in this scope: a preflight at a page's address is answered too,
    // which lets a script send what it could already, and read nothing (pages allow no origin).
    await api.register(fastifyCors, {
      origin: '*',
      methods: ['GET', 'HEAD', 'POST'],
      exposedHeaders,
      maxAge: 86_400,
    });
    registerKeyHolders(api);
    registerValidators(api, versions, config.answerCacheBytes);
    register(api);
  });
}
