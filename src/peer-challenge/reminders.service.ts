import type { AreasService } from '../areas/areas.service.ts';
import type { Db } from '../db/database.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import { formatDate } from '../shared/format.ts';
import { challengeType } from './challenge-types.ts';
import type { IsoDate } from './dates.ts';
import { remindersDue, type Deadline } from './deadlines.ts';
import { stateTitles } from './lifecycle.ts';
import { factsOf } from './records.ts';
import * as repository from './reminders.repository.ts';

/** What one run of the reminders did, for the log. */
export interface ReminderRun {
  sent: number;
  failed: number;
}

function reminderMail(
  to: { name: string; email: string },
  challenge: { title: string; council: string; state: string; link: string },
  deadline: Deadline,
): MailMessage {
  return {
    to: to.email,
    subject: `${challenge.title} for ${challenge.council}: ${deadline.title.toLowerCase()} by ${formatDate(deadline.dueBy)}`,
    text: [
      `Dear ${to.name}`,
      `The ${challenge.title.toLowerCase()} for ${challenge.council}, which you manage, has a deadline on ${formatDate(deadline.dueBy)}: ${deadline.title.toLowerCase()}.`,
      `It is at ‘${challenge.state}’.`,
      `Open the challenge:\n${challenge.link}`,
      'You are sent this because you manage this peer challenge.',
      'openlg',
    ].join('\n\n'),
  };
}

/**
 * Emails each challenge's manager on the days a deadline's reminder falls (deadlines.ts), while
 * the deadline is not met. Each reminder sent is claimed in the database in the transaction that
 * sends it: any number of processes may run this at once and the manager hears once; a mail that
 * fails rolls the claim back, and the next run that day tries again.
 */
export class ChallengeReminders {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      areas: AreasService;
      mailer: Mailer;
      /** The site's address, for the link in the email. */
      baseUrl: string;
      failure: (challengeId: number, error: unknown) => void;
    },
  ) {}

  async run(today: IsoDate): Promise<ReminderRun> {
    const outcome: ReminderRun = { sent: 0, failed: 0 };
    for (const { row, transitions } of await repository.remindable(this.db)) {
      const due = remindersDue(factsOf(row, transitions), today);
      if (due.length === 0 || row.manager_user_id === null) continue;
      const to = await repository.manager(this.db, row.manager_user_id);
      if (!to) continue;
      const challenge = {
        title: challengeType(row.type).title,
        council:
          (await this.deps.areas.namesOf([row.area_code])).get(row.area_code) ?? row.area_code,
        state: stateTitles[row.state],
        link: `${this.deps.baseUrl}/peer-challenge/challenges/${row.id}`,
      };
      for (const deadline of due)
        try {
          const claim = {
            challengeId: row.id,
            deadline: deadline.kind,
            on: today,
            to: row.manager_user_id,
          };
          const sent = await this.db.transaction().execute(async (trx) => {
            if (!(await repository.claimReminder(trx, claim))) return false;
            await this.deps.mailer.send(reminderMail(to, challenge, deadline));
            return true;
          });
          if (sent) outcome.sent += 1;
        } catch (error) {
          // One reminder that cannot be sent holds up no other.
          outcome.failed += 1;
          this.deps.failure(row.id, error);
        }
    }
    return outcome;
  }
}
