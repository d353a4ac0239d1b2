import type { ServerOptions } from 'node:http';

/** How long a client may take to send a request, and how long a connection may sit idle. */
export interface HttpTimeouts {
  /** The whole request, headers and body, must arrive within this (ms). */
  requestMs: number;
  /** A connection that neither sends nor receives for this long is closed (ms). */
  idleMs: number;
}

/**
 * A client sending its request a byte at a time would otherwise hold a connection for ever
 * (Fastify turns off Node's request timeout by default). Thirty seconds is far beyond any real
 * client's GET; two idle minutes outlast the slowest answer, which streams as it goes.
 */
export const defaultHttpTimeouts: HttpTimeouts = { requestMs: 30_000, idleMs: 120_000 };

export function httpTimeouts(timeouts: HttpTimeouts): {
  requestTimeout: number;
  connectionTimeout: number;
  http: ServerOptions;
} {
  return {
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.idleMs,
    http: {
      headersTimeout: timeouts.requestMs,
      // Node checks the timeouts on this beat (30 s by default): a short limit needs a short beat.
      connectionsCheckingInterval: Math.min(timeouts.requestMs, 5_000),
    },
  };
}
