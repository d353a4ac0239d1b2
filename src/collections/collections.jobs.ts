import type { FastifyInstance } from 'fastify';
import { publicBase } from '../accounts/users.command.ts';
import { AuditService } from '../admin/admin.service.ts';
import type { Services } from '../app/services.ts';
import type { Config } from '../config/config.ts';
import { createMailer } from '../mail/mailer.ts';
import { everyWhileServing } from '../shared/jobs.ts';
import { CollectionReminders } from './reminders.service.ts';

/** How often a serving process looks for reminders due: they are by the day, so rarely. */
const remindEvery = 15 * 60_000;

/** The reminders job on these services, mailing as the configuration says. */
export function collectionReminders(
  config: Config,
  services: Pick<Services, 'areas' | 'database'>,
  log: (line: string) => void,
): CollectionReminders {
  const db = services.database.db;
  return new CollectionReminders(db, {
    areas: services.areas,
    audit: new AuditService(db),
    mailer: createMailer(config.mail, log),
    baseUrl: publicBase(config),
    days: config.reminderDays,
  });
}

/**
 * Sends data collections' reminders from the server, every quarter of an hour. Which reminders
 * are sent lives in the database, so any number of processes may run it (and `openlg
 * collections remind` beside them) without anyone being reminded twice.
 */
export function registerCollectionJobs(
  app: FastifyInstance,
  config: Config,
  services: Pick<Services, 'areas' | 'database'>,
) {
  const reminders = collectionReminders(config, services, (line) => app.log.info(line));
  everyWhileServing(
    app,
    remindEvery,
    async () => {
      const run = await reminders.run();
      if (run.sent > 0 || run.noSteward.length > 0)
        app.log.info({ ...run }, 'data collection reminders sent');
    },
    'data collection reminders could not be sent',
  );
}
