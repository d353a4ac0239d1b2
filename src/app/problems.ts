import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import type { Config } from '../config/config.ts';
import {
  BadRequestError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  UnavailableError,
} from '../shared/errors.ts';
import { errorInWords } from './plain-words.ts';

export interface Problem {
  status: number;
  title: string;
  detail: string;
  parameter?: string;
  /** What an error page says instead of `detail`: plain words, no parameter names or slugs. */
  forPeople?: string;
  /** The WWW-Authenticate challenge of a 401 from the API. */
  challenge?: string;
}

/** The headers every answer carries, error answers and those Node writes itself included. */
export interface SecurityOptions {
  /** Strict-Transport-Security when the public address is https; null behind plain http. */
  strictTransportSecurity: string | null;
}

/**
 * Browser features openlg never uses, denied to it and to anything it might embed: a page that
 * was made to run a script could not reach the camera, the location or a payment.
 */
const permissionsPolicy = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'encrypted-media',
  'fullscreen',
  'geolocation',
  'gyroscope',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-get',
  'screen-wake-lock',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/** A year: the HSTS lifetime browsers' preload lists ask for. */
const hstsSeconds = 31_536_000;

export function securityOptions(config: Pick<Config, 'publicUrl'>): SecurityOptions {
  return {
    strictTransportSecurity:
      config.publicUrl?.protocol === 'https:' ? `max-age=${hstsSeconds}` : null,
  };
}

export function securityHeaders(nonce: string, options: SecurityOptions): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'permissions-policy': permissionsPolicy,
    // form-action: a form injected into a page could otherwise post what is typed to any site.
    'content-security-policy':
      `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self'; ` +
      "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; " +
      "frame-ancestors 'none'",
    ...(options.strictTransportSecurity
      ? { 'strict-transport-security': options.strictTransportSecurity }
      : {}),
  };
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Whether an error is answered as a problem document rather than a page. Decided by address,
 * unlike everything else about the API (its plugin scope, public-api.ts): an unknown address, or
 * a request Node's parser refused, has no route and so no scope to ask.
 */
export function isApi(url: string): boolean {
  return url === '/api' ? false : url.startsWith('/api/');
}

/** "Too many requests", "Payload too large": the standard reason phrase, in sentence case. */
function clientErrorTitle(status: number): string {
  const phrase = STATUS_CODES[status] ?? 'Bad request';
  return phrase.charAt(0) + phrase.slice(1).toLowerCase();
}

/**
 * What Fastify's router and Node's parser refuse, in words that never repeat the address: a
 * rejected address may be megabytes long, or made to be shown back to someone.
 */
const frameworkDetails: Record<string, { status: number; detail: string; forPeople?: string }> = {
  FST_ERR_BAD_URL: {
    status: 400,
    detail:
      'The address is not valid: a % must start an escape such as %20, and escapes must spell UTF-8.',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    detail: 'A part of the address is too long. No code, slug or identifier is that long.',
    forPeople: 'The web address is too long. Check it is correct.',
  },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, detail: 'The request could not be routed.' },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    detail: 'The address and headers together are too large (the limit is 16 KB).',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    detail: 'The request was not sent in time: the headers and body must arrive within the limit.',
  },
};

export function problemFor(error: unknown): Problem {
  const forPeople = errorInWords(error);
  if (error instanceof NotFoundError && forPeople)
    return { status: 404, title: 'Not found', detail: error.message, forPeople };
  if (error instanceof BadRequestError && forPeople)
    return {
      status: 400,
      title: 'Bad request',
      detail: error.message,
      ...(error.parameter ? { parameter: error.parameter } : {}),
      forPeople,
    };
  if (error instanceof UnauthorizedError)
    return {
      status: 401,
      title: 'Unauthorized',
      detail: error.message,
      forPeople: 'Sign in to see this page.',
      challenge: error.challenge,
    };
  if (error instanceof ForbiddenError)
    return {
      status: 403,
      title: 'Forbidden',
      detail: error.message,
      forPeople: 'Your account does not give you access to this page.',
    };
  if (error instanceof UnavailableError)
    return { status: 503, title: 'Service unavailable', detail: error.message };
  // PostgreSQL's query_canceled: the server's statement timeout ended a request's query.
  if ((error as { code?: unknown }).code === '57014')
    return {
      status: 503,
      title: 'Service unavailable',
      detail:
        'The request took longer than the service allows and was stopped. Ask for less ' +
        '(fewer measures, areas or periods), or use the bulk downloads described at /api.',
    };
  const known = frameworkDetails[(error as FastifyError).code];
  if (known) return { ...known, title: clientErrorTitle(known.status) };
  const statusCode = (error as FastifyError).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500)
    return {
      status: statusCode,
      title: clientErrorTitle(statusCode),
      detail: (error as Error).message,
    };
  return {
    status: 500,
    title: 'Internal server error',
    detail: 'Something went wrong on our side. The problem has been logged.',
  };
}

