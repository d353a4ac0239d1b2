/*
 * Sector overview benchmark (issue 19: "recomputing the whole overview takes ≤ 30 s"): times
 * working every ready-made basket out again, for every baseline, measure and area (England and
 * each current English council), as an import's follow-up does: reading each measure's public
 * figures through the data service, judging each, and replacing the kept table in one
 * transaction. Then the early-warning flags worked out again from it, as an import's follow-up
 * does after the overview. A benchmark, never a test.
 *
 *   npm run bench:overview [-- --repetitions 5 --runs 3]
 *
 * Runs on the configured store (DATABASE_URL, or the PGlite folder OPENLG_PGLITE_DIR), which must
 * be migrated and loaded (openlg demo). Prints a table and writes JSON to bench/results/.
 */
import { createServices } from '../src/app/services.ts';
import {
  acrossRuns,
  configuredEngine,
  describeMachine,
  figureTable,
  integerFlags,
  machine,
  sample,
  time,
  writeResults,
  type Sample,
} from './report.ts';
import { openBenchDatabase } from './store.ts';

const { repetitions, runs: runCount } = integerFlags({ repetitions: 5, runs: 3 });
const engine = configuredEngine();
const database = await openBenchDatabase(true);
const { overview, earlyWarning } = createServices(database);

const first = await overview.recompute();
const label = `recompute ${first.baskets} baskets (${first.rows.toLocaleString('en-GB')} directions, ${first.areas} areas)`;
const flagged = await earlyWarning.recompute();
const flagLabel = `early warning: ${flagged.councils} councils (${flagged.flags} flags)`;
const runs: { samples: Sample[] }[] = [];
for (let run = 0; run < runCount; run++)
  runs.push({
    samples: [
      sample(label, await time(repetitions, () => overview.recompute())),
      sample(flagLabel, await time(repetitions, () => earlyWarning.recompute())),
    ],
  });
await database.close();

const summary = [label, flagLabel].map((each) => ({
  ...acrossRuns(
    each,
    'ms',
    runs.flatMap((r) => r.samples.filter((s) => s.label === each)),
  ),
  target: each === label ? '≤ 30 s (19)' : '–',
}));
process.stdout.write(
  `Sector overview; ${describeMachine(machine(engine))}; ` +
    `${runCount} run(s) of ${repetitions} recomputations each\n\n${figureTable(summary)}\n`,
);
await writeResults('overview', engine, { repetitions, runs, summary });
