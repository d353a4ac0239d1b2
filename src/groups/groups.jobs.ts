import type { FastifyInstance } from 'fastify';
import { everyWhileServing } from '../shared/jobs.ts';
import type { GroupsService } from './groups.service.ts';

/** How often a serving process looks for neighbours that an ended embargo has made stale. */
const refreshEvery = 60_000;

/**
 * Keeps the nearest neighbours in step with the public values when an embargo on one of their
 * inputs ends, which no import is there to do. The check is one small query; the state lives in
 * the database, so any number of processes may run it and the first to see the change rebuilds.
 */
export function registerGroupJobs(app: FastifyInstance, groups: GroupsService) {
  everyWhileServing(
    app,
    refreshEvery,
    async () => {
      const rebuilt = await groups.refreshStaleNeighbours();
      if (rebuilt.length > 0)
        app.log.info({ models: rebuilt }, 'nearest neighbours rebuilt after an embargo ended');
    },
    'nearest neighbours could not be refreshed',
  );
}