/** The problem document; `instance` is left out when the address itself was refused. */
function problemDocument(problem: Problem, instance: string | null): string {
  // Not `forPeople`: the API's readers are programmers, who want the parameter named.
  const { status, title, detail, parameter } = problem;
  return JSON.stringify({
    type: 'about:blank',
    status,
    title,
    detail,
    ...(parameter === undefined ? {} : { parameter }),
    ...(instance === null ? {} : { instance }),
  });
}

function errorPage(problem: Problem) {
  if (problem.status === 404)
    return {
      title: 'Page not found',
      heading: 'Page not found',
      paragraphs: [
        problem.forPeople ?? problem.detail,
        'If you typed the web address, check it is correct. You can search for a council instead.',
      ],
      showSearch: true,
    };
  if (problem.status < 500)
    return {
      title: 'There is a problem with the request',
      heading: 'There is a problem with the request',
      paragraphs: [problem.forPeople ?? problem.detail],
    };
  return {
    title: 'Sorry, there is a problem with the service',
    heading: 'Sorry, there is a problem with the service',
    paragraphs: ['Try again later.', problem.detail],
  };
}

/** Renders the GOV.UK error page, or writes a problem document for the API. */
export class ProblemWriter {
  constructor(
    private readonly views: nunjucks.Environment,
    private readonly assetVersion: string,
  ) {}

  errorHtml(problem: Problem, nonce: string): string {
    return this.views.render('app/views/error.njk', {
      ...errorPage(problem),
      errorTitle: true,
      assetVersion: this.assetVersion,
      cspNonce: nonce,
    });
  }

  send(
    request: FastifyRequest,
    reply: FastifyReply,
    problem: Problem,
    nonce: string,
    { echoUrl = true } = {},
  ) {
    reply.code(problem.status);
    if (isApi(request.url)) {
      if (problem.challenge) reply.header('www-authenticate', problem.challenge);
      return reply
        .type('application/problem+json; charset=utf-8')
        .send(problemDocument(problem, echoUrl ? request.url : null));
    }
    return reply.type('text/html; charset=utf-8').send(this.errorHtml(problem, nonce));
  }

  /**
   * Answers what Node's HTTP parser refused before Fastify saw a request (headers too large, a
   * request line it cannot read, a request sent too slowly), in the same forms as every other
   * error. The request line, when it was read, tells an API address from a page.
   */
  clientErrorHandler(security: SecurityOptions) {
    return (error: Error & { code?: string; rawPacket?: unknown }, socket: Socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) {
        // Whatever else Node's parser refuses is a request it could not read: the client's fault.
        const problem = frameworkDetails[error.code ?? '']
          ? problemFor(error)
          : { status: 400, title: 'Bad request', detail: 'The request is not valid HTTP/1.1.' };
        const packet = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : Buffer.alloc(0);
        const target = /^[A-Z]+ (\S+)/.exec(packet.toString('latin1', 0, 512));
        const nonce = newNonce();
        const api = isApi(target?.[1] ?? '');
        const body = api ? problemDocument(problem, null) : this.errorHtml(problem, nonce);
        const headers = {
          'content-type': api
            ? 'application/problem+json; charset=utf-8'
            : 'text/html; charset=utf-8',
          'content-length': String(Buffer.byteLength(body)),
          'cache-control': 'no-store',
          connection: 'close',
          ...securityHeaders(nonce, security),
        };
        socket.write(
          `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status] ?? ''}\r\n` +
            Object.entries(headers)
              .map(([name, value]) => `${name}: ${value}\r\n`)
              .join('') +
            `\r\n${body}`,
        );
      }
      socket.destroy(error);
    };
  }
}
