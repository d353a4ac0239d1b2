import type { FastifyInstance } from 'fastify';
import { AccountsService } from '../accounts/accounts.service.ts';
import { publicBase } from '../accounts/users.command.ts';
import { AuditService } from '../admin/admin.service.ts';
import type { Services } from '../app/services.ts';
import type { Config } from '../config/config.ts';
import { createMailer } from '../mail/mailer.ts';
import { everyWhileServing } from '../shared/jobs.ts';
import { ReportChangesService } from './report-changes.service.ts';
import { ReportMailings, type Subscription } from './report-subscriptions.service.ts';

/** How often a serving process looks for changed figures to tell subscribers of. */
const mailEvery = 15 * 60_000;

type MailingServices = Pick<Services, 'areas' | 'comparison' | 'data' | 'database' | 'reports'>;

/** The report emails on these services, mailing as the configuration says. */
export function reportMailings(
  config: Config,
  services: MailingServices,
  log: (line: string) => void,
  failure: (subscription: Subscription, error: unknown) => void = () => {},
): ReportMailings {
  const db = services.database.db;
  return new ReportMailings(db, {
    reports: services.reports,
    changes: new ReportChangesService(db, services.comparison),
    data: services.data,
    areas: services.areas,
    audit: new AuditService(db),
    accounts: new AccountsService(db, config.sessions),
    mailer: createMailer(config.mail, log),
    baseUrl: publicBase(config),
    failure,
  });
}

/**
 * Emails report subscribers from the server, every quarter of an hour. What each was told lives
 * in the database, so any number of processes may run it without anyone being told twice.
 */
export function registerReportJobs(
  app: FastifyInstance,
  config: Config,
  services: MailingServices,
) {
  const mailings = reportMailings(
    config,
    services,
    (line) => app.log.info(line),
    (subscription, error) =>
      app.log.warn({ err: error, subscription: subscription.id }, 'a report email failed'),
  );
  everyWhileServing(
    app,
    mailEvery,
    async () => {
      const run = await mailings.run();
      if (run.sent > 0 || run.dropped > 0 || run.failed > 0)
        app.log.info({ ...run }, 'report emails sent');
    },
    'report emails could not be sent',
  );
}
