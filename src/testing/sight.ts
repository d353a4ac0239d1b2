import { AccountsService } from '../accounts/accounts.service.ts';
import { ClubsService } from '../accounts/clubs.service.ts';
import { createServices } from '../app/services.ts';
import type { Database } from '../db/database.ts';
import type { Sight } from '../db/visibility.ts';
import { newOrganisation, newUser } from './fixtures.ts';
import { importValues, lodgeValues } from './values.ts';

export const hartlepool = 'E06000001';
export const middlesbrough = 'E06000002';
/** A council in the club Hartlepool shares restricted figures with. */
export const stockton = 'E06000004';
/** A council that sees only what the public sees. */
export const darlington = 'E06000005';

/**
 * What the measure pages and search show beyond the public, for each reader: sight-rate is
 * public for 2023 (Hartlepool 1, Middlesbrough 2); Hartlepool's steward lodged a revision of
 * 2023 (5) and 2024 (10) under embargo, yak-rate (7, a metric only its lodgers may know) under
 * embargo, and quagga-rate (3) restricted, shared with a club Stockton belongs to.
 */
export async function lodgeSightData(database: Database) {
  const until = new Date(Date.now() + 86_400_000);
  const steward = await newUser(database, { organisation: hartlepool, role: 'data-steward' });
  const club = await newOrganisation(database);
  const accounts = new AccountsService(database.db, { idleSeconds: 60, maxSeconds: 60 });
  await new ClubsService(database.db, accounts).join(club.code, stockton, {
    userId: null,
    actor: 'test',
    address: null,
  });
  const by = {
    organisation: hartlepool,
    user: steward,
    publication: { state: 'embargoed', until } as const,
  };
  await importValues(database, 'sight-rate', '2023', { [hartlepool]: 1, [middlesbrough]: 2 });
  await lodgeValues(database, 'sight-rate', '2024', { [hartlepool]: 10 }, by);
  await lodgeValues(database, 'sight-rate', '2023', { [hartlepool]: 5 }, by);
  await lodgeValues(database, 'yak-rate', '2024', { [hartlepool]: 7 }, by);
  await lodgeValues(
    database,
    'quagga-rate',
    '2024',
    { [hartlepool]: 3 },
    { ...by, publication: { state: 'restricted', until }, audience: [club.id] },
  );
  return { steward, until };
}

/** The sight of an analyst of this organisation (by code), as the pages read it. */
export function sightAt(database: Database, organisation: string): Promise<Sight> {
  return createServices(database).data.sightOf({
    memberships: [{ organisation, role: 'analyst' }],
  });
}
