import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AdmissionRefused,
  type Admission,
  type AdmissionLimits,
  type Refusal,
} from './admission.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * What a request to the route will cost, in cells, worked out before any work from the
     * request alone (see Admission). Routes without it are cheap.
     */
    cost?: (request: FastifyRequest) => number;
  }
}

/**
 * The budgets. Eight cheap handlers keep the 10 pooled PostgreSQL connections and the CPU busy (4
 * and 16 served as many requests a second under bench/load.ts). Expensive requests run one at a
 * time: on PGlite one connection serves every request; on PostgreSQL two at once kept Node's one
 * thread busier, and bench/stall.ts answered fewer of them with /healthz's p95 172 ms instead of
 * 115 ms. A client may have one answer of 50,000 ranked values with benchmarks (125,000) in hand,
 * or several smaller ones; about eight such answers may wait in all.
 */
export const admissionLimits: AdmissionLimits = {
  cheapAtOnce: 8,
  expensiveFrom: 10_000,
  expensiveAtOnce: 1,
  queuedCost: 1_000_000,
  clientCost: 200_000,
};

/**
 * How long PostgreSQL lets one statement of the server run: a request's statements take
 * milliseconds (answers are read a few keys at a time), so one this long has gone wrong, and
 * must not hold a connection the other requests need.
 */
export const statementTimeoutMs = 30_000;

const lessAdvice =
  'Ask for less (fewer metrics, areas or periods, or a smaller limit), or download whole ' +
  'metrics from /api/v1/bulk/metrics/{slug}.csv, one at a time (every metric: /api/v1/bulk/all.csv).';

function refusalError(refusal: Refusal): Error {
  const wait = `Try again in ${refusal.retryAfterSeconds} seconds.`;
  const message =
    refusal.reason === 'client'
      ? `Your address already has expensive requests being worked on. ${wait} ${lessAdvice}`
      : `The service is busy with as many expensive requests as it can take. ${wait} ${lessAdvice}`;
  return Object.assign(new Error(message), { statusCode: 429 });
}

/**
 * Every route's handler runs through admission: health checks and static files excepted, which
 * must answer however busy the service is. HEAD costs 1 whatever the route: it reads no body.
 * A request whose client has gone before its turn, or while its answer was worked out, gets
 * 499 (nginx's "client closed request"), for the log alone: nobody is left to read it.
 */
export function admitRequests(app: FastifyInstance, admission: Admission) {
  app.addHook('onRoute', (route) => {
    if (route.url === '/healthz' || route.url.startsWith('/assets/')) return;
    const handler = route.handler;
    const cost = route.config?.cost;
    route.handler = function (request: FastifyRequest, reply: FastifyReply) {
      const units = request.method === 'HEAD' || !cost ? 1 : cost(request);
      return admission
        .run(request.ip, units, async () => {
          if (request.signal.aborted) return reply.code(499).send();
          try {
            return await handler.call(this, request, reply);
          } catch (error) {
            if (request.signal.aborted) return reply.code(499).send();
            throw error;
          }
        })
        .catch((error: unknown) => {
          if (!(error instanceof AdmissionRefused)) throw error;
          reply.header('retry-after', String(error.refusal.retryAfterSeconds));
          throw refusalError(error.refusal);
        });
    };
  });
}
