import { AccountsService } from '../accounts/accounts.service.ts';
import type { Membership } from '../accounts/roles.ts';
import { AreasService } from '../areas/areas.service.ts';
import type { Database } from '../db/database.ts';
import { ImportService } from '../imports/imports.service.ts';
import { newUser } from '../testing/fixtures.ts';
import { confirmTwoFactor } from '../testing/signed-in.ts';
import { importValues } from '../testing/values.ts';
import { collectionsService } from './collections.pages.ts';
import type { CollectionActor, CollectionsService } from './collections.service.ts';

/*
 * What the data collections' tests share: two councils, two metrics to ask them for (a count
 * shown as whole numbers, a percentage shown to one place), and the people who act on them.
 */
export const hartlepool = 'E06000001';
export const middlesbrough = 'E06000002';

/** Who the tests act as: an administrator, Hartlepool's steward and analyst, another steward. */
export const testRoles = {
  admin: { organisation: 'lga', role: 'administrator' },
  steward: { organisation: hartlepool, role: 'data-steward' },
  analyst: { organisation: hartlepool, role: 'analyst' },
  other: { organisation: middlesbrough, role: 'data-steward' },
} as const satisfies Record<string, Membership>;

export type Who = keyof typeof testRoles;

/** A person stored for a test, as the service sees them acting. */
export interface TestPerson {
  id: number;
  email: string;
  actor: CollectionActor;
}

/** Defines `homes-built` and `empty-homes-rate` with a value of Hartlepool's for 2023/24. */
export async function importAskedMetrics(database: Database): Promise<void> {
  await importValues(
    database,
    'homes-built',
    '2023-24',
    { [hartlepool]: 120 },
    {},
    {
      decimalPlaces: 0,
    },
  );
  await importValues(
    database,
    'empty-homes-rate',
    '2023-24',
    { [hartlepool]: 2.5 },
    {},
    {
      unit: '%',
      decimalPlaces: 1,
    },
  );
}

/** Everyone in `testRoles`, stored (the administrator with two-factor sign-in set up). */
export async function newPeople(database: Database): Promise<Record<Who, TestPerson>> {
  const people: Partial<Record<Who, TestPerson>> = {};
  for (const who of Object.keys(testRoles) as Who[]) {
    const membership = testRoles[who];
    const user = await newUser(database, membership);
    if (membership.role === 'administrator') await confirmTwoFactor(database, user.id);
    people[who] = {
      id: user.id,
      email: user.email,
      actor: {
        viewer: { userId: user.id, memberships: [membership] },
        email: user.email,
        address: '192.0.2.1',
      },
    };
  }
  return people as Record<Who, TestPerson>;
}

/** The collections service on a test database, wired as the pages wire it. */
export function testCollections(database: Database): CollectionsService {
  return collectionsService(
    { database, areas: new AreasService(database.db), imports: new ImportService(database) },
    new AccountsService(database.db, { idleSeconds: 3600, maxSeconds: 3600 }),
  );
}

/** A collection of both metrics from both councils, by the end of January 2027. */
export function newCollection(
  service: CollectionsService,
  by: CollectionActor,
  title = 'Housing returns',
): Promise<number> {
  return service.create(by, {
    title,
    period: '2024/25',
    deadline: '2027-01-31',
    metrics: ['homes-built', 'empty-homes-rate'],
    councils: [hartlepool, middlesbrough],
  });
}
