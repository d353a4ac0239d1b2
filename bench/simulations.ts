/*
 * Budget simulation submissions (issue 21: "sustained 500 submissions a second for 60 s with 0
 * lost or duplicated, p95 ≤ 100 ms"), through SimulationsService.submit in this process: the
 * server's own check, the insert and the aggregates in one transaction, as the resident's page
 * calls it, without HTTP, with the configured limits a browser and an address (each budget from
 * an address and browser of its own, so each is counted and none refused). Submissions start at
 * a fixed rate whatever the answers' pace (an open loop); one in 20 is sent twice at once with
 * the same idempotency key, as a retried submit.
 * Afterwards the responses and the aggregates are counted against every submission that was
 * acknowledged. A benchmark, never a test.
 *
 *   npm run bench:simulations [-- --rate 500 --seconds 60]
 *
 * On the configured store's engine (DATABASE_URL: PostgreSQL), in a new database holding the
 * register. Prints a table and writes JSON to bench/results/.
 */
import { sql } from 'kysely';
import { createServices } from '../src/app/services.ts';
import { seededRandom } from '../src/comparison/seeded-random.ts';
import { loadConfig } from '../src/config/config.ts';
import { councilTaxLevels, stepsOf, submissionProblems } from '../src/simulations/balance.ts';
import { rulesOf, simulationDefinition } from '../src/simulations/simulation.schema.ts';
import {
  exampleDefinition,
  openExampleSimulation,
} from '../src/simulations/simulations.fixture.ts';
import {
  configuredEngine,
  describeMachine,
  figureTable,
  integerFlags,
  machine,
  oneRun,
  sample,
  acrossRuns,
  writeResults,
} from './report.ts';
import { openBenchDatabase } from './store.ts';

const { rate, seconds } = integerFlags({ rate: 500, seconds: 60 });
const engine = configuredEngine();
const database = await openBenchDatabase(false);
const { simulations } = createServices(database);
const { simulationLimits } = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });

const input = exampleDefinition();
// "Balance the budget" within £1m: most random budgets on the grid may then be submitted.
await openExampleSimulation(database, 'bench', (definition) => {
  definition.target = { kind: 'balance' };
  definition.tolerancePounds = 1_000_000;
  Object.assign(input, definition);
});

/** Budgets the server accepts, drawn from the grid with a seeded generator. */
const rules = rulesOf(simulationDefinition.parse(input));
const random = seededRandom(21);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const budgets = Array.from({ length: 1000 }, () => ({
  percents: Object.fromEntries(rules.lines.map((l) => [l.id, pick(stepsOf(l))])),
  councilTaxBasisPoints: pick(councilTaxLevels(rules.councilTax)),
})).filter((budget) => submissionProblems(rules, budget).length === 0);

const total = rate * seconds;
const times: number[] = [];
const acknowledged = new Set<number>();
let failed = 0;
let replays = 0;
const started = performance.now();
const inFlight: Promise<void>[] = [];
for (let i = 0; i < total; i++) {
  const due = started + (i * 1000) / rate;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  const budget = budgets[i % budgets.length] ?? { percents: {}, councilTaxBasisPoints: 0 };
  const send = async () => {
    const sent = performance.now();
    try {
      const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const answer = await simulations.submit(
        {
          slug: 'bench',
          version: 1,
          ...budget,
          startedAt: new Date(Date.now() - 120_000),
          idempotencyKey: `bench-${String(i).padStart(8, '0')}`,
          source: `${address} bench`,
          address,
          session: `bench-session-${i}`,
        },
        simulationLimits,
      );
      times.push(performance.now() - sent);
      if (answer.recorded) acknowledged.add(answer.id);
      else replays++;
    } catch {
      failed++;
    }
  };
  inFlight.push(send());
  if (i % 20 === 0) inFlight.push(send());
}
await Promise.all(inFlight);
const elapsed = (performance.now() - started) / 1000;

const ids = [...acknowledged];
const counted = await sql<{ responses: number; present: number; aggregated: number }>`
  select (select count(*) from simulation_responses)::int as responses,
         (select count(*) from simulation_responses where id = any(${ids}))::int as present,
         (select coalesce(sum(responses), 0) from simulation_council_tax_counts)::int as aggregated
`.execute(database.db);
const { responses = 0, present = 0, aggregated = 0 } = counted.rows[0] ?? {};
await database.close();

const submits = sample('submit, end to end', times);
const summary = [
  { ...acrossRuns(submits.label, 'ms', [submits]), target: 'p95 ≤ 100 ms' },
  {
    ...oneRun('submissions a second, sustained', '/s', acknowledged.size / elapsed),
    target: '≥ 500',
  },
  { ...oneRun('acknowledged but not recorded', '', acknowledged.size - present), target: '0' },
  { ...oneRun('recorded but never acknowledged', '', responses - present), target: '0' },
  oneRun('retries answered with the first record', '', replays),
  { ...oneRun('aggregates off the responses', '', aggregated - responses), target: '0' },
  oneRun('failed submits', '', failed),
];
process.stdout.write(
  `Simulation submissions; ${describeMachine(machine(engine))}; ${rate}/s for ${seconds} s ` +
    `(${total} budgets, 1 in 20 sent twice)\n\n${figureTable(summary)}\n`,
);
await writeResults('simulations', engine, { rate, seconds, elapsed, responses, summary });
