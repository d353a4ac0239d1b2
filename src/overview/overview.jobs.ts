import type { FastifyInstance } from 'fastify';
import { everyWhileServing } from '../shared/jobs.ts';
import type { OverviewService } from './overview.service.ts';

/** What is worked out from the overview in turn (early warning): after it, in the same job. */
export interface OverviewFollower {
  recomputeIfDue(): Promise<{ seconds: number } | null>;
}

/** How soon after a measure's embargo ends the overview counts it. */
const checkEvery = 60_000;

/**
 * Works the overview out again, from the server, once a basket measure's values have become
 * public at the end of an embargo: imports recompute it at once, but an embargo ends with
 * nothing running. When it was built lives in the database, so any number of processes may run it.
 */
export function registerOverviewJobs(
  app: FastifyInstance,
  overview: OverviewService,
  follower: OverviewFollower,
) {
  everyWhileServing(
    app,
    checkEvery,
    async () => {
      const summary = await overview.recomputeIfDue();
      if (summary)
        app.log.info({ seconds: summary.seconds }, 'overview recomputed after an embargo');
      const followed = await follower.recomputeIfDue();
      if (followed)
        app.log.info({ seconds: followed.seconds }, 'early warning recomputed after an embargo');
    },
    'the overview could not be recomputed after an embargo',
  );
}
