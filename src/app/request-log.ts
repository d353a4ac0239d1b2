import type { FastifyRequest } from 'fastify';
import type { LogLevel } from '../config/config.ts';

/**
 * Paths whose last segment is a secret: a one-time link's token (an invitation, a password
 * reset). Whoever reads the log must not be able to follow the link before its owner does.
 */
const secretPaths = /^(\/(?:invitation|reset-password)\/)[^/?#]+/;

/**
 * A single sign-on's callback, whose query carries the identity provider's code and the state:
 * useless without the browser's cookie and openlg's secrets, but no one else's to read.
 */
const secretQueries = /^(\/sign-in\/sso\/callback\?).+/;

/** The request's address as the log may keep it: secret link tokens and codes replaced. */
export function loggableUrl(url: string): string {
  return url.replace(secretPaths, '$1[hidden]').replace(secretQueries, '$1[hidden]');
}

/** The request as each log line describes it: pino's usual fields, without secret tokens. */
function requestForLog(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggableUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** Fastify's logger settings at `level`: none when silent. */
export function loggerOptions(level: LogLevel) {
  return level === 'silent' ? false : { level, serializers: { req: requestForLog } };
}
