import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type nunjucks from 'nunjucks';
import type { Config, TrustProxy } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { registerApiDocsRoutes } from '../api/api.routes.ts';
import { registerHttpBehaviour } from '../api/http-behaviour.ts';
import { registerAreaRoutes } from '../areas/areas.routes.ts';
import type { AreasService } from '../areas/areas.service.ts';
import { registerImportRoutes } from '../imports/imports.routes.ts';
import type { ImportService } from '../imports/imports.service.ts';
import { registerHealthRoutes } from '../health/health.routes.ts';
import { registerGroupRoutes } from '../groups/groups.routes.ts';
import { registerComparisonRoutes } from '../comparison/comparison.routes.ts';
import { registerMethodologyRoutes } from '../methodology/methodology.routes.ts';
import type { ComparisonService } from '../comparison/comparison.service.ts';
import type { GroupsService } from '../groups/groups.service.ts';
import { registerMetricRoutes } from '../metrics/metrics.routes.ts';
import { registerDataRoutes } from '../data/data.routes.ts';
import type { DataService } from '../data/data.service.ts';
import type { MetricsService } from '../metrics/metrics.service.ts';
import { BadRequestError, NotFoundError } from '../shared/errors.ts';
import { iconSvg, stylesheetCss } from './assets.ts';
import { ConcurrencyLimit } from './concurrency.ts';
import { createViews, govukDistDir } from './views.ts';

export interface Services {
  areas: AreasService;
  metrics: MetricsService;
  groups: GroupsService;
  comparison: ComparisonService;
  data: DataService;
  imports: ImportService;
  database: Database;
}

declare module 'fastify' {
  interface FastifyRequest {
    cspNonce: string;
  }
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

export const assetVersion = '1';

/**
 * Route handlers running at once; the other requests wait their turn (see ConcurrencyLimit). Eight
 * keep the 10 pooled PostgreSQL connections and the CPU busy, pages making several queries at once;
 * 4 and 16 served as many requests a second under bench/load.ts, with no less memory.
 */
const handlersAtOnce = 8;

const clientScript = `import { initAll } from '/assets/govuk/govuk-frontend.min.js';\ninitAll();\n`;

function isApi(request: FastifyRequest): boolean {
  return request.url === '/api' ? false : request.url.startsWith('/api/');
}

interface Problem {
  status: number;
  title: string;
  detail: string;
  parameter?: string;
}

/** "Too many requests", "Payload too large": the standard reason phrase, in sentence case. */
function clientErrorTitle(status: number): string {
  const phrase = STATUS_CODES[status] ?? 'Bad request';
  return phrase.charAt(0) + phrase.slice(1).toLowerCase();
}

function problemFor(error: unknown): Problem {
  if (error instanceof NotFoundError)
    return { status: 404, title: 'Not found', detail: error.message };
  if (error instanceof BadRequestError)
    return {
      status: 400,
      title: 'Bad request',
      detail: error.message,
      ...(error.parameter ? { parameter: error.parameter } : {}),
    };
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

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  if (isApi(request)) {
    return reply
      .code(problem.status)
      .type('application/problem+json; charset=utf-8')
      .send({ type: 'about:blank', ...problem, instance: request.url });
  }
  const page =
    problem.status === 404
      ? {
          title: 'Page not found',
          heading: 'Page not found',
          paragraphs: [
            problem.detail,
            'If you typed the web address, check it is correct. You can search for a council instead.',
          ],
          showSearch: true,
        }
      : problem.status < 500
        ? {
            title: 'There is a problem with the request',
            heading: 'There is a problem with the request',
            paragraphs: [problem.detail],
          }
        : {
            title: 'Sorry, there is a problem with the service',
            heading: 'Sorry, there is a problem with the service',
            paragraphs: ['Try again later.', problem.detail],
          };
  return reply.code(problem.status).render('app/views/error.njk', { ...page, errorTitle: true });
}

/** Fastify's types lack its hop count: the same rule, as the function it compiles one into. */
function fastifyTrustProxy(
  trust: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address: string, hop: number) => hop < trust;
  return trust === false ? false : [...trust];
}

export async function buildApp(config: Config, services: Services): Promise<FastifyInstance> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // Behind reverse proxies the client address comes from the X-Forwarded-For entries they
    // appended (rate limits use it); the entries before those, a client wrote itself.
    trustProxy: fastifyTrustProxy(config.trustProxy),
    routerOptions: { ignoreTrailingSlash: true },
  });
  const views: nunjucks.Environment = createViews();
  const work = new ConcurrencyLimit(handlersAtOnce);
  app.addHook('onRoute', (route) => {
    if (route.url === '/healthz' || route.url.startsWith('/assets/')) return;
    const handler = route.handler;
    route.handler = function (request, reply) {
      return work.run(async () =>
        // A client that gave up while its request waited costs no work; 499 is nginx's
        // "client closed request", for the log alone: nobody is left to read it.
        request.signal.aborted ? reply.code(499).send() : handler.call(this, request, reply),
      );
    };
  });
  await registerHttpBehaviour(app, config, services.database);

  app.decorateRequest('cspNonce', '');
  app.decorateReply('render', function (this: FastifyReply, template: string, context = {}) {
    const html = views.render(template, {
      ...context,
      assetVersion,
      cspNonce: this.request.cspNonce,
      currentUrl: this.request.url,
    });
    return this.type('text/html; charset=utf-8').send(html);
  });

  app.addHook('onRequest', async (request, reply) => {
    request.cspNonce = randomBytes(16).toString('base64');
    reply.headers({
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
      'x-frame-options': 'DENY',
      'content-security-policy':
        `default-src 'self'; script-src 'self' 'nonce-${request.cspNonce}'; ` +
        "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    });
  });

  app.setErrorHandler((error, request, reply) => {
    const problem = problemFor(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, problem);
  });
  // Probing for addresses that do not exist counts against the rate limit like any request.
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (request, reply) =>
    sendProblem(request, reply, {
      status: 404,
      title: 'Not found',
      detail: `Nothing is published at ${request.url.split('?')[0]}.`,
    }),
  );

  await app.register(fastifyStatic, {
    root: path.join(govukDistDir, 'govuk'),
    prefix: '/assets/govuk/',
    maxAge: '1d',
    index: false,
  });
  app.get('/assets/openlg.css', async (_request, reply) =>
    reply
      .type('text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(await stylesheetCss()),
  );
  app.get('/assets/openlg.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(clientScript),
  );
  app.get('/assets/openlg-icon.svg', async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(iconSvg),
  );

  registerHealthRoutes(app, services);
  registerApiDocsRoutes(app);
  registerAreaRoutes(app, services);
  registerImportRoutes(app, services);
  registerMetricRoutes(app, services);
  registerGroupRoutes(app, services);
  registerComparisonRoutes(app, services);
  registerDataRoutes(app, services);
  registerMethodologyRoutes(app);
  return app;
}
