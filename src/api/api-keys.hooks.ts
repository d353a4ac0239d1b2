import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiKeysService, type KeyHolder } from '../accounts/api-keys.service.ts';
import { isApi } from '../app/problems.ts';
import type { Db } from '../db/database.ts';
import { UnauthorizedError } from '../shared/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the API key in `Authorization: Bearer` speaks for; null without one. */
    apiKey: KeyHolder | null;
    /** An Authorization header came, and named no live key: refused once it has been counted. */
    badKey: boolean;
  }
  interface FastifyInstance {
    /** API keys: checked here, and made and revoked by their owners at /account/api-keys. */
    apiKeys: ApiKeysService;
  }
}

/** The key of an `Authorization: Bearer <key>` header; null for any other scheme or shape. */
export function bearerKey(authorization: string): string | null {
  const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(authorization);
  return match?.[1] ?? null;
}

/** What a rate limit counts a request against: its key when it has one, else its address. */
export function rateLimitClient(request: FastifyRequest): string {
  return request.apiKey ? `key:${request.apiKey.keyId}` : request.ip;
}

/**
 * API keys on the API: the key is looked up as the request arrives (before the rate limit, so
 * that a key's requests count against the key), and a header that names no live key (unknown,
 * revoked, or its user disabled) is refused with 401 once the rate limit has counted it against
 * the address, so that guessing keys costs a guesser their limit. Looked up every time: a
 * revoked key is refused from the next request on. Pages answer to sessions, not keys.
 */
export function registerKeyHolders(app: FastifyInstance, db: Db) {
  const keys = new ApiKeysService(db);
  app.decorate('apiKeys', keys);
  app.decorateRequest('apiKey', null);
  app.decorateRequest('badKey', false);
  app.addHook('onRequest', async (request) => {
    const authorization = request.headers.authorization;
    if (authorization === undefined || !isApi(request.url) || request.method === 'OPTIONS') return;
    const key = bearerKey(authorization);
    request.apiKey = key === null ? null : await keys.holder(key);
    request.badKey = request.apiKey === null;
  });
  // A request with a key is answered differently: a shared cache must not answer it with the
  // public's answer (routes set Vary themselves, so it is added as the answer leaves).
  app.addHook('onSend', async (request, reply, payload) => {
    if (!isApi(request.url)) return payload;
    const vary = String(reply.getHeader('vary') ?? '');
    if (!/\bauthorization\b/i.test(vary))
      reply.header('vary', vary === '' ? 'Authorization' : `${vary}, Authorization`);
    return payload;
  });
  app.addHook('preValidation', async (request) => {
    if (request.badKey)
      throw new UnauthorizedError(
        'The API key is not valid: it is unknown, has been revoked, or its user is disabled. ' +
          'Send "Authorization: Bearer <key>" with a live key, or no Authorization header.',
        'Bearer error="invalid_token"',
      );
  });
}
