import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import fastifyCompress from '@fastify/compress';
import fastifyRateLimit, {
  type FastifyRateLimitStore,
  type FastifyRateLimitStoreCtor,
} from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { govukDistDir } from '../app/views.ts';
import { SharedRateLimit, windowMs, type Standing } from './rate-limit.service.ts';
import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { decorateKeyHolders, rateLimitClient } from './api-keys.hooks.ts';

const govukAssets = path.join(govukDistDir, 'govuk');
let govukFiles: ReadonlySet<string> | null = null;

/** Whether /assets/govuk/{file} names a file, from the list of them read once. */
function isGovukFile(file: string): boolean {
  govukFiles ??= new Set(
    readdirSync(govukAssets, { recursive: true, encoding: 'utf8' }).map((f) =>
      f.split(path.sep).join('/'),
    ),
  );
  return govukFiles.has(file);
}

/**
 * Health checks and static files must keep answering a client that has used up its limit. A
 * missing file under /assets/ is a probe like any other unknown address, and counts (the limit is
 * decided before the file is looked for, so the files are listed), as do CORS preflights.
 */
function isExemptFromRateLimit(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (request.method === 'OPTIONS') return false;
  if (route === '/assets/govuk/*')
    return isGovukFile((request.params as Record<string, string | undefined>)['*'] ?? '');
  return route === '/healthz' || (route?.startsWith('/assets/') ?? false);
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The rate limit's counts, shared with every process on the database (see SharedRateLimit). */
    rateLimits: SharedRateLimit;
  }
}

/** @fastify/rate-limit's store, counting with the shared sliding window. */
function storeOf(limit: SharedRateLimit): FastifyRateLimitStoreCtor {
  return class implements FastifyRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: Standing) => void,
      _timeWindow?: number,
      max?: number,
    ) {
      callback(null, limit.hit(key, max));
    }
    child() {
      return this;
    }
  };
}

/** Shares the counts about once a second while the server runs, and once more as it stops. */
function shareCounts(app: FastifyInstance, limit: SharedRateLimit) {
  const share = () =>
    limit.sync().catch((error: unknown) => app.log.warn({ err: error }, 'rate limit not shared'));
  const timer = setInterval(() => void share(), 1_000).unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await share();
  });
}

/**
 * What every answer gets from HTTP: compression, and a rate limit per address (or per API key),
 * which counts unknown addresses and pages too. What the API alone gets (CORS, validators, cache
 * lifetimes, kept answers) is its scope's: public-api.ts. Register before any route, so that
 * every route carries them.
 */
export async function registerHttpBehaviour(
  app: FastifyInstance,
  config: Config,
  database: Database,
) {
  await app.register(fastifyCompress, { global: true });

  // Fastify answers HEAD by draining the GET handler's stream: a workbook or a bulk file was made
  // whole for nobody (ten HEADs of all.csv took 127 CPU-seconds). It is destroyed unread instead.
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.method !== 'HEAD' || !(payload instanceof Readable)) return payload;
    payload.destroy();
    return Readable.from([]);
  });

  // @fastify/cors (in the API's scope) answers a preflight in its own onRequest hook, before the
  // rate limit's could count it: counted here first, once the limit is registered below.
  let limitPreflight: ((request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) | null =
    null;
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS' && limitPreflight) await limitPreflight(request, reply);
  });

  decorateKeyHolders(app, database.db);
  const perMinute = config.rateLimitPerMinute;
  const perKey = config.apiKeyRateLimitPerMinute;
  const limit = new SharedRateLimit(database.db, perMinute);
  app.decorate('rateLimits', limit);
  if (perMinute > 0 || perKey > 0) shareCounts(app, limit);
  await app.register(fastifyRateLimit, {
    // A key's requests count against the key alone, under a limit of their own.
    keyGenerator: rateLimitClient,
    max: (request) => (request.apiKey ? perKey : perMinute),
    timeWindow: windowMs,
    store: storeOf(limit),
    allowList: (request) =>
      (request.apiKey ? perKey : perMinute) === 0 || isExemptFromRateLimit(request),
    // Thrown to the application's error handler, which answers with a problem document.
    errorResponseBuilder: (request, context) =>
      Object.assign(
        new Error(
          `Too many requests ${request.apiKey ? 'with your API key' : 'from your address'}: ` +
            `the limit is ${context.max} a minute. ` +
            `Try again in ${Math.ceil(context.ttl / 1000)} seconds, or use the bulk downloads described at /api.`,
        ),
        { statusCode: context.statusCode },
      ),
  });
  if (perMinute > 0) limitPreflight = app.rateLimit();

  // A failure describes this moment, not the data: no cache may keep it or revalidate it.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode >= 400) {
      reply.removeHeader('etag');
      reply.removeHeader('last-modified');
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
}
