/*
 * Comparison benchmark: times compareGroup on 400 areas (some tied, some suppressed), more than
 * every principal council in England, as a page comparing one council with all the others would
 * need. Prints the median time of many runs; a benchmark, never a test: nothing here passes or
 * fails on the machine's speed.
 *
 *   node --import tsx bench/statistics.ts [--areas 400] [--runs 2000]
 */
import { parseArgs } from 'node:util';
import { compareGroup, type AreaValue } from '../src/comparison/statistics.ts';
import { seededRandom } from '../src/comparison/seeded-random.ts';

const { values: flags } = parseArgs({
  options: {
    areas: { type: 'string', default: '400' },
    runs: { type: 'string', default: '2000' },
  },
});
const areas = Math.max(1, Number(flags.areas));
const runs = Math.max(1, Number(flags.runs));

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

const timings: number[] = [];
let checksum = 0;
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  const result = compareGroup(group, i % 2 === 0 ? 'higher-is-better' : 'lower-is-better');
  timings.push(Number(process.hrtime.bigint() - start) / 1000);
  checksum += result.standings.length;
}
timings.sort((a, b) => a - b);
const at = (q: number): string => (timings[Math.floor(q * (timings.length - 1))] ?? 0).toFixed(1);

console.log(
  `compareGroup, ${areas} areas, ${runs} runs: median ${at(0.5)} µs ` +
    `(10th percentile ${at(0.1)} µs, 90th ${at(0.9)} µs)`,
);
// Using the results keeps the engine from optimising the calls away.
if (checksum !== runs * areas) throw new Error('compareGroup lost an area');
