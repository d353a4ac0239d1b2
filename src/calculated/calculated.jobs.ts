import type { FastifyInstance } from 'fastify';
import { everyWhileServing } from '../shared/jobs.ts';
import type { CalculatedService } from './calculated.service.ts';

/** How soon after an input's embargo ends its calculated metrics show it. */
const checkEvery = 60_000;

/**
 * Calculates again, from the server, the calculated metrics an input of which has become public
 * at the end of an embargo: imports recalculate at once, but an embargo ends with nothing
 * running. What was calculated when lives in the database, so any number of processes may run it.
 */
export function registerCalculatedJobs(app: FastifyInstance, calculated: CalculatedService) {
  everyWhileServing(
    app,
    checkEvery,
    async () => {
      const summaries = await calculated.recomputeLifted();
      const changed = summaries.filter((s) => s.importId !== null).map((s) => s.source);
      if (changed.length > 0)
        app.log.info({ metrics: changed }, 'calculated metrics recalculated after an embargo');
    },
    'calculated metrics could not be recalculated after an embargo',
  );
}
