import { roleGrants, roles } from '../accounts/roles.ts';
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

/** Who hears of a deadline: the challenge's manager, and the council's contacts. */
interface Recipient {
  id: number;
  name: string;
  email: string;
  part: 'manager' | 'council';
}

const whose = {
  manager: { which: 'which you manage', why: 'you manage this peer challenge' },
  council: {
    which: 'at your council',
    why: 'you are your council’s contact for its peer challenges',
  },
} as const;

function reminderMail(
  to: Recipient,
  challenge: { title: string; council: string; state: string; link: string },
  deadline: Deadline,
): MailMessage {
  return {
    to: to.email,
    subject: `${challenge.title} for ${challenge.council}: ${deadline.title.toLowerCase()} by ${formatDate(deadline.dueBy)}`,
    text: [
      `Dear ${to.name}`,
      `The ${challenge.title.toLowerCase()} for ${challenge.council}, ${whose[to.part].which}, has a deadline on ${formatDate(deadline.dueBy)}: ${deadline.title.toLowerCase()}.`,
      `It is at ‘${challenge.state}’.`,
      `Open the challenge:\n${challenge.link}`,
      `You are sent this because ${whose[to.part].why}.`,
      'openlg',
    ].join('\n\n'),
  };
}

/** The roles that make someone their council's contact for peer challenges, by the vocabulary. */
const councilContactRoles = roles.filter(
  (role) => role !== 'administrator' && roleGrants[role].includes('respond-to-peer-challenges'),
);

/**
 * Emails each challenge's manager and the council's contacts on the days a deadline's reminder
 * falls (deadlines.ts), while the deadline is not met. Each reminder sent is claimed, per
 * recipient, in the database in the transaction that sends it: any number of processes may run
 * this at once and each person hears once; a mail that fails rolls its claim back, and the next
 * run that day tries again.
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
      const manager = await repository.manager(this.db, row.manager_user_id);
      const contacts = await repository.holdersOf(this.db, row.area_code, councilContactRoles);
      const recipients: Recipient[] = [
        ...(manager ? [{ ...manager, part: 'manager' as const }] : []),
        ...contacts.map((c) => ({ ...c, part: 'council' as const })),
      ];
      const challenge = {
        title: challengeType(row.type).title,
        council:
          (await this.deps.areas.namesOf([row.area_code])).get(row.area_code) ?? row.area_code,
        state: stateTitles[row.state],
        link: `${this.deps.baseUrl}/peer-challenge/challenges/${row.id}`,
      };
      for (const deadline of due)
        for (const to of recipients)
          await this.send(outcome, row.id, to, challenge, deadline, today);
    }
    return outcome;
  }

  /** Sends one reminder to one person unless someone sent it already. */
  private async send(
    outcome: ReminderRun,
    challengeId: number,
    to: Recipient,
    challenge: Parameters<typeof reminderMail>[1],
    deadline: Deadline,
    today: IsoDate,
  ) {
    try {
      const claim = {
        challengeId,
        deadline: deadline.kind,
        on: today,
        to: { userId: to.id, email: to.email },
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
      this.deps.failure(challengeId, error);
    }
  }
}
