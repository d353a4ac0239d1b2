import type { Services } from '../src/app/services.ts';
import type { Database } from '../src/db/database.ts';
import { BadRequestError } from '../src/shared/errors.ts';
import { newUser } from '../src/testing/fixtures.ts';
import { sessionFor } from '../src/testing/signed-in.ts';

let made = 0;

/**
 * A signed-in analyst of `organisation` made for this run, with `slugs` pinned as tiles of
 * `areaCode` (against its usual group) to their own dashboard, through the service the pages
 * use: their id, the Cookie header of their session, and how many tiles were pinned (a store
 * without one of the measures pins the rest).
 */
export async function dashboardReader(
  database: Database,
  services: Services,
  { organisation, areaCode, slugs }: { organisation: string; areaCode: string; slugs: string[] },
): Promise<{ userId: number; cookie: string; pinned: number }> {
  const user = await newUser(database, {
    email: `bench-${Date.now()}-${(made += 1)}@example.org`,
    organisation,
    role: 'analyst',
  });
  const viewer = { userId: user.id, memberships: [{ organisation, role: 'analyst' as const }] };
  const by = { viewer, email: user.email, address: null };
  let pinned = 0;
  for (const metricSlug of slugs)
    pinned += await services.dashboards
      .pin(by, { kind: 'user', userId: user.id }, { areaCode, metricSlug, groupId: null })
      .then(
        () => 1,
        (error: unknown) => {
          if (!(error instanceof BadRequestError)) throw error;
          return 0;
        },
      );
  return { userId: user.id, cookie: (await sessionFor(database, user.id)).cookie, pinned };
}
