/*
 * Nearest-neighbours benchmark: every council's neighbours under each openlg model, from the real
 * contextual metrics (the demo's ONS indicators, population and deprivation), in process.
 *
 *   npm run bench:neighbours [-- --runs 20]
 *
 * Also prints the model's agreement with the DfE statistical neighbours. A benchmark, not a test.
 */
import { parseArgs } from 'node:util';
import { GroupsService } from '../src/groups/groups.service.ts';
import { neighbourModels } from '../src/groups/models.ts';
import { nearestNeighbours } from '../src/groups/neighbours.ts';
import * as groupsRepository from '../src/groups/groups.repository.ts';
import { openRegisterDatabase, loadContextData } from '../src/testing/app.ts';

const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Math.max(1, Number(flags.runs));

const database = await openRegisterDatabase();
try {
  await loadContextData(database);
  const groups = new GroupsService(database.db);
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
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      nearestNeighbours(input, model);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const validation = await groups.validateAgainstDfe(model.id);
    process.stdout.write(
      `${model.id} ${model.version}: ${input.length} councils, every council's ${model.k} neighbours in ` +
        `${times[Math.floor(times.length / 2)]?.toFixed(1)} ms median (${times[0]?.toFixed(1)}–${times.at(-1)?.toFixed(1)}, ${runs} runs); ` +
        `top-10 overlap with DfE statistical neighbours over ${validation.subjects} councils: ` +
        `openlg ${validation.openlg.toFixed(2)}, same region ${validation.sameRegion.toFixed(2)}, random ${validation.random.toFixed(2)}\n`,
    );
  }
} finally {
  await database.close();
}
