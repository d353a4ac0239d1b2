import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { dataDir } from '../../testing/app.ts';
import { useImportDatabase } from '../../testing/fixtures.ts';
import { readOnsEls } from './els.reader.ts';

describe('importing the real ONS Explore Local Statistics folder', () => {
  const store = useImportDatabase();

  const folder = path.join(dataDir, 'metrics/ons-explore-local-statistics');

  it('stores every value openlg has an area for, and counts the rest', async () => {
    const summary = await store.imports.run(await readOnsEls(folder, dataDir));
    assert.equal(summary.rowsRejected, 0);
    assert.equal(summary.metricsCreated, 33);
    assert.ok(summary.valuesInserted > 100_000, String(summary.valuesInserted));
    // ITL regions and the UK are not areas openlg holds; they are counted, not dropped silently.
    const notHeld = Object.values(summary.rowsForAreasNotHeld).reduce((a, b) => a + b, 0);
    assert.equal(summary.valuesInserted + notHeld + summary.rowsDuplicated, summary.rowsRead);
    assert.ok((summary.rowsForAreasNotHeld.K02 ?? 0) > 0);

    const value = await store.database.db
      .selectFrom('observations as o')
      .innerJoin('metrics as m', 'm.id', 'o.metric_id')
      .innerJoin('areas as a', 'a.id', 'o.area_id')
      .innerJoin('periods as p', 'p.id', 'o.period_id')
      .select(['o.value', 'o.lci', 'o.uci', 'p.label'])
      .where('m.slug', '=', 'gcses-in-english-and-maths')
      .where('a.code', '=', 'E06000001')
      .where('p.code', '=', '2023-09-01/P1Y')
      .executeTakeFirstOrThrow();
    assert.equal(value.value, 74.064);
    assert.equal(value.label, '2023/24');
  });

  it('reports 0 changed when the same folder is imported again', async () => {
    const summary = await store.imports.run(await readOnsEls(folder, dataDir));
    assert.equal(summary.valuesInserted + summary.valuesUpdated, 0);
    assert.equal(summary.importId, null);
  });
});
