import type { FastifyInstance } from 'fastify';

/**
 * Runs `job` every `everyMs` while the server serves, one run at a time (a slow run is not
 * overtaken by the next), its failure logged rather than thrown: a background job's state
 * lives in the database, so a missed run is made up by the next.
 */
export function everyWhileServing(
  app: FastifyInstance,
  everyMs: number,
  job: () => Promise<void>,
  failure: string,
): void {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await job();
    } catch (error) {
      app.log.error({ err: error }, failure);
    } finally {
      running = false;
    }
  };
  app.addHook('onReady', async () => {
    timer = setInterval(() => void tick(), everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
