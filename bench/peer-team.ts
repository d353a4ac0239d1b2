/*
 * Team assembly benchmark (issue 20: "team assembly for one challenge from a pool of 2,000 peers
 * answers in ≤ 1 s"): times proposeTeam for one corporate peer challenge at a time, a different
 * random council and window each repetition, from a seeded pool of synthetic peers over
 * synthetic councils (src/peer-challenge/matching.synthetic.ts; no real council or person).
 * Infeasible challenges are timed too: they solve a second program to name the unmet rules.
 * A benchmark, never a test.
 *
 *   npm run bench:team [-- --peers 2000 --councils 300 --repetitions 20 --runs 3]
 *
 * The first call, which also loads the HiGHS WebAssembly module, is reported on its own. Prints a
 * table and writes JSON to bench/results/.
 */
import { seededRandom } from '../src/comparison/seeded-random.ts';
import { proposeTeam } from '../src/peer-challenge/matching.ts';
import {
  syntheticChallenge,
  syntheticCountry,
  syntheticPool,
} from '../src/peer-challenge/matching.synthetic.ts';
import {
  acrossRuns,
  describeMachine,
  figureTable,
  integerFlags,
  machine,
  oneRun,
  sample,
  time,
  writeResults,
  type Sample,
} from './report.ts';

const {
  peers,
  councils,
  repetitions,
  runs: runCount,
} = integerFlags({
  peers: 2000,
  councils: 300,
  repetitions: 20,
  runs: 3,
});

const country = syntheticCountry(councils);
const random = seededRandom(20);
const pool = syntheticPool(random, country, peers);
const challenges = Array.from({ length: repetitions }, () => syntheticChallenge(random, country));

const coldStarted = performance.now();
await proposeTeam(challenges[0] ?? syntheticChallenge(random, country), pool);
const cold = performance.now() - coldStarted;

let proposed = 0;
const label = `propose a team from ${peers.toLocaleString('en-GB')} peers`;
const runs: { samples: Sample[] }[] = [];
for (let run = 0; run < runCount; run++) {
  proposed = 0;
  const times = await time(repetitions, async (i) => {
    const challenge = challenges[i];
    if (challenge && (await proposeTeam(challenge, pool)).status === 'proposed') proposed++;
  });
  runs.push({ samples: [sample(label, times)] });
}

const summary = [
  {
    ...acrossRuns(
      label,
      'ms',
      runs.flatMap((r) => r.samples),
    ),
    target: '≤ 1 s (20)',
  },
  oneRun('first call, loading HiGHS', 'ms', cold),
];
process.stdout.write(
  `Team assembly; ${describeMachine(machine('none'))}; ${councils} synthetic councils; ` +
    `${runCount} run(s) of ${repetitions} challenges (${proposed} with a team, ` +
    `${repetitions - proposed} infeasible)\n\n${figureTable(summary)}\n`,
);
await writeResults('peer-team', 'none', { peers, councils, repetitions, proposed, runs, summary });
