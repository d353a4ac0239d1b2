/*
 * Comparison benchmark: times compareGroup on 400 areas (some tied, some suppressed), more than
 * every principal council in England, as a page comparing one council with all the others would
 * need. A benchmark, never a test: nothing here passes or fails on the machine's speed.
 *
 *   npm run bench:statistics [-- --areas 400 --repetitions 2000 --runs 3]
 *
 * Each run times --repetitions calls; the table gives the median of the runs' p50 and p95 and
 * the range of their p50. Prints a table and writes JSON to bench/results/.
 */
import { compareGroup, type AreaValue } from '../src/comparison/statistics.ts';
import { seededRandom } from '../src/comparison/seeded-random.ts';
import {
  acrossRuns,
  describeMachine,
  figureTable,
  integerFlags,
  machine,
  sample,
  time,
  writeResults,
  type Sample,
} from './report.ts';

const {
  areas,
  repetitions,
  runs: runCount,
} = integerFlags({ areas: 400, repetitions: 2000, runs: 1 });

const random = seededRandom(1);
const group: AreaValue[] = Array.from({ length: areas }, (_, i) => {
  const suppressed = random() < 0.05;
  // One decimal place, as most published rates have, so that ties occur as they do in practice.
  const value = Math.round(random() * 1000) / 10;
  return {
    area: `E0${String(6000001 + i)}`,
    value: suppressed ? null : value,
    lci: suppressed ? null : value - 2,
    uci: suppressed ? null : value + 2,
    status: suppressed ? 'suppressed' : 'ok',
  };
});

// Warm up so that the timings are of optimised code, as on a long-running server.
for (let i = 0; i < 200; i++) compareGroup(group, 'higher-is-better');

const label = `compareGroup: ${areas} areas`;
let checksum = 0;
const runs: { samples: Sample[] }[] = [];
for (let run = 0; run < runCount; run++) {
  const times = await time(repetitions, (i) => {
    checksum += compareGroup(group, i % 2 === 0 ? 'higher-is-better' : 'lower-is-better').standings
      .length;
  });
  runs.push({ samples: [sample(label, times, 1000)] });
}
// Using the results keeps the engine from optimising the calls away.
if (checksum !== runCount * repetitions * areas) throw new Error('compareGroup lost an area');

const summary = [
  acrossRuns(
    label,
    'µs',
    runs.flatMap((r) => r.samples),
  ),
];
process.stdout.write(
  `Group statistics, ranks and bands; ${describeMachine(machine('none'))}; ` +
    `${runCount} run(s) of ${repetitions} calls\n\n${figureTable(summary)}\n`,
);
await writeResults('statistics', 'none', { areas, repetitions, runs, summary });
