import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildApp } from '../../app/app.ts';
import { createServices } from '../../app/services.ts';
import { loadConfig } from '../../config/config.ts';
import { GroupsService } from '../../groups/groups.service.ts';
import { dataDir } from '../../testing/app.ts';
import { useImportDatabase } from '../../testing/fixtures.ts';
import { readDfeLait } from './dfe.reader.ts';

describe('importing the real DfE LAIT folder', () => {
  const store = useImportDatabase();

  const folder = path.join(dataDir, 'metrics/dfe-lait');

  const stored = (slug: string, area: string, period: string) =>
    store.database.db
      .selectFrom('observations as o')
      .innerJoin('metrics as m', 'm.id', 'o.metric_id')
      .innerJoin('areas as a', 'a.id', 'o.area_id')
      .innerJoin('periods as p', 'p.id', 'o.period_id')
      .select(['o.value', 'o.status', 'p.label', 'a.name'])
      .where('m.slug', '=', slug)
      .where('a.code', '=', area)
      .where('p.code', '=', period)
      .executeTakeFirstOrThrow();

  it('stores every value for an area openlg holds, and counts Inner and Outer London', async () => {
    const started = performance.now();
    const parsed = await readDfeLait(folder, dataDir);
    const readSeconds = (performance.now() - started) / 1000;
    const summary = await store.imports.run(parsed);
    process.stdout.write(
      `DfE LAIT: read ${readSeconds.toFixed(1)} s, import ${summary.seconds.toFixed(1)} s, ` +
        `${Math.round(summary.valuesInserted / summary.seconds)} values/s\n`,
    );
    assert.equal(summary.rowsRejected, 0);
    assert.equal(summary.metricsCreated, 434);
    assert.equal(summary.rowsRead, 640_900);
    // Inner and Outer London (LAIT's 987 and 988) are ONS groupings (E13) openlg does not hold:
    // 3,770 rows each, counted rather than dropped.
    assert.deepEqual(summary.rowsForAreasNotHeld, { E13: 7_540 });
    assert.equal(summary.rowsDuplicated, 0);
    assert.equal(summary.valuesInserted, 640_900 - 7_540);

    // Checked by hand against bds_long_0.parquet: row 1 (RTA, Barking and Dagenham, 2014-16,
    // "12.13"), and England's Section 47 enquiries for 2016 ("148.80000000000001").
    assert.deepEqual(await stored('dfe-rta', 'E09000002', '2014-01-01/P3Y'), {
      value: 12.13,
      status: 'ok',
      label: '2014 to 2016',
      name: 'London Borough of Barking and Dagenham',
    });
    const section47 = await stored('dfe-section-47', 'E92000001', '2015-04-01/P1Y');
    assert.deepEqual([section47.value, section47.label], [148.8, '2015/16']);
    // Yorkshire and the Humber (LAIT's 982), children looked after on 31 March 2016: row 89,072.
    assert.equal((await stored('dfe-lac', 'E12000003', '2016-03-31/P1D')).value, 63);
    // Poole (LAIT's 836), abolished in 2019, keeps its own values (row 89,354); after its
    // abolition LAIT writes "-" (row 89,694).
    assert.equal((await stored('dfe-lac', 'E06000029', '2018-03-31/P1D')).value, 63);
    const abolished = await stored('dfe-lac', 'E06000029', '2020-03-31/P1D');
    assert.deepEqual([abolished.value, abolished.status], [null, 'not-available']);
    // 815 passed from North Yorkshire County Council to the new unitary in April 2023: earlier
    // values stay with the county, later ones go to the unitary.
    assert.equal(
      (await stored('dfe-lac', 'E10000023', '2016-03-31/P1D')).name,
      'North Yorkshire County Council',
    );
    assert.ok((await stored('dfe-lac', 'E06000065', '2024-03-31/P1D')).value !== null);
    await assert.rejects(stored('dfe-lac', 'E06000065', '2016-03-31/P1D'));
  });

  it('gives the medians and ranks of the producer’s own upper-tier set, year by year', async () => {
    // The producer (DfE) publishes a figure for each upper-tier council in existence that year;
    // openlg's upper-tier group for the same year, built from the register, must compare exactly
    // those councils, with the median and ranks of the producer's published values.
    await new GroupsService(store.database.db).rebuildRegisterGroups(dataDir);
    const app = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', OPENLG_DATA_DIR: dataDir }),
      createServices(store.database),
    );
    try {
      for (let year = 2015; year <= 2022; year++) {
        const period = `${year}-04-01/P1Y`;
        const published = await store.database.db
          .selectFrom('observations as o')
          .innerJoin('metrics as m', 'm.id', 'o.metric_id')
          .innerJoin('areas as a', 'a.id', 'o.area_id')
          .innerJoin('periods as p', 'p.id', 'o.period_id')
          .select(['a.code', 'o.value'])
          .where('m.slug', '=', 'dfe-section-47')
          .where('p.code', '=', period)
          .where('o.status', '=', 'ok')
          .where('a.type', 'in', [
            'county',
            'unitary',
            'metropolitan-district',
            'london-borough',
            'sui-generis',
          ])
          .execute();
        const values = published.map((r) => r.value ?? Number.NaN).sort((a, b) => a - b);
        const middle = values.length / 2;
        const median =
          values.length % 2 === 1
            ? (values[Math.floor(middle)] ?? 0)
            : ((values[middle - 1] ?? 0) + (values[middle] ?? 0)) / 2;
        const subject = published[0]?.code ?? '';
        const response = await app.inject(
          `/api/v1/compare?metric=dfe-section-47&area=${subject}&group=tier:upper&period=${period}`,
        );
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json<{
          statistics: { n: number; median: number };
          standings: { area: string; comparable: boolean; rank?: number }[];
        }>();
        const label = `${year}/${(year + 1) % 100}`;
        assert.ok(published.length >= 148, `${label}: ${published.length} published`);
        assert.deepEqual(
          body.standings
            .filter((st) => st.comparable)
            .map((st) => st.area)
            .sort(),
          published.map((o) => o.code).sort(),
          `${label}: the councils compared are those the producer published`,
        );
        assert.equal(body.statistics.n, published.length, label);
        assert.ok(Math.abs(body.statistics.median - median) < 1e-9, `${label} median`);
        // No polarity: ranked by value, highest first, ties sharing the best rank.
        const ranks = Object.fromEntries(
          body.standings.filter((st) => st.comparable).map((st) => [st.area, st.rank]),
        );
        for (const { code, value } of published)
          assert.equal(
            ranks[code],
            1 + published.filter((o) => (o.value ?? 0) > (value ?? 0)).length,
            `${label} ${code}`,
          );
      }
    } finally {
      await app.close();
    }
  });

  it('reports 0 changed when the same folder is imported again', async () => {
    const summary = await store.imports.run(await readDfeLait(folder, dataDir));
    process.stdout.write(`DfE LAIT again: ${summary.seconds.toFixed(1)} s, nothing written\n`);
    assert.equal(summary.valuesInserted + summary.valuesUpdated, 0);
    assert.equal(summary.valuesUnchanged, 640_900 - 7_540);
    assert.equal(summary.importId, null);
  });
});
