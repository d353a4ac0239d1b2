/*
 * Sign-in benchmark: the time one argon2id hash and one verification take with the parameters
 * openlg uses (src/accounts/secrets.ts), which is most of what a sign-in costs the server, and
 * what each guess at a stolen hash costs an attacker. A benchmark, never a test.
 *
 *   npm run bench:accounts [-- --hashes 50 --runs 3]
 *
 * Prints a table and writes JSON to bench/results/.
 */
import { parseArgs } from 'node:util';
import { hashPassword, passwordHashing, verifyPassword } from '../src/accounts/secrets.ts';
import {
  acrossRuns,
  describeMachine,
  figureTable,
  integerFlag,
  machine,
  sample,
  time,
  writeResults,
  type Sample,
} from './report.ts';

const { values: flags } = parseArgs({
  options: {
    hashes: { type: 'string', default: '50' },
    runs: { type: 'string', default: '1' },
  },
});
const hashes = integerFlag('hashes', flags.hashes, 1);
const runCount = integerFlag('runs', flags.runs, 1);

const password = 'kettle orchard lantern';
const stored = await hashPassword(password);
const runs: { samples: Sample[] }[] = [];
for (let run = 0; run < runCount; run++) {
  const hashTimes = await time(hashes, () => hashPassword(password));
  const verifyTimes = await time(hashes, async () => {
    if (!(await verifyPassword(stored, password))) throw new Error('the hash did not verify');
  });
  runs.push({ samples: [sample('hash', hashTimes), sample('verify (sign-in)', verifyTimes)] });
}

const summary = ['hash', 'verify (sign-in)'].map((label) =>
  acrossRuns(
    label,
    'ms',
    runs.flatMap((r) => r.samples).filter((s) => s.label === label),
  ),
);
const { memoryCost, timeCost, parallelism } = passwordHashing;
process.stdout.write(
  `argon2id, ${memoryCost} KiB, ${timeCost} passes, ${parallelism} lane(s); ` +
    `${describeMachine(machine('none'))}; ${runCount} run(s) of ${hashes}\n\n${figureTable(summary)}\n`,
);
await writeResults('accounts', 'none', { passwordHashing, hashes, runs, summary });
