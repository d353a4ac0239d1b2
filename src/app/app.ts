import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type nunjucks from 'nunjucks';
import type { Config, TrustProxy } from '../config/config.ts';
import { registerAccounts, registerMoreAccountPages } from '../accounts/accounts.pages.ts';
import { mayAct, nationalOrganisation } from '../accounts/roles.ts';
import { registerAdminApi } from '../admin/admin.api.ts';
import { registerAdminRoutes } from '../admin/admin.routes.ts';
import { AuditService } from '../admin/admin.service.ts';
import { registerApiDocsRoutes } from '../api/api.routes.ts';
import { registerHttpBehaviour } from '../api/http-behaviour.ts';
import { registerOpenApiDocument } from '../api/openapi.api.ts';
import { registerOverviewApi } from '../overview/overview.api.ts';
import { registerOverviewPages } from '../overview/overview.pages.ts';
import { registerPeerPoolPages } from '../peer-challenge/peer-pool.pages.ts';
import { registerPeerRecordPages } from '../peer-challenge/peers.pages.ts';
import { registerPeerChallengeApi } from '../peer-challenge/peer-challenge.api.ts';
import { registerPeerChallengePages } from '../peer-challenge/peer-challenge.pages.ts';
import { registerChallengePages } from '../peer-challenge/challenges.pages.ts';
import {
  registerDocumentPages,
  registerDocumentUploads,
  registerPublishedDocumentPages,
} from '../peer-challenge/documents.pages.ts';
import { registerChallengeReminderJobs } from '../peer-challenge/reminders.jobs.ts';
import { registerCoverageApi } from '../peer-challenge/coverage.api.ts';
import { registerCoveragePages } from '../peer-challenge/coverage.pages.ts';
import { registerPeerDaysApi } from '../peer-challenge/peer-days.api.ts';
import { registerSurveyPages } from '../peer-challenge/survey.pages.ts';
import {
  registerPeerDaysPages,
  registerPeerLedgerPages,
} from '../peer-challenge/peer-days.pages.ts';
import { registerSimulationPages } from '../simulations/simulations.pages.ts';
import { registerSimulationEditorPages } from '../simulations/editor.pages.ts';
import { registerResultsPages } from '../simulations/results.pages.ts';
import { registerSimulatorScript } from '../simulations/simulator.script.ts';
import { registerEarlyWarningPages } from '../early-warning/early-warning.pages.ts';
import { registerPublicApi } from '../api/public-api.ts';
import { registerAreaApi } from '../areas/areas.api.ts';
import { registerAreaRoutes } from '../areas/areas.routes.ts';
import { registerChartRoutes } from '../charts/charts.routes.ts';
import { registerCollectionJobs } from '../collections/collections.jobs.ts';
import { registerCollectionPages } from '../collections/collections.pages.ts';
import { registerImportApi } from '../imports/imports.api.ts';
import { registerHealthRoutes } from '../health/health.routes.ts';
import { registerGroupJobs } from '../groups/groups.jobs.ts';
import { registerGroupApi } from '../groups/groups.api.ts';
import { registerGroupRoutes } from '../groups/groups.routes.ts';
import { registerComparisonApi } from '../comparison/comparison.api.ts';
import { registerComparisonPages } from '../comparison/comparison.pages.ts';
import { registerMethodologyRoutes } from '../methodology/methodology.routes.ts';
import { registerSiteRoutes } from '../site/site.routes.ts';
import { registerMetricApi } from '../metrics/metrics.api.ts';
import { registerMetricRoutes } from '../metrics/metrics.routes.ts';
import { registerDataApi } from '../data/data.api.ts';
import { registerDashboardPages } from '../dashboards/dashboards.pages.ts';
import { registerSavedGroupPages } from '../saved-groups/saved-groups.pages.ts';
import { registerUploadPages } from '../uploads/uploads.pages.ts';
import { UploadsService } from '../uploads/uploads.service.ts';
import { registerValuePages } from '../values/values.pages.ts';
import { registerSearchApi } from '../search/search.api.ts';
import { registerSearchRoutes } from '../search/search.routes.ts';
import { registerReportPages } from '../reports/reports.pages.ts';
import { registerReportBuilder } from '../reports/report-builder.pages.ts';
import { registerReportFeed } from '../reports/report-feed.pages.ts';
import { registerReportJobs } from '../reports/report-subscriptions.jobs.ts';
import { registerReportSubscriptionPages } from '../reports/report-subscriptions.pages.ts';
import { reportPrinter } from '../reports/report.pdf.ts';
import { iconSvg, stylesheetCss } from './assets.ts';
import { Admission } from './admission.ts';
import { admissionLimits, admitRequests } from './admit.ts';
import { defaultHttpTimeouts, httpTimeouts, type HttpTimeouts } from './http-timeouts.ts';
import {
  newNonce,
  ProblemWriter,
  problemFor,
  securityHeaders,
  securityOptions,
} from './problems.ts';
import { loggerOptions } from './request-log.ts';
import { refuseNul } from './request-text.ts';
import type { Services } from './services.ts';
import { createViews, govukDistDir } from './views.ts';

