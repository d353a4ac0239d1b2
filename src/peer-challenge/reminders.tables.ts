import type { ColumnType } from 'kysely';
import type { DeadlineKind } from './deadlines.ts';

/* The reminders of deadlines sent (migration 0031), joined into db/schema.ts. */
export interface PeerChallengeRemindersTable {
  challenge_id: number;
  deadline: DeadlineKind;
  /** The reminder's day, 'YYYY-MM-DD'. */
  remind_on: string;
  sent_to: number | null;
  /** Who it was sent to, by lower-cased address ('' before migration 0036). */
  recipient: ColumnType<string, string | undefined, string>;
  sent_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PeerChallengeReminderTables {
  peer_challenge_reminders: PeerChallengeRemindersTable;
}
