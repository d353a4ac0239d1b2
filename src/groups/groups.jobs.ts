import type { FastifyInstance } from 'fastify';
import type { GroupsService } from './groups.service.ts';

/** How often a serving process looks for neighbours that an ended embargo has made stale. */
const refreshEvery = 60_000;

/**
 * Keeps the nearest neighbours in step with the public values when an embargo on one of their
 * inputs ends, which no import is there to do. The check is one small query; the state lives in
 * the database, so any number of processes may run it and the first to see the change rebuilds.
 */
export function registerGroupJobs(app: FastifyInstance, groups: GroupsService) {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const refresh = async () => {
    if (running) return;
    running = true;
    try {
      const rebuilt = await groups.refreshStaleNeighbours();
      if (rebuilt.length > 0)
        app.log.info({ models: rebuilt }, 'nearest neighbours rebuilt after an embargo ended');
    } catch (error) {
      app.log.error({ err: error }, 'nearest neighbours could not be refreshed');
    } finally {
      running = false;
    }
  };
  app.addHook('onReady', async () => {
    timer = setInterval(() => void refresh(), refreshEvery);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
