import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { dataDir } from '../../testing/app.ts';
import { useImportDatabase } from '../../testing/fixtures.ts';
import { ecodeAreas } from './ctr.catalogue.ts';
import { readMhclgCtr } from './ctr.reader.ts';

describe('importing the real Council Tax Requirement workbooks', () => {
  const store = useImportDatabase();

  const folder = path.join(dataDir, 'metrics/mhclg-council-tax/source_xlsx');

  const value = (slug: string, code: string, period: string) =>
    store.database.db
      .selectFrom('observations as o')
      .innerJoin('metrics as m', 'm.id', 'o.metric_id')
      .innerJoin('areas as a', 'a.id', 'o.area_id')
      .innerJoin('periods as p', 'p.id', 'o.period_id')
      .select(['o.value', 'o.status', 'p.label'])
      .where('m.slug', '=', slug)
      .where('a.code', '=', code)
      .where('p.code', '=', period)
      .executeTakeFirst();

  it('stores every figure openlg has an area for, and counts the police figures it has not', async () => {
    const summary = await store.imports.run(await readMhclgCtr(folder, dataDir));
    assert.deepEqual(summary.rejected, []);
    assert.equal(summary.metricsCreated, 6);
    // Police and crime commissioners precept over police force areas, which openlg does not hold.
    assert.deepEqual(Object.keys(summary.rowsForAreasNotHeld), ['E23']);
    const notHeld = summary.rowsForAreasNotHeld.E23 ?? 0;
    assert.ok(notHeld > 1500, String(notHeld));
    assert.equal(summary.valuesInserted + notHeld + summary.rowsDuplicated, summary.rowsRead);
    assert.match(
      summary.notes.join('\n'),
      /Hampshire Combined Fire Authority \(E31000017, merged away before 2024/,
    );
  });

  it('lands the figures on councils, fire authorities, England and the GLA', async () => {
    const y2015 = '2015-04-01/P1Y';
    assert.deepEqual(
      await value('band-d-council-tax-including-parish-precepts', 'E07000223', y2015),
      {
        value: 289.63,
        status: 'ok',
        label: '2015/16',
      },
    );
    assert.equal((await value('council-tax-requirement', 'E07000223', y2015))?.value, 5837720);
    // Avon's fire authority, found by the catalogue in 2015-16 and by the sheet's code in 2022-23.
    assert.equal(
      (await value('band-d-council-tax-including-parish-precepts', 'E31000001', y2015))?.value,
      66.6,
    );
    assert.equal(
      (await value('band-d-council-tax-including-parish-precepts', 'E31000001', '2022-04-01/P1Y'))
        ?.value,
      77.95,
    );
    // Aylesbury Vale, abolished in 2020, keeps its own figures.
    assert.equal((await value('council-tax-requirement', 'E07000004', y2015))?.value, 14468707);
    assert.equal(
      (await value('band-d-council-tax-including-parish-precepts', 'E92000001', y2015))?.value,
      1483.58,
    );
    assert.equal(
      (await value('band-d-council-tax-including-parish-precepts', 'E61000001', '2022-04-01/P1Y'))
        ?.value,
      395.59,
    );
    assert.deepEqual(await value('parish-precepts', 'E31000001', y2015), {
      value: null,
      status: 'not-applicable',
      label: '2015/16',
    });
  });

  it('reports 0 changed when the same workbooks are imported again', async () => {
    const summary = await store.imports.run(await readMhclgCtr(folder, dataDir));
    assert.equal(summary.valuesInserted + summary.valuesUpdated, 0);
    assert.equal(summary.rowsRejected, 0);
    assert.equal(summary.importId, null);
  });

  it('has a catalogue that agrees with the register', async () => {
    const held = new Set(
      (await store.database.db.selectFrom('areas').select('code').execute()).map((a) => a.code),
    );
    const byEcode = new Map(
      (
        await store.database.db
          .selectFrom('area_identifiers')
          .select(['identifier', 'area_code'])
          .where('scheme', '=', 'mhclg-ecode')
          .execute()
      ).map((i) => [i.identifier, i.area_code]),
    );
    for (const [ecode, { gss, notInRegister }] of Object.entries(ecodeAreas)) {
      const where = `${ecode} ${gss}`;
      // Once the register holds an authority listed as missing, its figures should be imported.
      if (notInRegister) assert.ok(!held.has(gss), `${where} is now in the register`);
      else if (gss.startsWith('E23')) assert.ok(!held.has(gss), `${where}: police areas are held`);
      else assert.ok(held.has(gss), `${where} is not in the register`);
      const registered = byEcode.get(ecode);
      assert.ok(
        registered === undefined || registered === gss,
        `${where}: register has ${registered}`,
      );
    }
  });
});
