/*
 * Nearest-neighbours benchmark: every council's neighbours under each openlg model, from the real
 * contextual metrics (the demo's ONS indicators, population and deprivation), in process, on a
 * new database (PGlite, or a throwaway PostgreSQL database with DATABASE_URL).
 *
 *   npm run bench:neighbours [-- --repetitions 20 --runs 3]
 *   OPENLG_PGLITE_DIR=… npm run bench:neighbours -- --store     a store `openlg demo` built
 *
 * Each run times --repetitions computations per model; the table gives the median of the runs'
 * p50 and p95 and the range of their p50. Also prints the model's agreement with the DfE
 * statistical neighbours, and writes JSON to bench/results/. A benchmark, not a test.
 */
import { parseArgs } from 'node:util';
import { GroupsService } from '../src/groups/groups.service.ts';
import { neighbourModels } from '../src/groups/models.ts';
import { nearestNeighbours } from '../src/groups/neighbours.ts';
import * as groupsRepository from '../src/groups/groups.repository.ts';
import { loadContextData } from '../src/testing/app.ts';
import {
  acrossRuns,
  describeMachine,
  figureTable,
  integerFlag,
  machine,
  markdownTable,
  sample,
  samplesOf,
  time,
  writeResults,
  type Sample,
} from './report.ts';
import { openBenchDatabase, storeFlag } from './store.ts';

const { values: flags } = parseArgs({
  options: {
    repetitions: { type: 'string', default: '20' },
    runs: { type: 'string', default: '1' },
    ...storeFlag,
  },
});
const repetitions = integerFlag('repetitions', flags.repetitions, 1);
const runCount = integerFlag('runs', flags.runs, 1);

const database = await openBenchDatabase(flags.store);
try {
  if (!flags.store) await loadContextData(database);
  const groups = new GroupsService(database.db);
  const models = [];
  for (const model of neighbourModels) {
    const areas = await groupsRepository.currentAreas(database.db, model.areaTypes);
    const rows = await groupsRepository.latestValues(
      database.db,
      model.features.map((f) => f.metric),
      model.areaTypes,
    );
    const values = new Map<string, Record<string, number>>(areas.map((a) => [a.code, {}]));
    for (const r of rows) {
      const entry = values.get(r.code);
      if (entry) entry[r.slug] = r.value;
    }
    const input = [...values].map(([code, v]) => ({ code, values: v }));
    models.push({
      model,
      input,
      label: `${model.id}: every council's ${model.k} neighbours (${input.length} councils)`,
      validation: await groups.validateAgainstDfe(model.id),
    });
  }

  for (const { model, input } of models) nearestNeighbours(input, model);
  const runs: { samples: Sample[] }[] = [];
  for (let run = 0; run < runCount; run++) {
    const samples = [];
    for (const { model, input, label } of models)
      samples.push(sample(label, await time(repetitions, () => nearestNeighbours(input, model))));
    runs.push({ samples });
  }

  const summary = models.map(({ label }) => acrossRuns(label, 'ms', samplesOf(runs, label)));
  const validation = models.map((m) => m.validation);
  process.stdout.write(
    `Nearest neighbours; ${describeMachine(machine(database.engine))}; ` +
      `${runCount} run(s) of ${repetitions} computations\n\n${figureTable(summary)}\n\n` +
      `Top-10 overlap with the DfE statistical neighbours:\n\n${markdownTable(
        ['model', 'councils', 'openlg', 'same region', 'random'],
        validation.map((v) => [
          `${v.model} ${v.version}`,
          String(v.subjects),
          v.openlg.toFixed(2),
          v.sameRegion.toFixed(2),
          v.random.toFixed(2),
        ]),
        ['l', 'r', 'r', 'r', 'r'],
      )}\n`,
  );
  await writeResults('neighbours', database.engine, { repetitions, runs, validation, summary });
} finally {
  await database.close();
}
