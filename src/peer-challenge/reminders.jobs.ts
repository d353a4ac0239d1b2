import type { FastifyInstance } from 'fastify';
import { publicBase } from '../accounts/users.command.ts';
import type { Services } from '../app/services.ts';
import type { Config } from '../config/config.ts';
import { createMailer } from '../mail/mailer.ts';
import { everyWhileServing } from '../shared/jobs.ts';
import { ChallengeReminders } from './reminders.service.ts';

/**
 * How often a serving process looks for reminders owed: hourly, so that a server started late
 * in the day still sends that day's; each is sent once, whatever the number of runs.
 */
const remindEvery = 60 * 60_000;

/** The reminders on these services, mailing as the configuration says. */
export function challengeReminders(
  config: Config,
  services: Pick<Services, 'areas' | 'database'>,
  log: (line: string) => void,
  failure: (challengeId: number, error: unknown) => void = () => {},
): ChallengeReminders {
  return new ChallengeReminders(services.database.db, {
    areas: services.areas,
    mailer: createMailer(config.mail, log),
    baseUrl: publicBase(config),
    failure,
  });
}

/** Emails peer challenge managers their deadlines' reminders from the server, each day. */
export function registerChallengeReminderJobs(
  app: FastifyInstance,
  config: Config,
  services: Pick<Services, 'areas' | 'database'>,
) {
  const reminders = challengeReminders(
    config,
    services,
    (line) => app.log.info(line),
    (challengeId, error) =>
      app.log.warn({ err: error, challenge: challengeId }, 'a peer challenge reminder failed'),
  );
  everyWhileServing(
    app,
    remindEvery,
    async () => {
      const run = await reminders.run(new Date().toISOString().slice(0, 10));
      if (run.sent > 0 || run.failed > 0) app.log.info({ ...run }, 'peer challenge reminders sent');
    },
    'peer challenge reminders could not be sent',
  );
}