declare module 'fastify' {
  interface FastifyRequest {
    cspNonce: string;
  }
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

export const assetVersion = '1';

const clientScript = `import { initAll } from '/assets/govuk/govuk-frontend.min.js';\ninitAll();\n`;

/** Fastify's types lack its hop count: the same rule, as the function it compiles one into. */
function fastifyTrustProxy(
  trust: TrustProxy,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address: string, hop: number) => hop < trust;
  return trust === false ? false : [...trust];
}

export async function buildApp(
  config: Config,
  services: Services,
  timeouts: HttpTimeouts = defaultHttpTimeouts,
): Promise<FastifyInstance> {
  const views: nunjucks.Environment = createViews();
  const problems = new ProblemWriter(views, assetVersion);
  const security = securityOptions(config);
  const app = Fastify({
    logger: loggerOptions(config.logLevel),
    // Behind reverse proxies the client address comes from the X-Forwarded-For entries they
    // appended (rate limits use it); the entries before those, a client wrote itself.
    trustProxy: fastifyTrustProxy(config.trustProxy),
    routerOptions: { ignoreTrailingSlash: true },
    ...httpTimeouts(timeouts),
    // What the router refuses (bad escapes, overlong segments) answers like every other error.
    frameworkErrors: (error, request, reply) => {
      const nonce = newNonce();
      reply.headers(securityHeaders(nonce, security));
      return problems.send(request, reply, problemFor(error), nonce, { echoUrl: false });
    },
    clientErrorHandler: problems.clientErrorHandler(security),
  });
  // First of all hooks, so that an answer a later hook gives (a 429, say) carries them too.
  app.decorateRequest('cspNonce', '');
  app.addHook('onRequest', async (request, reply) => {
    request.cspNonce = newNonce();
    reply.headers(securityHeaders(request.cspNonce, security));
  });
  admitRequests(app, new Admission(admissionLimits));
  await registerHttpBehaviour(app, config, services.database);

  app.decorateReply('render', function (this: FastifyReply, template: string, context = {}) {
    const viewer = this.request.viewer;
    const html = views.render(template, {
      viewer,
      // The header's link to early warning, shown only to those who may follow it.
      mayReadEarlyWarnings:
        viewer !== null && mayAct(viewer.memberships, 'read-early-warnings', nationalOrganisation),
      ...context,
      assetVersion,
      cspNonce: this.request.cspNonce,
      currentUrl: this.request.url,
    });
    return this.type('text/html; charset=utf-8').send(html);
  });

  app.addHook('preValidation', async (request) => refuseNul(request));

  app.setErrorHandler((error, request, reply) => {
    const problem = problemFor(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return problems.send(request, reply, problem, request.cspNonce);
  });
  // Probing for addresses that do not exist counts against the rate limit like any request.
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (request, reply) =>
    problems.send(
      request,
      reply,
      {
        status: 404,
        title: 'Not found',
        detail: `Nothing is published at ${request.url.split('?')[0]}.`,
        forPeople: 'There is no page at this address.',
      },
      request.cspNonce,
    ),
  );

  // After the error handlers, which the scopes' routes inherit. The API and the pages are two
  // scopes, each with its own hooks: keys and public caching there, sessions here.
  await registerPublicApi(app, config, services.database, (api) => {
    registerOpenApiDocument(api);
    registerAreaApi(api, services);
    registerImportApi(api, services);
    registerMetricApi(api, services);
    registerGroupApi(api, services);
    registerComparisonApi(api, services);
    registerDataApi(api, services);
    registerSearchApi(api, services);
    registerOverviewApi(api, services);
    registerPeerChallengeApi(api, services);
    registerCoverageApi(api, services);
    registerPeerDaysApi(api, services);
    registerAdminApi(api, services.database);
  });
  await registerAccounts(app, config, services.database, (pages) =>
    registerPages(pages, config, services),
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
  registerSimulatorScript(app);
  app.get('/assets/openlg-icon.svg', async (_request, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(iconSvg),
  );

  registerHealthRoutes(app, services);
  registerGroupJobs(app, services.groups);
  registerCollectionJobs(app, config, services);
  registerReportJobs(app, config, services);
  registerChallengeReminderJobs(app, config, services);
  return app;
}

/** Every page, in the scope registerAccounts gives them: who is signed in is known on each. */
async function registerPages(pages: FastifyInstance, config: Config, services: Services) {
  registerAdminRoutes(pages, services.database);
  await registerMoreAccountPages(pages, config, services.database, (scope, accounts) => {
    registerSavedGroupPages(scope, services, accounts);
    registerValuePages(scope, services.values);
    registerDashboardPages(scope, services, accounts);
    registerReportBuilder(scope, services, accounts);
    registerReportSubscriptionPages(scope, services);
    registerEarlyWarningPages(scope, services.earlyWarning);
    registerPeerPoolPages(scope, services, config);
    registerPeerRecordPages(scope, services, accounts);
    registerChallengePages(scope, services, config);
    registerDocumentPages(scope, services);
    registerPeerLedgerPages(scope, services);
    registerSurveyPages(scope, services);
  });
  await registerMoreAccountPages(pages, config, services.database, (scope, accounts) =>
    registerCollectionPages(scope, services, accounts),
  );
  // Residents' forms, posted without an account: checked against the form cookie.
  await registerMoreAccountPages(pages, config, services.database, (scope, _accounts, formToken) =>
    registerSimulationPages(scope, services, formToken, config.simulationLimits),
  );
  await registerMoreAccountPages(pages, config, services.database, (scope) => {
    registerSimulationEditorPages(scope, services);
    registerResultsPages(scope, services);
  });

  // A scope of its own: its multipart parser reads no other route's body.
  await registerMoreAccountPages(pages, config, services.database, (scope, accounts) => {
    const { imports, areas, data, database } = services;
    const audit = new AuditService(database.db);
    const uploads = new UploadsService({ imports, areas, data, accounts, audit, db: database.db });
    registerUploadPages(scope, uploads, config.uploadBytes);
  });
  // The same, for a peer challenge's documents.
  await registerMoreAccountPages(pages, config, services.database, (scope) =>
    registerDocumentUploads(scope, services, config.documentBytes),
  );

  registerApiDocsRoutes(pages);
  registerAreaRoutes(pages, services);
  registerMetricRoutes(pages, services);
  registerOverviewPages(pages, services);
  registerPeerChallengePages(pages, services);
  registerCoveragePages(pages, services);
  registerPeerDaysPages(pages, services);
  registerPublishedDocumentPages(pages, services);
  registerChartRoutes(pages, services);
  registerGroupRoutes(pages, services);
  registerComparisonPages(pages, services);
  registerReportPages(pages, services, reportPrinter(pages, config.chromium));
  registerReportFeed(pages, services, config);
  registerMethodologyRoutes(pages);
  registerSearchRoutes(pages, services);
  registerSiteRoutes(pages, config, services);
}
