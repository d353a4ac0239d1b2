import { sql } from 'kysely';
import type { Role } from '../accounts/roles.ts';
import type { Executor } from '../db/database.ts';
import type { DeadlineKind } from './deadlines.ts';

/**
 * The challenges that may owe a reminder: with a manager, a visit over and not closed or
 * cancelled; each with its changes of state, oldest first.
 */
export async function remindable(db: Executor) {
  const rows = await db
    .selectFrom('peer_challenges')
    .selectAll()
    .where('manager_user_id', 'is not', null)
    .where('on_site_end', 'is not', null)
    .where('state', 'not in', ['closed', 'cancelled'])
    .orderBy('id')
    .execute();
  if (rows.length === 0) return [];
  const transitions = await db
    .selectFrom('peer_challenge_transitions')
    .select(['challenge_id', 'from_state', 'to_state', 'on_date'])
    .where(
      'challenge_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('challenge_id')
    .orderBy('on_date')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    row,
    transitions: transitions.filter((t) => t.challenge_id === row.id),
  }));
}

/**
 * Claims a reminder for sending: true if nobody sent it before. A second process claiming the
 * same waits for the first's transaction, then finds it taken (or free, if the first failed).
 */
export async function claimReminder(
  trx: Executor,
  reminder: {
    challengeId: number;
    deadline: DeadlineKind;
    on: string;
    to: { userId: number; email: string };
  },
): Promise<boolean> {
  const made = await trx
    .insertInto('peer_challenge_reminders')
    .values({
      challenge_id: reminder.challengeId,
      deadline: reminder.deadline,
      remind_on: reminder.on,
      sent_to: reminder.to.userId,
      recipient: reminder.to.email.toLowerCase(),
      sent_at: sql<Date>`now()`,
    })
    .onConflict((oc) =>
      oc.columns(['challenge_id', 'deadline', 'remind_on', 'recipient']).doNothing(),
    )
    .returning('challenge_id')
    .executeTakeFirst();
  return made !== undefined;
}

/** The manager's name and address, unless their account is disabled. */
export async function manager(db: Executor, userId: number) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('id', '=', userId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

/** The people holding one of `roles` in the organisation `code`, accounts not disabled. */
export async function holdersOf(db: Executor, code: string, roles: readonly Role[]) {
  if (roles.length === 0) return [];
  return db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .select(['users.id', 'users.name', 'users.email'])
    .distinct()
    .where('organisations.code', '=', code)
    .where('memberships.role', 'in', [...roles])
    .where('users.disabled_at', 'is', null)
    .orderBy('users.id')
    .execute();
}
