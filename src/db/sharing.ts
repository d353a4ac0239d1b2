import { sql, type RawBuilder } from 'kysely';
import type { Visibility } from '../accounts/sharing.ts';

/** Which shared things a list holds: those a person owns, their organisations', public ones. */
export interface SharedFilter {
  ownerUserId?: number;
  organisations?: readonly string[];
  visibility?: Visibility;
}

/**
 * The condition a list of shared things (saved groups, stored reports) is read with, on the
 * table `alias` with the owner_user_id, organisation_code and visibility columns every such
 * table has; null when the filter asks for nothing, so the list is empty.
 */
export function sharedWhere(alias: string, filter: SharedFilter): RawBuilder<boolean> | null {
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const { ownerUserId, organisations = [], visibility } = filter;
  const parts = [
    ...(ownerUserId === undefined ? [] : [sql`${column('owner_user_id')} = ${ownerUserId}`]),
    ...(organisations.length === 0
      ? []
      : [
          sql`(${column('visibility')} = 'organisation' and ${column('organisation_code')} in (${sql.join(organisations)}))`,
        ]),
    ...(visibility === undefined ? [] : [sql`${column('visibility')} = ${visibility}`]),
  ];
  return parts.length === 0 ? null : sql<boolean>`(${sql.join(parts, sql` or `)})`;
}
