import type { PageActor } from './actor.ts';
import type { Database } from '../db/database.ts';
import { AccountsService, type Organisation } from './accounts.service.ts';
import type { OrganisationKind } from './accounts.tables.ts';
import type { Role } from './roles.ts';

/** A password that passes the rules, for test users. */
export const testPassword = 'kettle orchard lantern';

let made = 0;

const accountsOn = (database: Database) =>
  new AccountsService(database.db, { idleSeconds: 3600, maxSeconds: 43_200 });

/** An organisation stored for a test: a benchmarking club unless said otherwise. */
export function newOrganisation(
  database: Database,
  fields: Partial<Omit<Organisation, 'id'>> & { kind?: OrganisationKind } = {},
): Promise<Organisation> {
  made++;
  return accountsOn(database).addOrganisation({
    kind: fields.kind ?? 'club',
    code: fields.code ?? `test-club-${made}`,
    name: fields.name ?? `Test club ${made}`,
  });
}

export interface TestUser {
  id: number;
  email: string;
  name: string;
  password: string;
}

/**
 * A user who has accepted their invitation, holding `role` in `organisation` (the national
 * programme team by default), through the same service the CLI and the pages use.
 */
export async function newUser(
  database: Database,
  fields: {
    email?: string;
    name?: string;
    organisation?: string;
    role?: Role;
    password?: string;
  } = {},
): Promise<TestUser> {
  made++;
  const email = fields.email ?? `person-${made}@example.org`;
  const name = fields.name ?? `Test Person ${made}`;
  const password = fields.password ?? testPassword;
  const accounts = accountsOn(database);
  const { userId, invitation } = await accounts.addUser({
    email,
    name,
    organisation: fields.organisation ?? 'lga',
    role: fields.role ?? 'analyst',
  });
  if (invitation) await accounts.acceptInvitation(invitation, password, { address: '127.0.0.1' });
  return { id: userId, email, name, password };
}

/** The actor a page would make of `user` signed in, holding `role` in `organisation`. */
export function pageActorOf(user: TestUser, organisation: string, role: Role): PageActor {
  return {
    viewer: {
      userId: user.id,
      name: user.name,
      email: user.email,
      csrfToken: '',
      sessionHash: '',
      memberships: [{ organisation, role }],
    },
    email: user.email,
    address: null,
  };
}
