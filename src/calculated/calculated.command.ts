import { describeImport } from '../imports/imports.service.ts';
import { BadRequestError } from '../shared/errors.ts';
import type { Progress } from '../shared/progress.ts';
import { UnknownCalculatedError, type CalculatedService } from './calculated.service.ts';

export const calculatedUsage = `  calculated list       calculated metrics: slug, formula, whether shipped with openlg, title
  calculated recompute [<slug> …]
                        calculate the metrics again (all of them unless named) from the public
                        values of their inputs; imports do this for what they change`;

/** `openlg calculated …`: the operator's view of calculated metrics, and recalculating them. */
export async function calculatedCommand(
  calculated: CalculatedService,
  args: readonly string[],
  write: (text: string) => void,
  progress: Progress,
): Promise<number> {
  const [action, ...slugs] = args;
  // The definitions openlg ships are there to list and calculate whether or not it has served.
  if (action === 'list' || action === 'recompute') await calculated.installReadyMade();
  switch (action) {
    case 'list': {
      if (slugs.length > 0) break;
      const metrics = await calculated.list();
      if (metrics.length === 0) write('No calculated metrics.\n');
      for (const { definition, readyMade } of metrics)
        write(
          `${definition.slug}\t${definition.formula}\t${readyMade ? 'ready-made' : 'defined here'}\t${definition.title}\n`,
        );
      return 0;
    }
    case 'recompute': {
      try {
        const summaries = await calculated.recompute(
          slugs.length > 0 ? slugs : undefined,
          progress,
        );
        if (summaries.length === 0) write('No calculated metrics.\n');
        for (const summary of summaries) write(`${describeImport(summary)}\n`);
        return 0;
      } catch (error) {
        if (error instanceof UnknownCalculatedError) throw new BadRequestError(error.message);
        throw error;
      }
    }
  }
  throw new BadRequestError(`Usage:\n${calculatedUsage}`);
}
