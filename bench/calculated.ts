/*
 * Calculated metrics benchmark (issue 18: "a calculated metric over every council and period
 * recomputes in ≤ 2 s"): loads the real council tax workbooks and population into a new database
 * holding the register, then times recalculating each ready-made calculated metric for every
 * area and period after one of its input values changed, through the import path as an import
 * does it (read the public inputs, calculate, stage, merge, coverage and latest values).
 * A benchmark, never a test.
 *
 *   npm run bench:calculated [-- --repetitions 5 --runs 3]
 *
 * The database comes from the environment: DATABASE_URL for a throwaway database on that
 * PostgreSQL server, otherwise PGlite. Prints a table and writes JSON to bench/results/.
 */
import path from 'node:path';
import { withCalculated } from '../src/calculated/calculated.service.ts';
import { readMhclgCtr } from '../src/imports/ctr/ctr.reader.ts';
import { ImportService } from '../src/imports/imports.service.ts';
import { demoTargets } from '../src/imports/sources.ts';
import { dataDir, openRegisterDatabase } from '../src/testing/app.ts';
import { observation, parsedSource, period } from '../src/testing/fixtures.ts';
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

const { repetitions, runs: runCount } = integerFlags({ repetitions: 5, runs: 3 });
const engine = configuredEngine();

const database = await openRegisterDatabase();
const { calculated } = withCalculated(database);
// Inputs changed without the follower, so that each timing is the recalculation alone.
const plain = new ImportService(database);
const population = (await demoTargets(dataDir)).find((t) =>
  t.mapping?.name.endsWith('mysociety-population.json'),
);
if (!population) throw new Error('the demo no longer loads the population');
await plain.run(await population.kind.read(population.target, dataDir, population.mapping));
await plain.run(
  await readMhclgCtr(path.join(dataDir, 'metrics/mhclg-council-tax/source_xlsx'), dataDir),
);
const installed = await calculated.installReadyMade();
const cells = new Map<string, number>();
for (const summary of await calculated.recompute()) cells.set(summary.source, summary.rowsRead);
// Those calculated from the council tax workbooks and the population, which this bench loads and
// changes; the children's services unit costs read DfE data it does not load.
const slugs = installed.filter((slug) => (cells.get(slug) ?? 0) > 0);
if (slugs.length === 0) throw new Error('no calculated metric has inputs in this store');

/** Hartlepool's 2020/21 requirement, set to a new value each time. */
let revision = 0;
const changeAnInput = () =>
  plain.run(
    parsedSource(
      [
        observation('E06000001', 50_000_000 + (revision += 1), {
          metricSlug: 'council-tax-requirement',
          period: period('2020-04-01/P1Y'),
        }),
      ],
      { metrics: [] },
    ),
  );

const label = (slug: string) => `recalculate ${slug} (${cells.get(slug) ?? 0} cells)`;
const runs: { samples: Sample[] }[] = [];
for (let run = 0; run < runCount; run++) {
  const samples: Sample[] = [];
  for (const slug of slugs) {
    const times: number[] = [];
    for (let i = 0; i < repetitions; i++) {
      await changeAnInput();
      const [elapsed = 0] = await time(1, async () => {
        const [summary] = await calculated.recompute([slug]);
        if (!summary || summary.valuesUpdated === 0) throw new Error(`${slug} did not change`);
      });
      times.push(elapsed);
    }
    samples.push(sample(label(slug), times));
  }
  runs.push({ samples });
}
await database.close();

const summary = slugs.map((slug) => ({
  ...acrossRuns(
    label(slug),
    'ms',
    runs.flatMap((r) => r.samples.filter((s) => s.label === label(slug))),
  ),
  target: '≤ 2 s for every council and period (18)',
}));
process.stdout.write(
  `Calculated metrics over every area and period; ${describeMachine(machine(engine))}; ` +
    `${runCount} run(s) of ${repetitions} recalculations each\n\n${figureTable(summary)}\n`,
);
await writeResults('calculated', engine, { repetitions, runs, summary });
