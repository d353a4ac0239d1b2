import type { CollectionsService } from './collections.service.ts';

/** How long the demo's councils have to answer, from the day the demo is loaded. */
const demoDays = 30;

/**
 * The demo's illustrative data collection: the Tees Valley's councils (the demo account is
 * Hartlepool's steward) asked for a year's housing and council tax figures, so that a person
 * trying openlg sees a return to fill in and a tracker. Its title says it is illustrative.
 */
export const demoCollection = {
  title: 'Illustrative: Tees Valley housing and council tax figures, 2025/26 (demo)',
  period: '2025/26',
  metrics: [
    'net-additions-to-the-housing-stock',
    'band-d-council-tax-excluding-parish-precepts',
    'council-tax-base',
  ],
  councils: ['E06000001', 'E06000002', 'E06000003', 'E06000004', 'E06000005'],
} as const;

/** Makes the demo's collection in a store just loaded with the demo data; its id, or null. */
export function ensureDemoCollection(
  collections: CollectionsService,
  now: Date = new Date(),
): Promise<number | null> {
  const deadline = new Date(now.getTime() + demoDays * 86_400_000).toISOString().slice(0, 10);
  return collections.createForDemo({
    ...demoCollection,
    metrics: [...demoCollection.metrics],
    councils: [...demoCollection.councils],
    deadline,
  });
}
