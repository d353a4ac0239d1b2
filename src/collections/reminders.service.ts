import type { AuditService } from '../admin/admin.service.ts';
import type { AreasService } from '../areas/areas.service.ts';
import type { Db } from '../db/database.ts';
import type { Mailer, MailMessage } from '../mail/mailer.ts';
import * as repo from './collections.repository.ts';
import { lodgingRoles } from './collections.service.ts';

const dayMs = 86_400_000;

/** What one run of the reminders did, for the log and the command line. */
export interface ReminderRun {
  /** Reminders sent: one a council and reminder day, to each of its stewards. */
  sent: number;
  emails: number;
  /** Returns a reminder was due for whose council has no steward to tell. */
  noSteward: string[];
}

/**
 * The reminder due for a return `daysLeft` days before its deadline: the nearest of the
 * configured days not yet passed (a collection made 3 days before its deadline is reminded
 * once now, by its 7-day reminder, and again at 1 day).
 */
export function reminderDue(days: readonly number[], daysLeft: number): number | null {
  const due = days.filter((d) => daysLeft <= d);
  return due.length === 0 ? null : Math.min(...due);
}

function reminderMail(
  to: { email: string; name: string },
  found: repo.UnsentReturn,
  council: string,
  link: string,
  now: Date,
): MailMessage {
  const days = Math.max(1, Math.ceil((found.deadline.getTime() - now.getTime()) / dayMs));
  const deadline = `${found.deadline.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return {
    to: to.email,
    subject: `Reminder: ${found.title} from ${council} is due in ${days} day${days === 1 ? '' : 's'}`,
    text: [
      `Dear ${to.name},`,
      '',
      `${council} has not yet submitted its return to the data collection “${found.title}”.`,
      `The deadline is ${deadline}.`,
      '',
      `Fill it in and submit it here:`,
      link,
      '',
      'You are sent this because you are a data steward for your council on openlg.',
    ].join('\n'),
  };
}

/**
 * Reminds councils yet to submit a return, by email to their stewards, on the configured days
 * before the deadline. Each reminder is a row claimed in the transaction that sends its mail:
 * a second process (or a second run) finds the row taken and sends nothing; a mail that fails
 * rolls its claim back, and the next run tries again.
 */
export class CollectionReminders {
  constructor(
    private readonly db: Db,
    private readonly deps: {
      areas: AreasService;
      audit: AuditService;
      mailer: Mailer;
      /** The site's address, for the link to the form. */
      baseUrl: string;
      days: readonly number[];
    },
  ) {}

  async run(now: Date = new Date()): Promise<ReminderRun> {
    const outcome: ReminderRun = { sent: 0, emails: 0, noSteward: [] };
    if (this.deps.days.length === 0) return outcome;
    const candidates = await repo.unsentReturns(this.db, now, Math.max(...this.deps.days));
    const names = await this.deps.areas.namesOf([...new Set(candidates.map((c) => c.areaCode))]);
    for (const found of candidates) {
      const daysLeft = (found.deadline.getTime() - now.getTime()) / dayMs;
      const daysBefore = reminderDue(this.deps.days, daysLeft);
      if (daysBefore === null) continue;
      const people = await repo.peopleOf(this.db, found.areaCode, lodgingRoles);
      if (people.length === 0) {
        outcome.noSteward.push(`${found.collectionId}/${found.areaCode}`);
        continue;
      }
      const council = names.get(found.areaCode) ?? found.areaCode;
      const link = `${this.deps.baseUrl}/organisations/${found.areaCode}/collections/${found.collectionId}`;
      const sent = await this.db.transaction().execute(async (trx) => {
        const key = { collectionId: found.collectionId, areaCode: found.areaCode, daysBefore };
        if (!(await repo.claimReminder(trx, key, people.length))) return false;
        for (const person of people)
          await this.deps.mailer.send(reminderMail(person, found, council, link, now));
        await this.deps.audit.record(
          {
            userId: null,
            actor: 'openlg (collection reminders)',
            address: null,
            action: 'collection-reminder-sent',
            subject: `collection:${found.collectionId}/${found.areaCode}`,
            after: { daysBefore, to: people.map((p) => p.email) },
          },
          trx,
        );
        return true;
      });
      if (sent) {
        outcome.sent += 1;
        outcome.emails += people.length;
      }
    }
    return outcome;
  }
}
