import { BadRequestError } from '../shared/errors.ts';
import type { Progress } from '../shared/progress.ts';
import type { EarlyWarningService } from '../early-warning/early-warning.service.ts';
import type { OverviewService } from './overview.service.ts';

export const overviewUsage = `  overview recompute    work the sector overview out again from the public figures (every
                        basket, baseline and council), then the early-warning flags from it;
                        imports do this when they change a measure either reads`;

/** `openlg overview …`: the operator working the kept overview out again. */
export async function overviewCommand(
  { overview, earlyWarning }: { overview: OverviewService; earlyWarning: EarlyWarningService },
  args: readonly string[],
  write: (text: string) => void,
  progress: Progress,
): Promise<number> {
  if (args.length !== 1 || args[0] !== 'recompute')
    throw new BadRequestError(`Usage:\n${overviewUsage}`);
  const summary = await overview.recompute(progress);
  write(
    `Overview: ${summary.baskets} baskets, ${summary.metrics} measures, ${summary.areas} areas, ` +
      `${summary.rows} directions in ${summary.seconds.toFixed(1)} s\n`,
  );
  const flags = await earlyWarning.recompute(progress);
  write(
    `Early warning: ${flags.flags} flags on ${flags.councils} councils (${flags.raised} new, ` +
      `${flags.cleared} cleared) in ${flags.seconds.toFixed(1)} s\n`,
  );
  return 0;
}
