import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiKeysService, type KeyHolder } from '../accounts/api-keys.service.ts';
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
 * Who a request's key speaks for, on every request of the app (null outside the API): the rate
 * limit counts by it, and pages read it too. The API's scope sets it (registerKeyHolders).
 */
export function decorateKeyHolders(app: FastifyInstance, db: Db) {
  app.decorate('apiKeys', new ApiKeysService(db));
  app.decorateRequest('apiKey', null);
  app.decorateRequest('badKey', false);
}

/**
 * API keys on the API, in its scope: the key is looked up as the request arrives (before the
 * rate limit, so that a key's requests count against the key), and a header that names no live
 * key (unknown, revoked, or its user disabled) is refused with 401 once the rate limit has
 * counted it against the address, so that guessing keys costs a guesser their limit. Looked up
 * every time: a revoked key is refused from the next request on. Pages answer to sessions, not
 * keys: they are not in this scope.
 */
export function registerKeyHolders(api: FastifyInstance) {
  const keys = api.apiKeys;
  api.addHook('onRequest', async (request) => {
    const authorization = request.headers.authorization;
    if (authorization === undefined || request.method === 'OPTIONS') return;
    const key = bearerKey(authorization);
    request.apiKey = key === null ? null : await keys.holder(key);
    request.badKey = request.apiKey === null;
  });
  // A request with a key is answered differently: a shared cache must not answer it with the
  // public's answer (routes set Vary themselves, so it is added as the answer leaves).
  api.addHook('onSend', async (_request, reply, payload) => {
    const vary = String(reply.getHeader('vary') ?? '');
    if (!/\bauthorization\b/i.test(vary))
      reply.header('vary', vary === '' ? 'Authorization' : `${vary}, Authorization`);
    return payload;
  });
  api.addHook('preValidation', async (request) => {
    if (request.badKey)
      throw new UnauthorizedError(
        'The API key is not valid: it is unknown, has been revoked, or its user is disabled. ' +
          'Send "Authorization: Bearer <key>" with a live key, or no Authorization header.',
        'Bearer error="invalid_token"',
      );
  });
}
